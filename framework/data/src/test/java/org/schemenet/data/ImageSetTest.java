package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSetTest {

    @Test
    void balancedSubsetTakesTheFirstOfEachClassInOrder() {
        // labels: 0 0 1 0 1 2 ... ; ids encode the original index
        ImageSet set = TestImages.patterned(0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        ImageSet sub = set.balancedSubset(12, "training subset"); // 2 of classes 0 and 1, 1 of the others

        assertArrayEquals(new byte[] {0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sub.labels());
        int[] originals = new int[sub.size()];
        for (int i = 0; i < sub.size(); i++) {
            originals[i] = sub.pixel(i, 0, 0, 0) + 256 * sub.pixel(i, 1, 0, 0);
        }
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12}, originals);
        assertEquals(set.pixel(12, 2, 5, 7), sub.pixel(11, 2, 5, 7));
    }

    @Test
    void balancedSubsetOfAllImagesIsTheSet() {
        ImageSet set = TestImages.cycling(30);
        assertSame(set, set.balancedSubset(30, "test subset"));
    }

    @Test
    void tooFewImagesOfAClassIsNamed() {
        ImageSet set = TestImages.patterned(0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0);
        DataSetException e = assertThrows(DataSetException.class, () -> set.balancedSubset(12, "training subset"));
        assertEquals("training subset 12: needs 2 images of class 1 but the data set has only 1 (class counts"
                + " [4, 1, 1, 1, 1, 1, 1, 1, 1, 1])", e.getMessage());
    }

    @Test
    void badSubsetSizesAreNamed() {
        ImageSet set = TestImages.cycling(20);
        assertEquals("test subset 0: must be a positive number of images",
                assertThrows(DataSetException.class, () -> set.balancedSubset(0, "test subset")).getMessage());
        assertEquals("test subset 21: the data set has only 20 images",
                assertThrows(DataSetException.class, () -> set.balancedSubset(21, "test subset")).getMessage());
    }

    @Test
    void constructorRejectsInconsistentArrays() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[3071], new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[3072], new byte[] {10}));
    }
}
