package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.StopRequest;
import org.schemenet.train.TrainerState;

/**
 * The whole runner in-process on tiny synthetic CIFAR-10 (binary layout), Adams k=2. One
 * uninterrupted 3-epoch run (made once) is checked for its files and is the reference of the resume test.
 */
class TrainingRunTest {
    /** Learnable, so that metrics.csv and summary.json carry coefficient columns (checked below). */
    static final String COEFFICIENTS = "learnable";
    /** 14 = two units per stage, so that with learnable coefficients every stage has a learnable AB2 step. */
    static final String DEPTH = COEFFICIENTS.equals("fixed") ? "8" : "14";

    @TempDir
    static Path shared;
    static Path data;

    static Path whole;
    static RunnerHarness.Result wholeResult;

    @BeforeAll
    static void writeDataAndTrainOnce() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 40, 20, 7);
        whole = shared.resolve("whole");
        wholeResult = RunnerHarness.run(args(whole));
    }

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--scheme", "adams", "--k", "2", "--coefficients", COEFFICIENTS,
                "--depth", DEPTH, "--epochs", "3", "--batch-size", "20", "--data", data.toString(), "--seed", "5",
                "--threads", "2", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /**
     * The commit this build was made from, as git says ({@code git rev-parse HEAD} in the project), or
     * "unknown" when the project is not a git checkout; summary.json must record the same.
     */
    static String headCommit() {
        Path root = Path.of(System.getProperty("schemenet.test.plugins")).getParent();
        if (!Files.exists(root.resolve(".git"))) {
            return "unknown";
        }
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            assertEquals(0, git.waitFor(), out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asks for a stop after epoch 1, in-process, as SIGINT would; the real signal handler is not installed. */
    static final class StopAfterFirstEpoch extends AbstractModule {
        @Override
        protected void configure() {
            bind(StopSignal.class).toInstance(stop -> () -> { });
            Multibinder.newSetBinder(binder(), RunObserver.class).addBinding().to(Stopper.class);
        }
    }

    static final class Stopper implements RunObserver {
        private final StopRequest stop;

        @jakarta.inject.Inject
        Stopper(StopRequest stop) {
            this.stop = stop;
        }

        @Override
        public void epochDone(EpochMetrics m, TrainerState state) {
            if (m.epoch() == 1) {
                stop.request();
            }
        }
    }

    @Test
    void aShortRunWritesConfigMetricsSummaryAndCheckpoints() throws IOException {
        Path out = whole;
        RunnerHarness.Result r = wholeResult;
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("data: cifar-10 ("), r.out());
        assertTrue(r.out().lines().filter(l -> l.matches("epoch [1-3]/3  train loss .*")).count() == 3, r.out());
        assertTrue(r.out().contains("done: 3 epochs, final test error"), r.out());
        assertFalse(r.err().contains("Exception"), r.err());

        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(4, csv.size(), csv.toString());
        // every learnable coefficient has a column (one free beta per AB2 step), with the value after the epoch
        String[] header = csv.get(0).split(",");
        assertEquals(List.of("epoch", "lr", "train_loss", "train_acc", "test_error_pct", "train_img_s", "seconds",
                "test_seconds"), List.of(header).subList(0, 8));
        assertTrue(COEFFICIENTS.equals("fixed") == (header.length == 8), csv.get(0));
        assertTrue(List.of(header).subList(8, header.length).stream()
                .allMatch(h -> h.matches("stage[123]\\.unit\\d+\\..+")), csv.get(0));
        String summaryText = Files.readString(out.resolve("summary.json"));
        for (int i = 8; i < header.length; i++) {
            assertTrue(summaryText.contains("\"" + header[i] + "\""), header[i]);
        }
        String summary = compact(out.resolve("summary.json"));
        for (String expected : new String[] {"\"status\":\"completed\"", "\"epochsDone\":3", "\"sha256\":",
                "\"trainableParameters\":", "\"OMP_PROC_BIND\":", "\"dl4jHelpersEnabled\":true", "\"deeplearning4j\":",
                "\"bestTestErrorPct\":", "\"wallSeconds\":", "\"peakResidentMB\":", "\"trainImagesPerSecond\":", "\"milestones\":[2,3]"}) {
            assertTrue(summary.contains(expected), expected + " in " + summary);
        }
        assertTrue(summary.contains("\"commit\":\"" + headCommit() + "\""), "the commit in " + summary);
        assertTrue(r.out().contains("build: commit " + headCommit()), r.out());
        // the real affinity of the thread that trained (this one: the runner ran in-process), as a CPU list whose size is
        // what the JVM gets from sched_getaffinity for this thread
        java.util.regex.Matcher cpus = java.util.regex.Pattern.compile("\"cpusAllowed\":\"([0-9,-]+)\"").matcher(summary);
        assertTrue(cpus.find(), summary);
        int listed = 0;
        for (String range : cpus.group(1).split(",")) {
            String[] ends = range.split("-");
            listed += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), listed, cpus.group(1));
        assertEquals(List.of("epoch-0002.zip", "epoch-0003.zip"),
                Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()).sorted().toList());

        // the resolved config.toml is complete and re-usable
        String config = Files.readString(out.resolve("config.toml"));
        assertTrue(config.contains("epochs = 3") && config.contains("milestones = [2, 3]")
                && config.contains("[scheme]\nname = \"adams\"\nk = \"2\"\ncoefficients = \"" + COEFFICIENTS + "\""), config);
        RunnerHarness.Result again = RunnerHarness.run("--config", out.resolve("config.toml").toString(), "--dry-run");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Adams-Bashforth k=2, " + COEFFICIENTS), again.out());
    }

    @Test
    void anInterruptedRunResumesToTheMetricsOfAnUninterruptedOne(@TempDir Path dir) throws IOException {
        assertEquals(0, wholeResult.exitCode(), wholeResult.err());
        Path split = dir.resolve("split");
        List<Module> stopping = List.of(new StopAfterFirstEpoch());
        RunnerHarness.Result first = RunnerHarness.run(stopping,
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()), args(split));
        assertEquals(130, first.exitCode(), first.err() + first.out());
        assertTrue(first.out().contains("interrupted after epoch 1"), first.out());
        assertTrue(first.out().contains("resume with: runner --resume " + split), first.out());
        assertTrue(compact(split.resolve("summary.json")).contains("\"status\":\"interrupted\""));

        RunnerHarness.Result second = RunnerHarness.run("--resume", split.toString());
        assertEquals(0, second.exitCode(), second.err() + second.out());
        assertTrue(second.out().contains("resuming run " + split + " from checkpoints/epoch-0001.zip (1 epoch done)"),
                second.out());
        assertEquals(withoutTimes(whole), withoutTimes(split));
    }

    @Test
    void aDivergingRunStopsWithExitCodeOne(@TempDir Path dir) {
        Path out = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run(args(out, "--lr", "1e30"));
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("error: training diverged: the mean batch loss is"), r.err());
    }

    /** A JSON file on one line, without the indentation (for substring checks). */
    static String compact(Path json) throws IOException {
        return org.schemenet.run.Json.writeLine(org.schemenet.run.Json.readObject(Files.readString(json)));
    }

    /** metrics.csv without the timing columns. */
    static List<String> withoutTimes(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] c = l.split(",", -1);
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < c.length; i++) {
                if (i < 5 || i > 7) {
                    keep.add(c[i]);
                }
            }
            rows.add(String.join(",", keep));
        }
        return rows;
    }
}
