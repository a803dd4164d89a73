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

/** The lock between processes: a second JVM holds it, this one sees and names it; a kill -9 frees it. */
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
