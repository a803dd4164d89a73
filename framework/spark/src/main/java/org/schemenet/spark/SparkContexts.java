package org.schemenet.spark;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the Spark context of a run, with the settings DL4J Spark needs. */
public final class SparkContexts {
    private SparkContexts() {
    }

    /**
     * A context for {@code master} whose scratch files (DL4J's exported minibatches under
     * {@code hadoop.tmp.dir}, Spark's local dir) live in the run directory. Kryo with ND4J's
     * registrator serialises arrays; a local master binds to 127.0.0.1 and has no web UI.
     *
     * @throws IllegalStateException when the JVM lacks the {@link JavaOpens} flags
     */
    public static JavaSparkContext open(SparkMaster master, Path runDirectory) {
        JavaOpens.require();
        Path scratch = runDirectory.toAbsolutePath().resolve("spark-tmp");
        aeronDefaults(scratch);
        SparkConf conf = new SparkConf()
                .setMaster(master.url())
                .setAppName("schemenet " + runDirectory.getFileName())
                .set("spark.hadoop.hadoop.tmp.dir", scratch.toString())
                .set("spark.local.dir", scratch.resolve("local").toString())
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        if (master.local()) {
            conf.set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false");
        }
        return new JavaSparkContext(conf);
    }

    /**
     * Gradient sharing runs over Aeron 1.32, which rejects DL4J's publication settings unless the
     * unblock timeout is raised, and keeps its files in {@code aeron.dir}: both are set for this JVM
     * (the driver, and the executors of a local master) unless given with -D. Executors on a cluster
     * need them in {@code spark.executor.extraJavaOptions}.
     */
    static void aeronDefaults(Path scratch) {
        if (System.getProperty("aeron.publication.unblock.timeout") == null) {
            System.setProperty("aeron.publication.unblock.timeout", "60000000000");
        }
        if (System.getProperty("aeron.dir") == null) {
            System.setProperty("aeron.dir", scratch.resolve("aeron").toString());
        }
    }
}
