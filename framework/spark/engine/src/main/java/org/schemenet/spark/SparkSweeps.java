package org.schemenet.spark;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.schemenet.engine.ChildProcesses;
import org.schemenet.engine.SweepExecutor;
import org.schemenet.engine.SweepTask;
import org.schemenet.run.InputException;
import org.schemenet.run.RunDirectory;

/**
 * A sweep on a Spark cluster ({@code runner sweep PLAN --spark MASTER}): every run of the plan is
 * one Spark job of one task, which starts the run's child runner ({@code runner --resume RUN_DIR})
 * on the executor that took it, with the application jar the executor fetched as class path, and
 * returns its exit code. Runs are independent (no communication; each keeps the arithmetic of a
 * single run), so a cluster's task slots train that many runs at once. The run directories, their
 * locks and logs are on the folder every executor shares; the sweep on the driver decides what to
 * do with each run from them alone, as a local sweep does.
 *
 * <p>A stop of the sweep cancels its jobs with interruption: each executor sends its child one
 * SIGTERM (it checkpoints and exits with 143), and the driver waits until the run's lock is free.
 */
public final class SparkSweeps implements SweepExecutor.Factory {

    @Override
    public SweepExecutor open(String spark) {
        if (spark == null) {
            throw new IllegalArgumentException("a Spark sweep needs a master");
        }
        SparkMaster master;
        try {
            master = new SparkMaster(spark);
            JavaOpens.require();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InputException("--spark " + spark + ": " + e.getMessage(), e);
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("schemenet-sweep-spark");
        } catch (java.io.IOException e) {
            throw org.schemenet.run.Faults.of("create a scratch folder for", Path.of(System.getProperty(
                    "java.io.tmpdir")), e);
        }
        return new Executor(master, SparkContexts.open(master, "schemenet sweep", scratch, 1, false));
    }

    /** The open sweep: its Spark context and the runs in flight. */
    static final class Executor implements SweepExecutor {
        private final SparkMaster master;
        private final JavaSparkContext sc;
        private final TaskCounts tasks;
        private final Set<Path> running = ConcurrentHashMap.newKeySet();
        private volatile boolean interrupted;
        private int slots = -1;

        Executor(SparkMaster master, JavaSparkContext sc) {
            this.master = master;
            this.sc = sc;
            this.tasks = TaskCounts.of(sc);
        }

        @Override
        public String description() {
            return "Spark " + master.url() + " (" + slots() + " task slots)";
        }

        /** The cluster's task slots, once executors stop registering. */
        private synchronized int slots() {
            if (slots < 0) {
                slots = SparkContexts.settledSlots(sc, 3000);
            }
            return slots;
        }

        @Override
        public int defaultParallel() {
            return slots();
        }

        @Override
        public int defaultThreads(int parallel) {
            return Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
        }

        @Override
        public Outcome run(SweepTask task) {
            if (interrupted) {
                return new Outcome(ChildProcesses.NOT_STARTED, "not started");
            }
            running.add(task.runDirectory());
            try {
                sc.setJobGroup("schemenet-run-" + task.name(), "train " + task.name(), true);
                return sc.parallelize(List.of(task), 1).map(new OnExecutor()).collect().get(0);
            } catch (RuntimeException e) {
                if (!interrupted) {
                    throw new IllegalStateException("run " + task.name() + " failed on the cluster: " + e.getMessage(),
                            e);
                }
                // cancelled: the executor sent the child SIGTERM; it owns the run until its checkpoint is written
                awaitLockFree(task.runDirectory(), ChildProcesses.STOP_SECONDS);
                return new Outcome(143, "a cancelled task");
            } finally {
                sc.clearJobGroup();
                running.remove(task.runDirectory());
            }
        }

        private static void awaitLockFree(Path run, long seconds) {
            RunDirectory dir = RunDirectory.at(run);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            // the child may not have taken the lock yet when the task was cancelled: give it a moment
            sleep(500);
            while (dir.owner().isPresent() && System.nanoTime() < deadline) {
                sleep(200);
            }
        }

        @Override
        public void interrupt() {
            interrupted = true;
            sc.cancelAllJobs();
        }

        @Override
        public boolean interrupted() {
            return interrupted;
        }

        @Override
        public void awaitOrKill(long seconds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                sleep(200);
            }
        }

        @Override
        public void close() {
            System.out.println("spark: " + tasks);
            System.out.flush();
            SparkContexts.stop(sc);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * On the executor: the run's child runner with this executor's {@code java} and the jar this
     * class came from (the application jar Spark fetched; a local master's class path otherwise).
     */
    static final class OnExecutor implements Function<SweepTask, SweepExecutor.Outcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public SweepExecutor.Outcome call(SweepTask task) {
            int code = new ChildProcesses().run(task.commandLine(Path.of(System.getProperty("java.home")), classPath()),
                    task.threads(), task.runDirectory());
            SparkEnv env = SparkEnv.get();
            String where = env == null ? "this JVM" : "executor " + env.executorId() + " on "
                    + env.blockManager().blockManagerId().host();
            return new SweepExecutor.Outcome(code, where);
        }

        /**
         * The application jar this class came from (on a cluster's executor, the copy Spark fetched), then
         * this JVM's class path (Spark's jars: SLF4J and its binding, which the application jar leaves to
         * the cluster).
         */
        static String classPath() {
            String jvm = System.getProperty("java.class.path");
            try {
                Path source = Path.of(OnExecutor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
                    return source + File.pathSeparator + jvm;
                }
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                // the JVM's class path alone
            }
            return jvm;
        }
    }
}
