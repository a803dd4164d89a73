package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as a real process, started the ways users start it: signals (SIGTERM from
 * {@code timeout}/Slurm/{@code docker stop}, SIGINT, and a background job that has SIGINT ignored),
 * the same seed in two JVMs (also seed 0), a file-name encoding that cannot hold the path
 * ({@code LANG=C}), and a disk that refuses the checkpoint ({@code ulimit -f}: the write fails with
 * EFBIG as a full disk fails with ENOSPC). Each child's signal dispositions and locale are set
 * explicitly ({@code env}), so nothing depends on how the test itself was launched.
 */
class RunProcessTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 200, 40, 3);
    }

    static List<String> train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--scheme", "euler", "--depth", "8", "--batch-size", "20",
                "--data", data.toString(), "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    /** The runner in its own JVM: {@code env PREFIX... java ... Main ARGS}, output to {@code log}. */
    static Process runner(List<String> envPrefix, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env"));
        cmd.addAll(envPrefix);
        List<String> java = ChildRuns.command(args);
        cmd.addAll(java.get(0).endsWith("setsid") ? java.subList(1, java.size()) : java);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toAbsolutePath().toString());
        return pb.start();
    }

    static int finish(Process p) throws InterruptedException {
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the runner ended");
        return p.exitValue();
    }

    static void signalAfterFirstEpoch(Process p, Path log, String signal) throws Exception {
        SweepCommandTest.waitFor(() -> Files.readString(log).contains("epoch 1/3 "), 180);
        new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    @Test
    @Timeout(600)
    void sigtermCheckpointsAndTheRunResumesToTheSameMetrics(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, finish(runner(List.of("--default-signal=INT,TERM"), train(whole, "--epochs", "3", "--seed",
                "4"), dir.resolve("whole.log"))), Files.readString(dir.resolve("whole.log")));

        // a background job of a non-interactive shell: SIGINT ignored; SIGTERM still stops it cleanly
        Path run = dir.resolve("run");
        Path log = dir.resolve("run.log");
        Process p = runner(List.of("--ignore-signal=INT", "--default-signal=TERM"), train(run, "--epochs", "3",
                "--seed", "4"), log);
        signalAfterFirstEpoch(p, log, "TERM");
        assertEquals(143, finish(p), Files.readString(log));
        String out = Files.readString(log);
        assertTrue(out.contains("note: SIGINT (Ctrl-C) is ignored in this process"), out);
        assertTrue(out.contains("SIGTERM: interrupted") && out.contains("resume with: runner --resume " + run), out);
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("epoch-000[12].*\\.zip")), "checkpoint");
        }

        Path resumeLog = dir.resolve("resume.log");
        assertEquals(0, finish(runner(List.of("--default-signal=INT,TERM"), List.of("--resume", run.toString()),
                resumeLog)), Files.readString(resumeLog));
        assertEquals(TrainingRunTest.withoutTimes(whole), TrainingRunTest.withoutTimes(run));

        // SIGINT where it is not ignored: 130
        Path interrupted = dir.resolve("interrupted");
        Path intLog = dir.resolve("int.log");
        Process q = runner(List.of("--default-signal=INT,TERM"), train(interrupted, "--epochs", "3"), intLog);
        signalAfterFirstEpoch(q, intLog, "INT");
        assertEquals(130, finish(q), Files.readString(intLog));
    }

    /**
     * Two SIGINTs to process {@code $1}, the second as soon as the kernel has delivered the first (its bit has
     * left the process's pending set, {@code ShdPnd} in {@code /proc/PID/status}), both from one shell with its
     * builtin {@code kill}. So the two cannot merge into one pending signal, and only microseconds pass between
     * them, where the clean stop the first one asks for takes a batch and a checkpoint (about a second).
     * Spawning one {@code kill} process per signal left a gap of unknown length on a loaded machine.
     */
    static final String SIGINT_TWICE = """
            kill -s INT "$1" || exit 1
            while (( SECONDS < 30 )); do
                pending=
                while read -r key value; do if [[ $key == ShdPnd: ]]; then pending=$value; fi; done < "/proc/$1/status"
                [[ -n $pending ]] || exit 1
                (( (16#$pending & 2) == 0 )) && { kill -s INT "$1"; exit; }
            done
            exit 3
            """;

    /**
     * Ctrl-C twice: the first asks for a checkpoint after the batch (one batch of 200 images), the second,
     * sent microseconds after the first was delivered ({@link #SIGINT_TWICE}), ends the process at once with
     * 130, without the resume line of a clean stop and without a stack trace. The test sends the signals by
     * process id, so it does not matter that its own JVM may run with SIGINT ignored.
     */
    @Test
    @Timeout(600)
    void aSecondSigintEndsTheRunAtOnceWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path log = dir.resolve("run.log");
        Process p = runner(List.of("--default-signal=INT,TERM,HUP"), List.of("--scheme", "euler", "--depth", "8",
                "--batch-size", "200", "--data", data.toString(), "--threads", "1", "--epochs", "3", "--out",
                run.toString()), log);
        SweepCommandTest.waitFor(() -> {
            assertTrue(p.isAlive(), Files.readString(log));
            return Files.readString(log).contains("epoch 1/3 ");
        }, 180);
        assertEquals(0, new ProcessBuilder("bash", "-c", SIGINT_TWICE, "bash", Long.toString(p.pid())).inheritIO()
                .start().waitFor(), "both signals sent");
        long t0 = System.nanoTime();
        assertEquals(130, finish(p), Files.readString(log));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log);
        assertFalse(out.contains("resume with:"), "ended at once, not after a checkpoint: " + out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        assertTrue(seconds < 10, seconds + " s after the second signal");
    }

    @Test
    @Timeout(600)
    void theSameSeedGivesTheSameRunInTwoJvmsSeedZeroToo(@TempDir Path dir) throws Exception {
        for (String seed : List.of("0", "1")) {
            Path a = dir.resolve("a" + seed);
            Path b = dir.resolve("b" + seed);
            Process pa = runner(List.of(), train(a, "--epochs", "1", "--seed", seed), dir.resolve("a" + seed + ".log"));
            assertEquals(0, finish(pa), Files.readString(dir.resolve("a" + seed + ".log")));
            Process pb = runner(List.of(), train(b, "--epochs", "1", "--seed", seed), dir.resolve("b" + seed + ".log"));
            assertEquals(0, finish(pb), Files.readString(dir.resolve("b" + seed + ".log")));
            assertEquals(TrainingRunTest.withoutTimes(a), TrainingRunTest.withoutTimes(b), "seed " + seed);
        }
    }

    @Test
    @Timeout(300)
    void aPathTheFileNameEncodingCannotHoldIsBadInput(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("c.log");
        Process p = runner(List.of("LANG=C", "LC_ALL=C"), train(dir.resolve("r\u00e9sultat"), "--epochs", "1"), log);
        String out;
        assertEquals(2, finish(p), out = Files.readString(log, StandardCharsets.ISO_8859_1));
        assertTrue(out.contains("cannot be written in the file-name encoding") && !out.contains("\tat "), out);
    }

    @Test
    @Timeout(300)
    void aCheckpointTheDiskRefusesIsOneLineExitTwoAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path log = dir.resolve("full.log");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 200; exec \"$@\"", "bash", "env"));
        List<String> java = ChildRuns.command(train(run, "--epochs", "1"));
        cmd.addAll(java.get(0).endsWith("setsid") ? java.subList(1, java.size()) : java);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toAbsolutePath().toString());
        assertEquals(2, finish(pb.start()), Files.readString(log));
        String out = Files.readString(log);
        assertTrue(out.contains("error: cannot write " + run.resolve("checkpoints/epoch-0001.zip") + ": file too large"),
                out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("error: ")).count(), out);
        assertTrue(!out.contains("\tat ") && !out.contains("Exception"), out);
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of(), files.toList(), "no temporary file left");
        }
    }
}
