package org.schemenet.spark;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.schemenet.run.InputException;

/** Starts the Spark context of a run or a sweep, with the settings DL4J Spark and the cluster need. */
public final class SparkContexts {
    /** How long a run waits for its task slots when Spark's own setting does not say. */
    static final String WAIT_DEFAULT = "120s";

    private SparkContexts() {
    }

    /**
     * A context for {@code master} whose scratch files (Spark's local dir on the driver, Hadoop's
     * tmp dir) live in {@code scratch}. For training ({@code arrays}), Kryo with ND4J's registrator
     * serialises arrays (a sweep's tasks and results are plain records: Java serialisation); tasks go to
     * any free executor at once ({@code spark.locality.wait=0}: the batches have no preferred place,
     * and waiting for one would leave executors idle); executors get {@code threads} native threads
     * ({@code spark.executorEnv.OMP_NUM_THREADS}) and gradient sharing's Aeron settings, each its own
     * Aeron folder in its working directory. A local master binds to 127.0.0.1 and has no web UI.
     * Settings given to spark-submit ({@code --conf}) win over these.
     *
     * @throws IllegalStateException when the JVM lacks the {@link JavaOpens} flags
     */
    public static JavaSparkContext open(SparkMaster master, String appName, Path scratch, int threads,
                                        boolean arrays) {
        JavaOpens.require();
        Path dir = scratch.toAbsolutePath();
        aeronDefaults(dir);
        SparkConf conf = new SparkConf()
                .setMaster(master.url())
                .setAppName(appName);
        if (arrays) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        }
        conf.setIfMissing("spark.hadoop.hadoop.tmp.dir", dir.toString());
        conf.setIfMissing("spark.local.dir", dir.resolve("local").toString());
        conf.setIfMissing("spark.locality.wait", "0");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads));
        String aeron = "-Daeron.publication.unblock.timeout=60000000000 -Daeron.dir=aeron";
        conf.set("spark.executor.extraJavaOptions", (conf.get("spark.executor.extraJavaOptions", "") + " " + aeron)
                .trim());
        if (master.local()) {
            conf.set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false");
        }
        return new JavaSparkContext(conf);
    }

    /** The executors' task slots now (Spark's count: each executor's cores / {@code spark.task.cpus}). */
    static int taskSlots(JavaSparkContext sc) {
        return sc.sc().schedulerBackend().maxNumConcurrentTasks(
                sc.sc().resourceProfileManager().defaultResourceProfile());
    }

    /**
     * Waits until the cluster has at least {@code slots} task slots (executors register after the
     * application starts), at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime}
     * ({@value #WAIT_DEFAULT} unless set); returns the slots.
     *
     * @throws InputException naming the master, the slots found and what to do
     */
    static int awaitSlots(JavaSparkContext sc, int slots, String what) {
        long seconds = sc.getConf().getTimeAsSeconds("spark.scheduler.maxRegisteredResourcesWaitingTime", WAIT_DEFAULT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int now = taskSlots(sc);
        while (now < slots && System.nanoTime() < deadline) {
            sleep(200);
            now = taskSlots(sc);
        }
        if (now < slots) {
            throw new InputException(what + ": " + slots + " task slots wanted, " + now + " registered with "
                    + sc.master() + " after " + seconds + " s; start more workers (or give them more cores), ask for "
                    + "fewer, or wait longer (--conf spark.scheduler.maxRegisteredResourcesWaitingTime=300s)");
        }
        return now;
    }

    /**
     * The task slots once executors stop registering: at least one, then none new for
     * {@code settleMillis}, at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime}.
     */
    static int settledSlots(JavaSparkContext sc, long settleMillis) {
        awaitSlots(sc, 1, "--spark " + sc.master());
        long seconds = sc.getConf().getTimeAsSeconds("spark.scheduler.maxRegisteredResourcesWaitingTime", WAIT_DEFAULT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last = taskSlots(sc);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(settleMillis)) {
            sleep(200);
            int now = taskSlots(sc);
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark executors", e);
        }
    }

    /**
     * Gradient sharing runs over Aeron 1.32, which rejects DL4J's publication settings unless the
     * unblock timeout is raised, and keeps its files in {@code aeron.dir}: both are set for this JVM
     * (the driver, and the executors of a local master) unless given with -D.
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
