package org.schemenet.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.schemenet.run.InputException;

/** Starts the Spark context of a run or a sweep, with the settings DL4J Spark and the cluster need. */
public final class SparkContexts {
    /** How long a run waits for its task slots when Spark's own setting does not say. */
    static final String WAIT_DEFAULT = "120s";
    /** How long {@link #stop} waits for a stop that another thread began. */
    static final long STOP_WAIT_SECONDS = 60;

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
     * @throws InputException when the context stops as it starts: for a standalone master none of whose addresses
     *                        takes a connection (Spark's client gives up after three 20 s registration attempts) one
     *                        line naming the master and what to check, instead of Spark's own failure on the
     *                        stopped context
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
        long start = System.nanoTime();
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            // the client's giving up stops the context in another thread while the constructor goes on, which
            // may then fail on the stopped context with a message of Spark's own
            awaitStopped();
            InputException unanswered = unanswered(master.url(), seconds(start), e);
            throw unanswered != null ? unanswered : e;
        }
        if (sc.sc().isStopped()) {
            awaitStopped();
            throw stoppedAtStart(sc);
        }
        return sc;
    }

    /**
     * Stops {@code sc} and returns once Spark has finished stopping it. When Spark's client gives up on a master,
     * it stops the context in a thread of its own and {@link JavaSparkContext#stop()} returns at once (the context
     * is already stopping); that thread goes on logging (the scheduler backend's last warnings) and tearing down.
     * Waiting for it means the caller's next line (the runner's error) is the last one printed, and the JVM does not
     * exit in the middle of Spark's stop.
     */
    static void stop(JavaSparkContext sc) {
        sc.stop();
        awaitStopped();
    }

    /**
     * Waits, at most {@value #STOP_WAIT_SECONDS} s, until no Spark context of this JVM is stopping: Spark clears its
     * environment ({@link SparkEnv#get()} null) as the last step of a context's stop, and it is null too when the
     * context failed before creating one.
     */
    private static void awaitStopped() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        try {
            while (SparkEnv.get() != null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's own stop (a sweep's Ctrl-C) goes on without waiting
        }
    }

    /**
     * The start of a context stopped before it trained: a standalone master whose addresses take no connection
     * (Spark's client gave up on it: three 20 s registration attempts) is named with what to check; any other
     * stop says that Spark stopped the application while it started.
     */
    private static InputException stoppedAtStart(JavaSparkContext sc) {
        long seconds = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis() - sc.startTime());
        InputException unanswered = unanswered(sc.master(), seconds, null);
        if (unanswered != null) {
            return unanswered;
        }
        return new InputException("--spark " + sc.master() + ": Spark stopped the application while it started (after "
                + seconds + " s): the cluster manager did not take it or removed it; see the Spark messages "
                + "above and the master's log");
    }

    /**
     * When {@code url} is a standalone master ({@code spark://HOST:PORT[,HOST:PORT...]}) none of whose addresses
     * takes a TCP connection now: the one-line problem; else null.
     */
    static InputException unanswered(String url, long seconds, Throwable cause) {
        if (url == null || !url.startsWith("spark://")) {
            return null;
        }
        List<String> addresses = List.of(url.substring("spark://".length()).split(","));
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))), 5000);
                return null; // something listens there: not this problem
            } catch (IOException | IllegalArgumentException e) {
                // refused, unreachable, unknown host or timed out: this address does not answer
            }
        }
        return new InputException("--spark " + url + ": no Spark master answered at " + String.join(", ", addresses)
                + " (Spark's client gave up after " + seconds + " s); check the address and that the master is "
                + "running (its log says 'Starting Spark master at spark://HOST:PORT')", cause);
    }

    private static long seconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
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
     * @throws InputException naming the master, the slots found and what to do; or, when the context stops
     *                        meanwhile (a standalone master nobody answers, or one that removed the application), that
     */
    static int awaitSlots(JavaSparkContext sc, int slots, String what) {
        long seconds = sc.getConf().getTimeAsSeconds("spark.scheduler.maxRegisteredResourcesWaitingTime", WAIT_DEFAULT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int now = taskSlots(sc);
        while (now < slots && System.nanoTime() < deadline && !sc.sc().isStopped()) {
            sleep(200);
            now = taskSlots(sc);
        }
        if (sc.sc().isStopped()) {
            // e.g. a standalone master that stopped answering, or removed the application, while executors registered
            throw stoppedAtStart(sc);
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
