package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock between processes: a second JVM holds it, this one sees and names it; a kill -9 frees it. The
 * process that holds it may ask again (take it, or ask who holds it) without losing it.
 */
class RunLockTest {

    /** Holds the lock of the run directory in args[0] and prints "locked" until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (RunLock lock = RunDirectory.at(Path.of(args[0])).lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(600_000);
            }
        }
    }

    /** Prints who holds the lock of the run directory in args[0], as seen from this JVM: a pid, or "free". */
    public static final class Probe {
        public static void main(String[] args) {
            OptionalLong owner = RunDirectory.at(Path.of(args[0])).owner();
            System.out.println(owner.isPresent() ? String.valueOf(owner.getAsLong()) : "free");
        }
    }

    /** What {@link Probe} answers in another JVM. */
    static String probedFromAnotherProcess(Path dir) throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, probe.waitFor(), answer);
        return answer;
    }

    /**
     * Closing any channel to a file releases every lock this JVM holds on it: a second {@code lock()} or an
     * {@code owner()} in the holding process must not open one (they released the lock, and another process could
     * take the run while this one trained it).
     */
    @Test
    @Timeout(60)
    void theHoldingProcessAskingAgainKeepsTheLock(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.at(dir);
        String self = String.valueOf(ProcessHandle.current().pid());
        try (RunLock lock = run.lock()) {
            assertEquals(self, probedFromAnotherProcess(dir));
            InputException again = assertThrows(InputException.class, run::lock);
            assertTrue(again.getMessage().contains("is in use by process " + self), again.getMessage());
            assertEquals(self, probedFromAnotherProcess(dir), "still held after a second lock()");
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), run.owner());
            assertEquals(self, probedFromAnotherProcess(dir), "still held after owner()");
            assertEquals(new RunStatus.Running(ProcessHandle.current().pid()), run.status(1));
            assertEquals(self, probedFromAnotherProcess(dir), "still held after status()");
        }
        assertEquals("free", probedFromAnotherProcess(dir));
        try (RunLock again = run.lock()) {
            assertEquals(self, probedFromAnotherProcess(dir), "taken again after it was closed");
        }
    }

    @Test
    @Timeout(60)
    void anotherProcessHoldingTheRunIsNamedAndItsDeathFreesTheRun(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.at(dir);
        assertEquals(OptionalLong.empty(), run.owner());
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            assertEquals(OptionalLong.of(holder.pid()), run.owner());
            assertEquals(new RunStatus.Running(holder.pid()), run.status(1));
            InputException busy = assertThrows(InputException.class, run::lock);
            assertTrue(busy.getMessage().contains("is in use by process " + holder.pid()), busy.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertEquals(OptionalLong.empty(), run.owner(), "the operating system released the lock of the killed process");
        try (RunLock lock = run.lock()) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), run.owner());
        }
        assertEquals(OptionalLong.empty(), run.owner());
    }
}
