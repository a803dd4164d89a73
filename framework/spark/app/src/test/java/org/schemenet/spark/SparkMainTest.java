package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.runner.Console;
import org.schemenet.runner.Environment;
import org.schemenet.runner.Main;
import org.schemenet.runner.Terminal;

/** The runner with the Spark engine, in-process, on local[2]: the run directory of a local run. */
@Timeout(300)
class SparkMainTest {

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path plugins = Path.of(System.getProperty("schemenet.test.plugins", "../../plugins"));
        Environment env = new Environment(Map.of(Environment.PLUGINS_VARIABLE, plugins.toString()), plugins.getParent());
        int code = Main.run(SparkMain.modules(env, new Console(new PrintWriter(out, true), new PrintWriter(err, true)),
                new Terminal(false)), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aRunOnLocalTwoWritesTheRunDirectoryOfALocalRun(@TempDir Path dir) throws IOException {
        Path data = SparkFixtures.folder(dir.resolve("cifar"), 60, 20);
        Path out = dir.resolve("run");
        Result r = run("--spark", "local[2]", "--scheme", "euler", "--depth", "8", "--epochs", "2", "--batch-size",
                "10", "--data", data.toString(), "--seed", "3", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("engine: Spark local[2], parameter averaging, 2 workers x 10 images per averaging round "
                + "(2 task slots)"), r.out());
        assertTrue(r.out().contains("(60 training images, read by the executors, 60 per epoch in full rounds)"), r.out());
        assertTrue(r.out().contains("done: 2 epochs"), r.out());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertEquals(List.of("epoch-0001.zip", "epoch-0002.zip"),
                Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()).sorted().toList());
        String config = Files.readString(out.resolve("config.toml"));
        assertTrue(config.contains("spark = \"local[2]\"\nspark-mode = \"averaging\"\nspark-workers = 2\n"), config);
        String summary = org.schemenet.run.Json.writeLine(org.schemenet.run.Json.readObject(
                Files.readString(out.resolve("summary.json"))));
        assertTrue(summary.contains("\"engine\":\"Spark local[2]") && summary.contains("\"status\":\"completed\""),
                summary);
        // the executors read the batches from the data files: nothing is exported
        if (Files.exists(out.resolve("spark-tmp"))) {
            try (var left = Files.walk(out.resolve("spark-tmp"))) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("dataset_")));
            }
        }
    }

    @Test
    void aResumedSparkRunEndsWithTheMetricsOfAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Path data = SparkFixtures.folder(dir.resolve("cifar"), 40, 10);
        String[] common = {"--spark", "local[2]", "--scheme", "euler", "--depth", "8", "--batch-size", "10", "--data",
            data.toString(), "--seed", "4", "--threads", "1", "--milestones", "1,2"};
        Path whole = dir.resolve("whole");
        assertEquals(0, run(concat(common, "--epochs", "2", "--out", whole.toString())).code());
        Path split = dir.resolve("split");
        assertEquals(0, run(concat(common, "--epochs", "1", "--out", split.toString())).code());
        Result resumed = run("--resume", split.toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("engine: Spark local[2]"), resumed.out());
        assertEquals(withoutTimes(whole), withoutTimes(split));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** metrics.csv without the timing columns. */
    private static List<String> withoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", java.util.Arrays.asList(l.split(",", -1)).subList(0, 5))).toList();
    }

    @Test
    void misconfigurationGivesExitTwoAndANamedProblem(@TempDir Path dir) throws IOException {
        Result bad = run("--spark", "local[0]", "--scheme", "euler", "--data", "sample", "--out",
                dir.resolve("a").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("error: --spark local[0]: unknown Spark master 'local[0]'; allowed: local, "
                + "local[N]"), bad.err());
        Result workers = run("--spark", "spark://127.0.0.1:1", "--scheme", "euler", "--data", "sample", "--out",
                dir.resolve("b").toString());
        assertEquals(2, workers.code(), workers.err());
        assertTrue(workers.err().startsWith("error: --spark spark://127.0.0.1:1: give --spark-workers N, the number of "
                + "data-parallel workers"), workers.err());
        assertEquals(List.of(), left(dir.resolve("b")), "refused after the sample was written: nothing left");
        Result subset = run("--spark", "local[2]", "--scheme", "euler", "--data", "sample", "--train-subset", "100",
                "--out", dir.resolve("c").toString());
        assertEquals(2, subset.code(), subset.err());
        assertTrue(subset.err().startsWith("error: --train-subset and --test-subset are not available with --spark"),
                subset.err());
    }

    /** What is under {@code path} (itself included), relative to its parent; empty when it does not exist. */
    private static List<String> left(Path path) throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        try (var all = Files.walk(path)) {
            return all.map(p -> path.getParent().relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * A Spark run that fails to start takes back what its start made, as a local run does: the bundled sample of
     * {@code --data sample}, written into RUN_DIR/spark-data while the data opened, Spark's scratch in
     * RUN_DIR/spark-tmp, and the folders the start made; a run directory that was there (empty) stays, empty.
     * Two starts that fail: a master nobody listens on (spark://127.0.0.1:1: Spark's client gives up after its
     * three 20 s registration attempts, so this one takes about a minute; it ends with exit 2 and one line naming
     * the master, and does not then wait for task slots on the stopped context, whose wait is left at its 120 s
     * default here) and a local master with fewer task slots than {@code --spark-workers} (the wait for task slots
     * shortened to 3 s).
     */
    @Test
    void aRunThatFailsToStartLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("runs/first");
        long start = System.nanoTime();
        System.setProperty("spark.plugins", SlowStopPlugin.class.getName());
        Result r;
        try {
            r = run("--spark", "spark://127.0.0.1:1", "--spark-workers", "1", "--scheme", "euler", "--depth", "8",
                    "--data", "sample", "--threads", "1", "--out", out.toString());
        } finally {
            System.clearProperty("spark.plugins");
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().startsWith("error: --spark spark://127.0.0.1:1: no Spark master answered at 127.0.0.1:1 "
                + "(Spark's client gave up after "), r.err());
        assertTrue(r.err().contains("check the address and that the master is running"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        // Spark's client stops the context in a thread of its own (here slowed down by SlowStopPlugin); the error
        // comes after that thread has done, so that none of Spark's stop messages follows the runner's last line
        assertNull(org.apache.spark.SparkEnv.get(), "Spark still stopping its context when the run ended");
        assertTrue(seconds < 110, "Spark's 60 s of registration attempts, then no wait for task slots: " + seconds
                + " s");
        assertEquals(List.of(), left(dir.resolve("runs")), "nothing left: " + r.err());

        String wait = "spark.scheduler.maxRegisteredResourcesWaitingTime";
        System.setProperty(wait, "3s");
        try {
            Path empty = Files.createDirectories(dir.resolve("empty"));
            Result slots = run("--spark", "local[1]", "--spark-workers", "2", "--scheme", "euler", "--depth", "8",
                    "--data", "sample", "--threads", "1", "--out", empty.toString());
            assertEquals(2, slots.code(), slots.err() + slots.out());
            assertTrue(slots.err().startsWith("error: --spark-workers 2: 2 task slots wanted, 1 registered with "
                    + "local[1] after 3 s"), slots.err());
            assertEquals(List.of("empty"), left(empty), "the folder that was there stays, empty");
        } finally {
            System.clearProperty(wait);
        }
    }
}
