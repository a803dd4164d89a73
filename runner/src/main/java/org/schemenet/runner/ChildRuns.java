package org.schemenet.runner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * exactly one SIGINT to each child: the child finishes its iteration, writes a checkpoint and exits
 * with 130.
 */
public final class ChildRuns {
    /** The file in the run directory that receives the child's output. */
    public static final String LOG = "runner.log";
    /** The child's process id, in its run directory while it runs. */
    public static final String PID = "runner.pid";

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
            Path pid = runDir.resolve(PID);
            try {
                org.schemenet.report.ResultsReport.writeAtomically(pid, p.pid() + "\n");
                return p.waitFor();
            } finally {
                live.remove(p);
                Files.deleteIfExists(pid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child runner for " + runDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrainingSession.INTERRUPTED;
        }
    }

    /**
     * The process that a sweep started in {@code runDir} and that is still alive (a sweep killed
     * without a chance to stop its children leaves them running), or empty.
     */
    public static java.util.Optional<ProcessHandle> stillRunning(Path runDir) {
        Path file = runDir.resolve(PID);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(Main.class.getName())).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether {@link #interrupt()} was called. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Starts no more children and sends each running child one SIGINT (it checkpoints and exits). */
    public synchronized void interrupt() {
        if (interrupted) {
            return;
        }
        interrupted = true;
        for (Process p : live) {
            signal(p, "-INT");
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

    private static void signal(Process p, String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
