package org.schemenet.runner;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts training runs as child JVMs of this runner: the same {@code java}, the same class path
 * ({@code java.class.path}) and the JVM flags that matter (heap and stack sizes, {@code -XX:}
 * options, system properties, module opens; debug agents are dropped), main class
 * {@link Main}. Each child gets its own native thread count ({@code OMP_NUM_THREADS}) and writes
 * its output to {@code runner.log} in its run directory. On Linux the children run in their own
 * session ({@code setsid}), so a Ctrl-C in the terminal reaches only the sweep, which forwards
 * exactly one SIGTERM to each child (never ignored, unlike SIGINT in a background job): the child
 * finishes its iteration, writes a checkpoint and exits with 143. Whether a child still trains a
 * run is the run's lock's to say ({@link org.schemenet.run.RunDirectory#owner()}), never a process listing.
 */
public final class ChildRuns {
    /** The file in the run directory that receives the child's output. */
    public static final String LOG = org.schemenet.run.RunDirectory.LOG;

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;

    /** The command line of a child runner with {@code args}. */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** The flags of this JVM that a child needs: memory, -XX options, properties, module opens; no agents. */
    static List<String> jvmFlags(List<String> inputArguments) {
        List<String> keep = new ArrayList<>();
        for (String a : inputArguments) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss") || a.startsWith("-XX:")
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

    /**
     * Runs a child runner with {@code args} and {@code threads} native threads, output appended to
     * {@code runDir/runner.log}; returns its exit code (130 if this sweep was interrupted before it
     * could start).
     */
    public int run(List<String> args, int threads, Path runDir) {
        if (interrupted) {
            return TrainingSession.INTERRUPTED;
        }
        try {
            Files.createDirectories(runDir);
            ProcessBuilder pb = new ProcessBuilder(command(args));
            Map<String, String> env = pb.environment();
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            env.putIfAbsent("OMP_PROC_BIND", "close");
            File log = runDir.resolve(LOG).toFile();
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p;
            synchronized (this) {
                if (interrupted) {
                    return TrainingSession.INTERRUPTED;
                }
                p = pb.start();
                live.add(p);
            }
            try {
                return p.waitFor();
            } finally {
                live.remove(p);
            }
        } catch (IOException e) {
            throw org.schemenet.run.Faults.of("start a child runner for", runDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrainingSession.INTERRUPTED;
        }
    }

    /** Whether {@link #interrupt()} was called. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Starts no more children and sends each running child one SIGTERM (it checkpoints and exits with 143). */
    public synchronized void interrupt() {
        if (interrupted) {
            return;
        }
        interrupted = true;
        for (Process p : live) {
            p.destroy();
        }
    }

    /** Waits up to {@code seconds} for the running children to exit, then kills those left. */
    public void awaitOrKill(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Process p : List.copyOf(live)) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
