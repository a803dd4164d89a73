package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final double TOLERANCE = 1e-6;
    // image 0 of TestImages.patterned: p(c, y, x) = (3c + 5y + 7x) mod 256, except p(0,0,0) = p(1,0,0) = 0
    private final ImageSet image = TestImages.patterned(3);

    @Test
    void normalisationMatchesHandComputedValues() {
        Normalisation n = Normalisation.CIFAR10;
        assertEquals((1 - 0.4914) / 0.2470, n.apply(0, 255), TOLERANCE);   // 2.0591093
        assertEquals(2.0591093, n.apply(0, 255), 1e-6);
        assertEquals(-1.9802875, n.apply(1, 0), 1e-6);                   // -0.4822 / 0.2435
        assertEquals(-0.9422783, n.apply(2, 51), 1e-6);                  // (0.2 - 0.4465) / 0.2616
    }

    @Test
    void normalisationAsTransformWritesEveryPixelInChannelMajorOrder() {
        float[] out = new float[3072 + 5];
        Normalisation.CIFAR10.apply(image, 0, out, 5, new SplittableRandom(1));
        assertEquals(-1.9894737, out[5], 1e-6);                          // R(0,0) = 0
        assertEquals((7 / 255.0 - 0.4914) / 0.2470, out[5 + 1], TOLERANCE);            // R(0,1) = 7
        assertEquals((148 / 255.0 - 0.4465) / 0.2616, out[5 + 2048 + 6 * 32 + 16], TOLERANCE); // B(6,16) = 148
        assertEquals(0.5118202, out[5 + 2048 + 6 * 32 + 16], 1e-6);
        assertEquals(0f, out[0]);
    }

    @Test
    void cropWithoutShiftPutsTheImageInTheLowerRightAndTheBorderAtZero() {
        Augmentation a = Augmentation.standard();
        float[] out = new float[3072];
        a.crop(image, 0, out, 0, 0, 0, false);           // out(c, y, x) = p(c, y - 4, x - 4)
        assertEquals(0f, out[0]);                          // R(0,0): border
        assertEquals(0f, out[3 * 32 + 31]);                // R(3,31): border row
        assertEquals(0f, out[1024 + 20 * 32 + 3]);         // G(20,3): border column
        assertEquals(-1.9894737, out[4 * 32 + 4], 1e-6);  // R(4,4) = p(0,0,0) = 0
        assertEquals(0.5118202, out[2048 + 10 * 32 + 20], 1e-6); // B(10,20) = p(2,6,16) = 148
    }

    @Test
    void flippedCropReadsMirroredColumns() {
        Augmentation a = Augmentation.standard();
        float[] out = new float[3072];
        a.crop(image, 0, out, 0, 8, 8, true);            // out(c, y, x) = p(c, y + 4, 35 - x)
        assertEquals(1.8849136, out[1024 + 4], 1e-6);     // G(0,4) = p(1,4,31) = 3 + 20 + 217 = 240
        assertEquals(0f, out[1024 + 3]);                   // G(0,3): column 32 is border
        assertEquals(0f, out[1024 + 28 * 32 + 10]);        // G(28,10): row 32 is border
        assertEquals(Normalisation.CIFAR10.apply(0, (3 * 0 + 5 * 9 + 7 * 20) % 256), out[5 * 32 + 15], 1e-6);
    }

    @Test
    void blackFillPadsWithTheNormalisedValueOfAZeroPixel() {
        Augmentation a = new Augmentation(4, 0.5, PadFill.BLACK, Normalisation.CIFAR10);
        float[] out = new float[3072];
        a.crop(image, 0, out, 0, 0, 0, false);
        assertEquals(-0.4914 / 0.2470, out[0], 1e-6);
        assertEquals(-0.4822 / 0.2435, out[1024], 1e-6);
        assertEquals(-0.4465 / 0.2616, out[2048 + 31], 1e-6);
    }

    /** The reference algorithm written out plainly: normalise, pad a 40x40 copy with zeros, crop, then flip. */
    @Test
    void everyOffsetAndFlipMatchesPadThenCropThenFlip() {
        Augmentation a = Augmentation.standard();
        float[] out = new float[3072];
        for (int dy = 0; dy <= 8; dy++) {
            for (int dx = 0; dx <= 8; dx++) {
                for (boolean flip : new boolean[] {false, true}) {
                    a.crop(image, 0, out, 0, dx, dy, flip);
                    for (int c = 0; c < 3; c++) {
                        float[][] padded = new float[40][40];
                        for (int y = 0; y < 32; y++) {
                            for (int x = 0; x < 32; x++) {
                                padded[y + 4][x + 4] = Normalisation.CIFAR10.apply(c, image.pixel(0, c, y, x));
                            }
                        }
                        for (int y = 0; y < 32; y++) {
                            for (int x = 0; x < 32; x++) {
                                float cropped = padded[dy + y][dx + (flip ? 31 - x : x)];
                                assertEquals(cropped, out[c * 1024 + y * 32 + x], 1e-6,
                                        "dx=" + dx + " dy=" + dy + " flip=" + flip + " at " + c + "," + y + "," + x);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void applyDrawsDxThenDyThenFlipFromTheGenerator() {
        Augmentation a = Augmentation.standard();
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom draws = new SplittableRandom(seed);
            int dx = draws.nextInt(9);
            int dy = draws.nextInt(9);
            boolean flip = draws.nextDouble() < 0.5;
            float[] expected = new float[3072];
            a.crop(image, 0, expected, 0, dx, dy, flip);
            float[] actual = new float[3072];
            a.apply(image, 0, actual, 0, new SplittableRandom(seed));
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void aboutHalfTheImagesAreFlipped() {
        Augmentation a = Augmentation.standard();
        float[] out = new float[3072];
        float[] unflipped = new float[3072];
        int flipped = 0;
        int draws = 4000;
        for (long seed = 0; seed < draws; seed++) {
            a.apply(image, 0, out, 0, new SplittableRandom(seed));
            SplittableRandom same = new SplittableRandom(seed);
            a.crop(image, 0, unflipped, 0, same.nextInt(9), same.nextInt(9), false);
            if (!java.util.Arrays.equals(out, unflipped)) {
                flipped++;
            }
        }
        double rate = flipped / (double) draws;
        assertTrue(rate > 0.46 && rate < 0.54, "flip rate " + rate);
    }

    @Test
    void constructorRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, 0.5, PadFill.BLACK,
                Normalisation.CIFAR10));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(4, 1.5, PadFill.BLACK,
                Normalisation.CIFAR10));
        assertThrows(IllegalArgumentException.class, () -> new Normalisation(new double[] {0, 0, 0},
                new double[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.standard().crop(image, 0, new float[3072],
                0, 9, 0, false));
    }
}
