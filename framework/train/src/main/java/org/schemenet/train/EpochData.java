package org.schemenet.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The data of a training run, by epoch. The batches of epoch {@code e} must depend only on the
 * run's seed and {@code e} (a fresh seeded shuffle and augmentation per epoch), so that a resumed
 * run sees exactly the batches an uninterrupted run would have seen.
 */
public interface EpochData {

    /**
     * The training batches of epoch {@code epoch} (0-based), starting at batch {@code firstBatch}
     * (0 normally; later when a run resumes from a checkpoint written mid-epoch).
     */
    DataSetIterator trainingBatches(int epoch, int firstBatch);

    /** The test batches (no augmentation, fixed order). */
    DataSetIterator testBatches();

    /** Training images per epoch (for progress and ETA). */
    long trainingImages();
}
