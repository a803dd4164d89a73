package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

class Cifar10IteratorTest {
    private final ImageSet images = TestImages.cycling(50);

    private Cifar10Iterator plain(int batch, boolean shuffle, long seed) {
        return new Cifar10Iterator(images, batch, Normalisation.CIFAR10, shuffle, seed, 2, TestImages.classes());
    }

    private Cifar10Iterator augmented(long seed) {
        return new Cifar10Iterator(images, 16, Augmentation.standard(), true, seed, 2, TestImages.classes());
    }

    /** The image indices of one epoch, in the order served. */
    private static List<Integer> epochIds(Cifar10Iterator it) {
        List<Integer> ids = new ArrayList<>();
        while (it.hasNext()) {
            float[] x = it.next().getFeatures().data().asFloat();
            for (int j = 0; j < x.length / 3072; j++) {
                ids.add(TestImages.identify(x, j * 3072));
            }
        }
        return ids;
    }

    private static List<float[]> epochFeatures(Cifar10Iterator it) {
        List<float[]> batches = new ArrayList<>();
        while (it.hasNext()) {
            batches.add(it.next().getFeatures().data().asFloat());
        }
        return batches;
    }

    @Test
    void batchesAreNchwFloatsWithOneHotLabelsAndAShortLastBatch() {
        try (Cifar10Iterator it = plain(16, false, 1)) {
            assertEquals(16, it.batch());
            assertEquals(10, it.totalOutcomes());
            assertEquals(3072, it.inputColumns());
            assertEquals(Cifar10Layout.CLASS_NAMES, it.getLabels());
            assertTrue(it.resetSupported());
            assertFalse(it.asyncSupported());
            assertEquals(4, it.batchesPerEpoch());

            DataSet first = it.next();
            assertArrayEquals(new long[] {16, 3, 32, 32}, first.getFeatures().shape());
            assertArrayEquals(new long[] {16, 10}, first.getLabels().shape());
            assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, first.getFeatures().dataType());
            // image 13 (label 3) is example 13: one-hot row, and its pixel B(6,16) = (13 + 6 + 30 + 112) mod 256 = 161
            assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, first.getLabels().getRow(13).toFloatVector());
            assertEquals((161 / 255.0 - 0.4465) / 0.2616, first.getFeatures().getDouble(13, 2, 6, 16), 1e-6);
            it.next();
            it.next();
            DataSet last = it.next();
            assertArrayEquals(new long[] {2, 3, 32, 32}, last.getFeatures().shape());
            assertFalse(it.hasNext());
            assertThrows(java.util.NoSuchElementException.class, it::next);
        }
    }

    @Test
    void withoutShufflingTheStoredOrderIsServed() {
        try (Cifar10Iterator it = plain(7, false, 1)) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add(i);
            }
            assertEquals(expected, epochIds(it));
            it.reset();
            assertEquals(expected, epochIds(it));
        }
    }

    @Test
    void everyEpochVisitsEveryImageOnceInANewOrder() {
        try (Cifar10Iterator it = plain(16, true, 42)) {
            List<List<Integer>> epochs = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                assertEquals(e, it.epoch());
                List<Integer> ids = epochIds(it);
                List<Integer> sorted = new ArrayList<>(ids);
                sorted.sort(null);
                for (int i = 0; i < 50; i++) {
                    assertEquals(i, sorted.get(i));
                }
                epochs.add(ids);
                it.reset();
            }
            assertNotEquals(epochs.get(0), epochs.get(1));
            assertNotEquals(epochs.get(1), epochs.get(2));
            assertNotEquals(epochs.get(0), epochs.get(2));
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedDifferentOnes() {
        try (Cifar10Iterator a = augmented(5); Cifar10Iterator b = augmented(5); Cifar10Iterator c = augmented(6)) {
            for (int e = 0; e < 2; e++) {
                List<float[]> fa = epochFeatures(a);
                List<float[]> fb = epochFeatures(b);
                List<float[]> fc = epochFeatures(c);
                assertEquals(fa.size(), fb.size());
                for (int k = 0; k < fa.size(); k++) {
                    assertArrayEquals(fa.get(k), fb.get(k), "epoch " + e + " batch " + k);
                }
                assertFalse(Arrays.equals(fa.get(0), fc.get(0)));
                a.reset();
                b.reset();
                c.reset();
            }
        }
    }

    @Test
    void augmentationDiffersBetweenEpochsEvenForTheSameImage() {
        // one image, no shuffling: only the augmentation stream can change the features
        ImageSet one = TestImages.patterned(4);
        try (Cifar10Iterator it = new Cifar10Iterator(one, 1, Augmentation.standard(), false, 9, 1,
                TestImages.classes())) {
            Set<String> seen = new java.util.HashSet<>();
            for (int e = 0; e < 8; e++) {
                seen.add(Arrays.toString(it.next().getFeatures().data().asFloat()));
                it.reset();
            }
            assertTrue(seen.size() >= 6, "distinct crops over 8 epochs: " + seen.size());
        }
    }

    @Test
    void aResumedRunSeesTheSameDataAsAnUninterruptedOne() {
        List<List<float[]>> uninterrupted = new ArrayList<>();
        try (Cifar10Iterator it = augmented(11)) {
            for (int e = 0; e < 3; e++) {
                uninterrupted.add(epochFeatures(it));
                it.reset();
            }
        }
        try (Cifar10Iterator resumed = augmented(11)) {
            resumed.setEpoch(2);
            List<float[]> epoch2 = epochFeatures(resumed);
            for (int k = 0; k < epoch2.size(); k++) {
                assertArrayEquals(uninterrupted.get(2).get(k), epoch2.get(k));
            }
            resumed.seek(1, 2);
            assertEquals(1, resumed.epoch());
            List<float[]> tail = epochFeatures(resumed);
            assertEquals(uninterrupted.get(1).size() - 2, tail.size());
            for (int k = 0; k < tail.size(); k++) {
                assertArrayEquals(uninterrupted.get(1).get(k + 2), tail.get(k));
            }
        }
    }

    @Test
    void resetBeforeAnyBatchDoesNotSkipAnEpoch() {
        try (Cifar10Iterator it = plain(16, true, 3)) {
            it.reset();
            it.reset();
            assertEquals(0, it.epoch());
            it.next();
            it.reset();
            assertEquals(1, it.epoch());
        }
    }

    @Test
    void thePreProcessorIsAppliedToEveryBatch() {
        try (Cifar10Iterator it = plain(16, false, 1); Cifar10Iterator reference = plain(16, false, 1)) {
            DataSetPreProcessor doubling = ds -> ds.getFeatures().muli(2);
            assertNull(it.getPreProcessor());
            it.setPreProcessor(doubling);
            assertSame(doubling, it.getPreProcessor());
            while (it.hasNext()) {
                float[] expected = reference.next().getFeatures().data().asFloat();
                float[] actual = it.next().getFeatures().data().asFloat();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(2 * expected[i], actual[i], 1e-6);
                }
            }
        }
    }

    @Test
    void batchesArePreparedOnABackgroundThread() {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        ImageTransform recording = (set, index, out, offset, random) -> {
            workers.add(Thread.currentThread());
            Normalisation.CIFAR10.apply(set, index, out, offset, random);
        };
        try (Cifar10Iterator it = new Cifar10Iterator(images, 10, recording, true, 1, 2, TestImages.classes())) {
            while (it.hasNext()) {
                it.next();
            }
        }
        assertEquals(1, workers.size());
        assertNotSame(Thread.currentThread(), workers.iterator().next());
    }

    @Test
    void aFailureOnTheBackgroundThreadReachesTheConsumerAfterTheGoodBatches() {
        ImageTransform failing = (set, index, out, offset, random) -> {
            if (index == 37) {
                throw new IllegalStateException("image 37 is cursed");
            }
            Normalisation.CIFAR10.apply(set, index, out, offset, random);
        };
        try (Cifar10Iterator it = new Cifar10Iterator(images, 10, failing, false, 1, 2, TestImages.classes())) {
            it.next();
            it.next();
            it.next();
            DataSetException e = assertThrows(DataSetException.class, it::next);
            assertEquals("preparing batch 3 of epoch 0 failed: java.lang.IllegalStateException: image 37 is cursed",
                    e.getMessage());
            assertEquals("image 37 is cursed", e.getCause().getMessage());
            assertNull(it.producerThread());
        }
    }

    @Test
    void noThreadOutlivesAnEpochOrAClose() throws InterruptedException {
        Cifar10Iterator it = plain(5, true, 1);
        it.next();
        Thread running = it.producerThread();
        it.close();
        assertFalse(running.isAlive(), "stopped mid-epoch by close()");
        assertNull(it.producerThread());

        it.reset();
        it.next();
        Thread second = it.producerThread();
        while (it.hasNext()) {
            it.next();
        }
        assertFalse(second.isAlive(), "ended with the epoch's last batch");

        it.setEpoch(4);
        it.next();
        Thread third = it.producerThread();
        it.seek(0, 0);
        assertFalse(third.isAlive(), "stopped by seek");
        String prefix = "schemenet-cifar10-prefetch@" + Integer.toHexString(System.identityHashCode(it));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith(prefix), "leaked " + t.getName());
        }
    }

    @Test
    void onlyTheConfiguredBatchSizeIsServed() {
        try (Cifar10Iterator it = plain(16, false, 1)) {
            assertEquals(16, it.next(16).numExamples());
            assertThrows(UnsupportedOperationException.class, () -> it.next(8));
        }
    }

    @Test
    void theFactoriesGiveTheRecipe() {
        try (Cifar10Iterator train = Cifar10Iterator.training(images, 8, 1, TestImages.classes());
             Cifar10Iterator test = Cifar10Iterator.test(images, 8, TestImages.classes())) {
            assertNotEquals(Arrays.stream(train.order(0)).boxed().toList(),
                    Arrays.stream(test.order(0)).boxed().toList());
            assertArrayEquals(java.util.stream.IntStream.range(0, 50).toArray(), test.order(3));
        }
    }
}
