package org.schemenet.spark;

/**
 * A Spark training run's engine settings.
 *
 * @param master             where the executors are
 * @param mode               how their work is combined
 * @param batchSizePerWorker images per minibatch on each worker (N workers: N × this per averaging round)
 * @param averagingFrequency minibatches each worker fits between two averagings (1: every step is averaged)
 */
public record SparkSettings(SparkMaster master, SparkMode mode, int batchSizePerWorker, int averagingFrequency) {
    public SparkSettings {
        if (master == null || mode == null) {
            throw new IllegalArgumentException("a Spark run needs a master and a mode");
        }
        if (batchSizePerWorker < 1) {
            throw new IllegalArgumentException("batch size per worker must be >= 1, got " + batchSizePerWorker);
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be >= 1, got " + averagingFrequency);
        }
    }
}
