package org.schemenet.runner;

import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.schemenet.engine.ChildProcesses;
import org.schemenet.engine.OnSpark;
import org.schemenet.engine.SweepExecutor;
import org.schemenet.engine.SweepTask;

/**
 * A sweep's runs as child JVMs of this runner ({@link ChildProcesses}): the same {@code java}, the
 * same class path ({@code java.class.path}) and the JVM flags that matter (heap, young generation and stack sizes,
 * {@code -XX:} options, system properties, module opens; debug agents are dropped), main class
 * {@link Main}. Each child gets its own native thread count and writes its output to
 * {@code runner.log} in its run directory.
 */
public final class ChildRuns implements SweepExecutor {
    /** The file in the run directory that receives the child's output. */
    public static final String LOG = org.schemenet.run.RunDirectory.LOG;

    private final ChildProcesses processes = new ChildProcesses();

    /** The command line of a child runner with {@code args}. */
    public static List<String> command(List<String> args) {
        return task("child", args, 1, Path.of(".")).commandLine(Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path"));
    }

    /** A run of a sweep: {@link Main} with {@code args} and this JVM's flags. */
    static SweepTask task(String name, List<String> args, int threads, Path runDir) {
        return new SweepTask(name, Main.class.getName(), jvmFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                args, threads, runDir);
    }

    /** The flags of this JVM that a child needs: memory, -XX options, properties, module opens; no agents. */
    static List<String> jvmFlags(List<String> inputArguments) {
        List<String> keep = new ArrayList<>();
        for (String a : inputArguments) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xmn") || a.startsWith("-Xss")
                    || a.startsWith("-XX:")
                    || (a.startsWith("-D") && !a.startsWith("-Djava.class.path"))
                    || a.startsWith("--add-opens") || a.startsWith("--add-exports")
                    || a.startsWith("--enable-native-access")) {
                keep.add(a);
            }
        }
        if (keep.stream().noneMatch(a -> a.startsWith("-Djava.awt.headless"))) {
            keep.add("-Djava.awt.headless=true");
        }
        return keep;
    }

    @Override
    public String description() {
        return "child processes of this sweep";
    }

    @Override
    public int defaultParallel() {
        return 1;
    }

    @Override
    public int defaultThreads(int parallel) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
    }

    /** Runs the task's child runner here, with this JVM's {@code java} and class path. */
    @Override
    public Outcome run(SweepTask task) {
        int code = processes.run(task.commandLine(Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path")), task.threads(), task.runDirectory());
        return new Outcome(code, "this machine");
    }

    @Override
    public boolean interrupted() {
        return processes.interrupted();
    }

    @Override
    public void interrupt() {
        processes.interrupt();
    }

    @Override
    public void awaitOrKill(long seconds) {
        processes.awaitOrKill(seconds);
    }

    @Override
    public void close() {
        // nothing held between runs
    }

    /**
     * Child processes here; for {@code --spark}, the Spark application's executor ({@link OnSpark}), which the
     * default build does not have.
     */
    static final class Factory implements SweepExecutor.Factory {
        private final Optional<SweepExecutor.Factory> spark;

        @Inject
        Factory(@OnSpark Optional<SweepExecutor.Factory> spark) {
            this.spark = spark;
        }

        @Override
        public SweepExecutor open(String master) {
            if (master != null) {
                return spark.orElseThrow(() -> new UsageException("--spark " + master + ": sweeps on a Spark cluster "
                        + "are not in this build. Build the Spark application with 'mvn -B -Pspark -DskipTests install' "
                        + "and run the same command with framework/spark/bin/runner-spark (see docs/scaling.md)"))
                        .open(master);
            }
            return new ChildRuns();
        }
    }
}
