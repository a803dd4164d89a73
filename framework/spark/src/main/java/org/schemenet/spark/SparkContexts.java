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
}
