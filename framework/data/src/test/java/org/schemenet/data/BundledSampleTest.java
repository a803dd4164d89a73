package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BundledSampleTest {

    @Test
    void theSampleIsBalancedAndIdentifiable() {
        Cifar10 sample = BundledSample.load();

        assertEquals(2000, sample.train().size());
        assertEquals(500, sample.test().size());
        assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, sample.train().classCounts());
        assertArrayEquals(new int[] {50, 50, 50, 50, 50, 50, 50, 50, 50, 50}, sample.test().classCounts());
        assertEquals(Cifar10Layout.CLASS_NAMES, sample.classes());
        DataSetDescription d = sample.description();
        assertEquals("cifar-10-sample", d.name());
        assertEquals(BundledSample.SHA256, d.sha256());
        assertEquals("bundled sample (classpath:org/schemenet/data/sample)", d.source());
        assertTrue(d.note().contains("JPEG"), d.note());
        assertEquals("cifar-10-sample", d.toMap().get("name"));
        assertEquals(2000, d.toMap().get("trainImages"));
    }

    @Test
    void eachTrainingBatchHoldsFourHundredRecordsInTheOfficialLayout() throws IOException {
        for (String name : Cifar10Layout.TRAINING_FILES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/schemenet/data/sample/" + name)) {
                assertNotNull(in, name);
                assertEquals(400 * 3073, in.readAllBytes().length, name);
            }
        }
    }

    @Test
    void theReadmeSaysThePixelsAreNotTheOfficialOnes() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/schemenet/data/sample/README.txt")) {
            String readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(readme.contains("JPEG-rebuilt"), readme);
            assertTrue(readme.contains("NOT bit-identical"), readme);
        }
    }

    @Test
    void subsetsOfTheSampleKeepTheSourceChecksumAndSayTheyAreSubsets() {
        Cifar10 quick = BundledSample.load().subset(100, 50);
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, quick.train().classCounts());
        assertEquals(100, quick.description().trainImages());
        assertEquals(2000, quick.description().availableTrainImages());
        assertEquals(BundledSample.SHA256, quick.description().sha256());
        assertTrue(quick.description().isSubset());
        assertTrue(quick.description().summaryLine().startsWith(
                "cifar-10-sample (bundled sample (classpath:org/schemenet/data/sample), 100 of 2000 train / 50 of 500"
                        + " test images, sha256 3a4f19f1992a)"), quick.description().summaryLine());
    }
}
