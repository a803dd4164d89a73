package org.schemenet.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.schemenet.run.Faults;
import org.schemenet.run.RunDirectory;

/**
 * The child runner processes of one sweep on one machine (the sweep's own, or those a cluster
 * executor starts): each with its own native thread count ({@code OMP_NUM_THREADS}) and its output
 * appended to {@code RUN_DIR/runner.log}; on Linux in its own session ({@code setsid}), so a Ctrl-C
 * in the terminal reaches only the sweep, which forwards exactly one SIGTERM to each child (never
 * ignored, unlike SIGINT in a background job): the child finishes its batch, writes a checkpoint
 * and exits with 143. Whether a child still trains a run is the run's lock's to say, never a
 * process listing.
 */
public final class ChildProcesses {
    /** The exit code of a run that was not started because the sweep was interrupted (128 + SIGINT). */
    public static final int NOT_STARTED = 130;
    /** How long a child that was sent SIGTERM gets to write its checkpoint before it is killed. */
    public static final long STOP_SECONDS = 600;

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;

    /**
     * Runs {@code command} with {@code threads} native threads, output appended to {@code runDir/runner.log};
     * returns its exit code ({@link #NOT_STARTED} if this was interrupted before it could start). When the
     * calling thread is interrupted (a cluster cancelling its task), the child gets one SIGTERM and is waited
     * for ({@link #STOP_SECONDS} at most).
     */
    public int run(List<String> command, int threads, Path runDir) {
        if (interrupted) {
            return NOT_STARTED;
        }
        try {
            Files.createDirectories(runDir);
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            env.putIfAbsent("OMP_PROC_BIND", "close");
            File log = runDir.resolve(RunDirectory.LOG).toFile();
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p;
            synchronized (this) {
                if (interrupted) {
                    return NOT_STARTED;
                }
                p = pb.start();
                live.add(p);
            }
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stop(p);
            } finally {
                live.remove(p);
            }
        } catch (IOException e) {
            throw Faults.of("start a child runner for", runDir, e);
        }
    }

    /** One SIGTERM, then the child's own exit code, or a kill after {@link #STOP_SECONDS}. */
    private static int stop(Process p) {
        p.destroy();
        try {
            if (p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                return p.exitValue();
            }
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        return 137;
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
