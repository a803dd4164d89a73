package org.schemenet.spark;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.runner.TrainingEngine;
import org.schemenet.runner.UsageException;

/**
 * The Spark engine of {@link SparkMain}: checks the master and the JVM flags, starts the Spark
 * context (scratch files in the run directory) and trains through {@link SparkFitting}, one worker
 * per executor core, {@code --batch-size} images per worker and minibatch, parameters averaged
 * after every minibatch ({@code --spark-mode averaging}) or updates shared
 * ({@code --spark-mode shared-gradients}, UDP port {@code -Dschemenet.spark.port} (default
 * {@link SparkSettings#DEFAULT_PORT}), the driver as the
 * mesh controller: 127.0.0.1 for local masters, else {@code spark.driver.host}).
 */
public final class SparkEngine implements TrainingEngine {

    @Override
    public Engine open(RunSettings config, Path runDirectory) {
        String spark = config.get(Settings.SPARK);
        if (spark == null) {
            throw new UsageException("this is the Spark entry point: give --spark MASTER (e.g. --spark local[2], "
                    + "--spark spark://HOST:7077), or use runner/bin/runner for a local run");
        }
        SparkMaster master;
        SparkMode mode;
        try {
            master = new SparkMaster(spark);
            mode = SparkMode.parse(config.get(Settings.SPARK_MODE));
            JavaOpens.require();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException("--spark " + spark + ": " + e.getMessage(), e);
        }
        SparkData data = SparkData.of(config);
        JavaSparkContext sc = SparkContexts.open(master, runDirectory);
        try {
            long images = SparkEpochData.countRecords(sc.hadoopConfiguration(), data.training());
            CifarRecords records = new CifarRecords(sc, data.training(), config.get(Settings.SEED), true);
            String controller = master.local() ? "127.0.0.1" : sc.getConf().get("spark.driver.host", "127.0.0.1");
            SparkFitting fitting = new SparkFitting(sc, new SparkSettings(master, mode, config.integer(Settings.BATCH_SIZE), 1,
                    port(), controller), records, images, config.get(Settings.SEED));
            int workers = sc.defaultParallelism();
            String how = mode == SparkMode.AVERAGING ? "parameter averaging, " + workers + " workers x "
                    + config.integer(Settings.BATCH_SIZE) + " images per averaging round"
                    : "gradient sharing, " + workers + " workers x " + config.integer(Settings.BATCH_SIZE) + " images per step, Aeron "
                    + "port " + port();
            return new Engine(fitting, "Spark " + master.url() + ", " + how, sc::stop);
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /** The Aeron port of gradient sharing: {@code -Dschemenet.spark.port}, else {@link SparkSettings#DEFAULT_PORT}. */
    private static int port() {
        return Integer.getInteger("schemenet.spark.port", SparkSettings.DEFAULT_PORT);
    }
}
