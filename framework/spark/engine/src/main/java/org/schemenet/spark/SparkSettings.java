package org.schemenet.spark;

/**
 * A Spark training run's engine settings.
 *
 * @param master             where the executors are
 * @param mode               how their work is combined
 * @param batchSizePerWorker images per minibatch on each worker (W workers: W × this per averaging round)
 * @param workers            W: batches per round, one task each ({@code --spark-workers})
 * @param port               gradient sharing: the UDP port of the Aeron mesh on every node
 * @param controller         gradient sharing: the address of the mesh's controller (the driver)
 */
public record SparkSettings(SparkMaster master, SparkMode mode, int batchSizePerWorker, int workers, int port,
                            String controller) {

    /** The default Aeron port of DL4J's gradient sharing. */
    public static final int DEFAULT_PORT = 40123;

    /** Parameter averaging, or gradient sharing on {@link #DEFAULT_PORT} with the controller on 127.0.0.1. */
    public SparkSettings(SparkMaster master, SparkMode mode, int batchSizePerWorker, int workers) {
        this(master, mode, batchSizePerWorker, workers, DEFAULT_PORT, "127.0.0.1");
    }

    public SparkSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the gradient-sharing port must be in 1..65535, got " + port);
        }
        if (master == null || mode == null) {
            throw new IllegalArgumentException("a Spark run needs a master and a mode");
        }
        if (batchSizePerWorker < 1) {
            throw new IllegalArgumentException("batch size per worker must be >= 1, got " + batchSizePerWorker);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("the number of Spark workers must be >= 1, got " + workers);
        }
    }
}
