package org.schemenet.spark;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.schemenet.engine.TrainingEngine;
import org.schemenet.run.InputException;
import org.schemenet.run.RunDirectory;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;

/**
 * The Spark engine: checks the master, the worker count and the JVM flags, starts the Spark context
 * (scratch files in the run directory), waits until the cluster has a task slot for every worker,
 * and trains through {@link SparkFitting}: {@code --spark-workers} W workers, {@code --batch-size}
 * images per worker and minibatch, parameters averaged after every round ({@code --spark-mode
 * averaging}) or updates shared ({@code --spark-mode shared-gradients}, experimental: UDP port
 * {@code -Dschemenet.spark.port}, default {@link SparkSettings#DEFAULT_PORT}, the driver as the mesh
 * controller). When the run ends it prints how many tasks each executor ran.
 */
public final class SparkEngine implements TrainingEngine {

    /** The command that continues a Spark run: this build's launcher. */
    static String launcher() {
        String home = System.getProperty("schemenet.home");
        return (home == null ? "" : home + "/") + "framework/spark/bin/runner-spark";
    }

    @Override
    public Engine open(RunSettings config, Path runDirectory) {
        String spark = config.get(Settings.SPARK);
        if (spark == null) {
            throw new InputException("the Spark engine needs --spark MASTER (e.g. --spark local[2], --spark "
                    + "spark://HOST:7077)");
        }
        SparkMaster master;
        SparkMode mode;
        try {
            master = new SparkMaster(spark);
            mode = SparkMode.parse(config.get(Settings.SPARK_MODE));
            JavaOpens.require();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InputException("--spark " + spark + ": " + e.getMessage(), e);
        }
        int workers = workers(config);
        SparkData data = SparkData.of(config);
        int batch = config.integer(Settings.BATCH_SIZE);
        JavaSparkContext sc = SparkContexts.open(master, "schemenet " + runDirectory.getFileName(),
                runDirectory.resolve(RunDirectory.SPARK_TMP), config.integer(Settings.THREADS), true);
        try {
            TaskCounts tasks = TaskCounts.of(sc);
            int slots = SparkContexts.awaitSlots(sc, workers, "--spark-workers " + workers);
            CifarBatches batches = CifarBatches.list(sc.hadoopConfiguration(), data.training(), config.get(Settings.SEED),
                    true, batch);
            String controller = master.local() ? "127.0.0.1" : sc.getConf().get("spark.driver.host", "127.0.0.1");
            SparkFitting fitting = new SparkFitting(sc, new SparkSettings(master, mode, batch, workers, port(),
                    controller), batches, config.get(Settings.SEED));
            String how = mode == SparkMode.AVERAGING ? "parameter averaging, " + workers + " workers x " + batch
                    + " images per averaging round" : "gradient sharing (experimental), " + workers + " workers x "
                    + batch + " images per step, Aeron port " + port() + ", controller " + controller;
            return new Engine(fitting, "Spark " + master.url() + ", " + how + " (" + slots + " task slots)", () -> {
                System.out.println("spark: " + tasks);
                System.out.flush();
                SparkContexts.stop(sc);
            }, launcher());
        } catch (RuntimeException e) {
            SparkContexts.stop(sc);
            throw e;
        }
    }

    /** The Aeron port of gradient sharing: {@code -Dschemenet.spark.port}, else {@link SparkSettings#DEFAULT_PORT}. */
    private static int port() {
        return Integer.getInteger("schemenet.spark.port", SparkSettings.DEFAULT_PORT);
    }

    /**
     * The run's {@code --spark-workers}, or one message saying it is needed (the data source, which opens first,
     * and the engine ask the same question with the same answer).
     */
    static int workers(RunSettings config) {
        Long w = config.get(Settings.SPARK_WORKERS);
        if (w == null) {
            throw new InputException("--spark " + config.get(Settings.SPARK) + ": give --spark-workers N, the number of"
                    + " data-parallel workers (one task slot each; every round trains N batches of --batch-size, so N"
                    + " is part of the run's arithmetic and recorded in config.toml)");
        }
        return Math.toIntExact(w);
    }
}
