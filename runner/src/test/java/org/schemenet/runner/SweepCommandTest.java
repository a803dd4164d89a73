package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.report.RunDirectory;
import org.schemenet.report.RunResult;

/**
 * The sweep: its decisions on prepared run directories ({@code --dry-run}, no training), the plan
 * checked whole before anything trains, and sweeps end to end in real child JVMs on synthetic
 * CIFAR-10 (binary layout), depth 8: one run interrupted beforehand is resumed, one is started,
 * both finish, a report is written, a second sweep starts nothing; a sweep killed with SIGKILL and
 * started again at once waits for its orphaned child instead of training the run twice; two sweeps
 * of one plan at once share the runs, each run trained once.
 */
class SweepCommandTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 60, 20, 11);
    }

    static Path plan(Path dir, int epochs) throws IOException {
        return plan(dir, epochs, "");
    }

    static Path plan(Path dir, int epochs, String training) throws IOException {
        Path f = dir.resolve("tiny.toml");
        Files.writeString(f, """
                depths = [8]
                seeds = [3]

                [training]
                epochs = %d
                batch-size = 20
                data = "%s"
                %s

                [[scheme]]
                name = "euler"

                [[scheme]]
                name = "adams"
                k = 2
                coefficients = "fixed"
                """.formatted(epochs, data.toString().replace("\\", "\\\\"), training));
        return f;
    }

    /** A run directory as the runner leaves it, for the decision tests (settings as the plan's). */
    static void prepared(Path dir, String scheme, String options, String status, int done, String checkpoint)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), "depth = 8\nepochs = 2\nbatch-size = 20\nseed = 3\ndata = \""
                + data.toString().replace("\\", "\\\\") + "\"\n\n[scheme]\nname = \"" + scheme + "\"\n" + options);
        if (status != null) {
            Files.writeString(dir.resolve("summary.json"), "{\"results\":{\"status\":\"" + status
                    + "\",\"epochs\":2,\"epochsDone\":" + done + "}}");
        }
        if (checkpoint != null) {
            Files.createDirectories(dir.resolve("checkpoints"));
            Files.writeString(dir.resolve("checkpoints").resolve(checkpoint), "zip");
        }
    }

    static final String ADAMS_OPTIONS = "k = \"2\"\ncoefficients = \"fixed\"\n";

    @Test
    void decidesPerRunFromItsDirectory(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "completed", 2, "epoch-0002.zip");
        prepared(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3"), "adams", ADAMS_OPTIONS, "interrupted", 1,
                "epoch-0001-batch-000002.zip");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 runs (2 variants x 1 depth x 1 seed), 2 epochs each"), r.out());
        assertTrue(r.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(finished\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*adams-coefficientsfixed-k2-d8-e2-s3\\s+resume\n.*"), r.out());

        // more epochs: other directories, all new
        RunnerHarness.Result longer = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--epochs", "5", "--dry-run");
        assertTrue(longer.out().matches("(?s).*euler-d8-e5-s3\\s+start.*adams-coefficientsfixed-k2-d8-e5-s3\\s+"
                + "start.*"), longer.out());

        // diverged: left alone; died before a checkpoint: resumed from the start (nothing deleted)
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "diverged", 1, null);
        Files.delete(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3/checkpoints/epoch-0001-batch-000002.zip"));
        RunnerHarness.Result again = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertTrue(again.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(diverged.*"), again.out());
        assertTrue(again.out().matches("(?s).*adams-coefficientsfixed-k2-d8-e2-s3\\s+resume \\(no checkpoint: from "
                + "the start\\).*"), again.out());
    }

    /**
     * A plan's options name its runs in the text the scheme reads them as ({@code k = "03"} is the run
     * {@code adams-k3-...}, {@code k-high = "-0.00"} is {@code lm-k-high0.0-...}), and two tables that configure
     * the same network are refused, however their options were typed or left at their defaults.
     */
    @Test
    void optionsNameRunsInCanonicalTextAndOneNetworkTwiceIsRefused(@TempDir Path dir) throws IOException {
        String head = "depths = [8]\nseeds = [3]\n[training]\nepochs = 2\nbatch-size = 20\ndata = \""
                + data.toString().replace("\\", "\\\\") + "\"\n";
        Path canonical = dir.resolve("canonical.toml");
        Files.writeString(canonical, head + "[[scheme]]\nname = \"adams\"\nk = \"03\"\n"
                + "[[scheme]]\nname = \"lm\"\nk-high = \"-0.00\"\n");
        RunnerHarness.Result r = RunnerHarness.run("sweep", canonical.toString(), "--out", dir.resolve("s").toString(),
                "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*\n  adams-k3-d8-e2-s3 +start\n  lm-k-high0.0-d8-e2-s3 +start\n.*"), r.out());

        for (String[] twice : new String[][] {
            {"k = 2", "k = \"02\"", "[[scheme]] adams k=2 and [[scheme]] adams k=02 are the same variant (adams "
                    + "coefficients=fixed k=2); drop one of them"},
            {"coefficients = \"fixed\"", "k = 2", "[[scheme]] adams coefficients=fixed and [[scheme]] adams k=2 are "
                    + "the same variant (adams coefficients=fixed k=2); drop one of them"},
            {"k = 3", "k = 3", "[[scheme]] adams k=3 and [[scheme]] adams k=3 are the same variant (adams "
                    + "coefficients=fixed k=3); drop one of them"}}) {
            Path plan = dir.resolve("twice.toml");
            Files.writeString(plan, head + "[[scheme]]\nname = \"adams\"\n" + twice[0] + "\n[[scheme]]\nname = "
                    + "\"adams\"\n" + twice[1] + "\n");
            RunnerHarness.Result t = RunnerHarness.run("sweep", plan.toString(), "--out", dir.resolve("t").toString(),
                    "--dry-run");
            assertEquals(2, t.exitCode(), t.out());
            assertEquals("error: plan " + plan + ": " + twice[2] + "\n", t.err());
        }
        assertFalse(Files.exists(dir.resolve("s")) || Files.exists(dir.resolve("t")), "a dry run writes nothing");
    }

    /**
     * The closing report skips a run whose records cannot be read (here a finished run's metrics.csv is lost, its
     * summary says 2 epochs done): it names it on one line, and the sweep's exit code is 2, the worse of the runs'
     * outcome (0: both finished) and the report's (2, as {@code runner report} on the same folder), so a script
     * is not told the grid's results are complete. Without the report, the runs alone decide: 0.
     */
    @Test
    void aRunTheClosingReportSkipsMakesTheSweepExitTwo(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "completed", 2, "epoch-0002.zip");
        Files.writeString(sweep.resolve("euler-d8-e2-s3/metrics.csv"), "epoch,lr,train_loss,train_acc,test_error_pct,"
                + "train_img_s,seconds,test_seconds\n1,0.1,2.0,0.2,80.0,10,1,1\n2,0.1,1.9,0.25,75.0,10,1,1\n");
        prepared(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3"), "adams", ADAMS_OPTIONS, "completed", 2,
                "epoch-0002.zip");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("sweep: 0 finished now, 2 skipped"), r.out());
        assertTrue(r.out().contains("report: " + sweep.resolve("results.md") + " (1 run, "), r.out());
        assertEquals(List.of("report: skipped " + sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3")
                + ": metrics.csv has the rows of 0 epochs, summary.json says 2 epochs done (the file is cut short)"),
                r.err().lines().toList());
        RunnerHarness.Result noReport = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--no-report");
        assertEquals(0, noReport.exitCode(), noReport.out() + noReport.err());
    }

    /**
     * A run that diverged in an earlier sweep is left alone, and the sweep that leaves it alone still says that
     * a run failed: exit code 1 (its help: "0 every run finished, 1 a run failed (diverged or error)"), never 0,
     * so that a script which runs the sweep again to see whether the grid is done is not told it is.
     */
    @Test
    void aRunThatDivergedInAnEarlierSweepIsLeftAloneAndTheSweepEndsWithExitCodeOne(@TempDir Path dir)
            throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "diverged", 1, null);
        prepared(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3"), "adams", ADAMS_OPTIONS, "completed", 2,
                "epoch-0002.zip");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--no-report");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED euler-d8-e2-s3: it diverged in an earlier sweep; left alone (delete "
                + "the directory to try again)"), r.out());
        assertTrue(r.out().contains("sweep: 0 finished now, 1 skipped, 0 finished by another process, 0 interrupted, "
                + "0 not started, 1 failed"), r.out());
        assertTrue(Files.exists(sweep.resolve("euler-d8-e2-s3/summary.json")), "the diverged run stays as it was");
    }

    /**
     * Records committed to a repository (docs/results): config.toml as an earlier runner wrote it (with the
     * run's `out` and another machine's plugins folder), metrics and summary, no checkpoints, no run.json,
     * no lock. A sweep on a fresh clone counts the run as finished and starts nothing.
     */
    @Test
    void committedRecordsOfAFinishedRunCountAsFinishedOnAFreshClone(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        Path euler = sweep.resolve("euler-d8-e2-s3");
        Files.createDirectories(euler);
        Files.writeString(euler.resolve("config.toml"), """
                # schemenet run configuration (resolved: defaults, then --config file, then flags).
                # Repeat the run with: runner --config config.toml
                depth = 8
                shortcut = "A"
                epochs = 2
                batch-size = 20
                lr = 0.1
                milestones = [1, 2]
                weight-decay = 1.0E-4
                momentum = 0.9
                data = "%s"
                train-subset = 0
                test-subset = 0
                out = "docs/results/elsewhere/euler-d8-e2-s3"
                seed = 3
                device = "cpu"
                threads = 2
                plugins = "/another/machine/plugins"
                workers = 1
                parallel-mode = "averaging"

                [scheme]
                name = "euler"
                """.formatted(data.toString().replace("\\", "\\\\")));
        Files.writeString(euler.resolve("metrics.csv"), "epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,"
                + "seconds,test_seconds\n1,0.1,2.2,0.2,80.0,10.0,1.0,0.1\n2,0.01,2.0,0.25,75.0,10.0,1.0,0.1\n");
        Files.writeString(euler.resolve("summary.json"), "{\"configuration\":{\"scheme\":\"euler\"},\"results\":"
                + "{\"status\":\"completed\",\"epochs\":2,\"epochsDone\":2,\"finalTestErrorPct\":75.0}}\n");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(finished\\).*"), r.out());
    }

    @Test
    void aRunWhoseLockAnotherProcessHoldsIsWaitedForNotStartedAgain(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        Path euler = sweep.resolve("euler-d8-e2-s3");
        prepared(euler, "euler", "", "running", 1, "epoch-0001.zip");
        // another process holds the run's lock, as a child of a killed sweep would
        Process holder = new ProcessBuilder(javaCommand(LockHolder.class.getName(),
                euler.toString())).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
                    .readLine());
            RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                    "--dry-run");
            assertTrue(r.out().contains("euler-d8-e2-s3                           wait (trained by process "
                    + holder.pid() + ")"), r.out());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        RunnerHarness.Result after = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertTrue(after.out().matches("(?s).*euler-d8-e2-s3\\s+resume.*"), "the lock died with its holder: "
                + after.out());
    }

    @Test
    void aDirectoryHoldingAnotherRunIsAnError(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "adams", "k = \"3\"\ncoefficients = \"fixed\"\n", "completed", 2,
                null);
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("holds another run") && r.err().contains("euler, depth 8, seed 3"), r.err());
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.isDirectory(f) ? "/" : Files.readString(f));
            }
        }
        return out;
    }

    private static void assertRefused(RunnerHarness.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), "one message: " + r.err());
        assertFalse(r.err().contains("\tat org."), "no stack trace without --verbose: " + r.err());
    }

    /** --out follows a training run's rules: a folder of the user's files is refused, naming them, and left as it was. */
    @Test
    void aFolderWithTheUsersFilesIsRefusedAndLeftUntouched(@TempDir Path dir) throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("index.html"), "<p>my page</p>");
        Files.writeString(mine.resolve("results.md"), "# my results");
        Files.writeString(mine.resolve("plan.toml"), "# my own plan");
        Files.createDirectories(mine.resolve("photos"));
        Map<String, String> before = contents(mine);
        for (List<String> extra : List.of(List.of("--dry-run"), List.<String>of())) {
            List<String> args = new ArrayList<>(List.of("sweep", plan(dir, 2).toString(), "--out", mine.toString()));
            args.addAll(extra);
            RunnerHarness.Result r = RunnerHarness.run(args.toArray(String[]::new));
            assertRefused(r, "--out " + mine + " is a folder with other files (index.html, photos, plan.toml, ...) "
                    + "and no sweep of this plan in it");
            assertEquals(before, contents(mine), "the user's files stay untouched");
        }
    }

    @Test
    void anEmptyOutIsRefused(@TempDir Path dir) throws IOException {
        assertRefused(RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out=", "--dry-run"),
                "--out: '' is out of range; allowed: a new or empty folder, or this plan's own sweep folder");
        assertRefused(RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out="),
                "--out: '' is out of range; allowed: a new or empty folder, or this plan's own sweep folder");
    }

    @Test
    void aTrainingRunsDirectoryIsNotASweepFolder(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("a-run");
        prepared(run, "euler", "", "completed", 2, "epoch-0002.zip");
        Map<String, String> before = contents(run);
        assertRefused(RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", run.toString(), "--dry-run"),
                "--out " + run + " holds a training run (config.toml)");
        assertEquals(before, contents(run));
    }

    /**
     * The sweep's own folder: its plan.toml is the plan (or, without one, it holds runs of the plan), and then
     * its report files are the sweep's to replace; a plan.toml that differs (another plan, or an edited one) is
     * not replaced behind the user's back.
     */
    @Test
    void theSweepsOwnFolderIsTheOneWhosePlanTomlIsThePlan(@TempDir Path dir) throws IOException {
        Path plan = plan(dir, 2);
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "completed", 2, null);
        Files.writeString(sweep.resolve("results.md"), "# an earlier report");
        Files.writeString(sweep.resolve("index.html"), "<p>an earlier report</p>");
        // committed records of this plan's runs with their report, no plan.toml (docs/results.md): its own
        RunnerHarness.Result records = RunnerHarness.run("sweep", plan.toString(), "--out", sweep.toString(),
                "--dry-run");
        assertEquals(0, records.exitCode(), records.out() + records.err());
        Files.copy(plan, sweep.resolve("plan.toml"));
        RunnerHarness.Result own = RunnerHarness.run("sweep", plan.toString(), "--out", sweep.toString(), "--dry-run");
        assertEquals(0, own.exitCode(), own.out() + own.err());
        assertTrue(own.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(finished\\).*"), own.out());

        Files.writeString(sweep.resolve("plan.toml"), Files.readString(plan).replace("seeds = [3]", "seeds = [3, 4]"));
        Map<String, String> before = contents(sweep);
        assertRefused(RunnerHarness.run("sweep", plan.toString(), "--out", sweep.toString(), "--dry-run"),
                "--out " + sweep + " holds a plan.toml that differs from " + plan);
        assertEquals(before, contents(sweep));
    }

    @Test
    void aRunWhoseConfigIsCutShortIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        Path euler = sweep.resolve("euler-d8-e2-s3");
        prepared(euler, "euler", "", "interrupted", 1, "epoch-0001.zip");
        String config = Files.readString(euler.resolve("config.toml"));
        Files.writeString(euler.resolve("config.toml"), config.substring(0, config.indexOf("[scheme]")));
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: " + euler.resolve("config.toml") + ": no [scheme] name")
                && !r.err().contains("--scheme"), r.err());
    }

    @Test
    void theWholePlanIsCheckedBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        Path p = plan(dir, 2);
        Files.writeString(p, Files.readString(p).replace("k = 2", "k = 9"));
        RunnerHarness.Result r = RunnerHarness.run("sweep", p.toString(), "--dry-run");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("[[scheme]] adams") && r.err().contains("'k'"), r.err());
        Files.writeString(p, Files.readString(p).replace("k = 9", "k = 2").replace("batch-size = 20",
                "batch-size = 0"));
        RunnerHarness.Result batch = RunnerHarness.run("sweep", p.toString(), "--dry-run");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("batch-size") && batch.err().contains("0 is out of range"), batch.err());
        RunnerHarness.Result parallel = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--parallel", "0");
        assertEquals(2, parallel.exitCode());
        assertTrue(parallel.err().contains("--parallel: 0 is out of range"), parallel.err());
        // a subset larger than the data: found before any run starts (nothing is created)
        Path sweep = dir.resolve("sweep");
        RunnerHarness.Result subset = RunnerHarness.run("sweep", plan(dir, 2, "train-subset = 1000").toString(),
                "--out", sweep.toString());
        assertEquals(2, subset.exitCode(), subset.out() + subset.err());
        assertTrue(subset.err().contains("training subset 1000: the data set has only 60 images"), subset.err());
        assertFalse(Files.exists(sweep), "nothing started");
    }

    @Test
    @Timeout(600)
    void aSmallSweepResumesWhatWasInterruptedStartsTheRestAndReports(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        Path adams = sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3");
        // interrupted after epoch 1, as a signal would (in-process, with the test's stop module)
        RunnerHarness.Result first = RunnerHarness.run(List.of(new TrainingRunTest.StopAfterFirstEpoch()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                "--scheme", "adams", "--k", "2", "--coefficients", "fixed", "--depth", "8", "--epochs", "2",
                "--batch-size", "20", "--data", data.toString(), "--seed", "3", "--threads", "2", "--workers", "2",
                "--out", adams.toString());
        assertEquals(TrainingSession.INTERRUPTED, first.exitCode(), first.err() + first.out());

        // [training] settings the sweep does not know by name (workers, parallel-mode) reach every run
        Path plan = plan(dir, 2, "workers = 2\nparallel-mode = \"averaging\"");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan.toString(), "--out", sweep.toString(),
                "--parallel", "2", "--threads", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("resuming adams-coefficientsfixed-k2-d8-e2-s3"), r.out());
        assertTrue(r.out().contains("starting euler-d8-e2-s3"), r.out());
        assertTrue(r.out().contains("sweep: 2 finished now, 0 skipped, 0 finished by another process, 0 interrupted, "
                + "0 not started, 0 failed"), r.out());
        for (String run : List.of("euler-d8-e2-s3", "adams-coefficientsfixed-k2-d8-e2-s3")) {
            RunResult result = RunDirectory.read(sweep.resolve(run));
            assertEquals("completed", result.status(), run);
            assertEquals(List.of(1, 2), result.epochs().stream().map(RunResult.EpochMetrics::epoch).toList(), run);
            assertTrue(Files.isRegularFile(sweep.resolve(run).resolve("learning-curves.png")), run);
            String log = Files.readString(sweep.resolve(run).resolve(ChildRuns.LOG));
            assertEquals(1, log.lines().filter(l -> l.startsWith("done: 2 epochs")).count(), run + ": " + log);
            assertTrue(log.contains("engine: ParallelWrapper, 2 workers, averaging"), run + ": " + log);
            assertTrue(Files.readString(sweep.resolve(run).resolve("config.toml")).contains("workers = 2\n"), run);
        }
        assertTrue(Files.readString(adams.resolve(ChildRuns.LOG)).contains("resuming run " + adams + " from "
                + "checkpoints/epoch-0001.zip (1 epoch done)"));
        assertFalse(Files.exists(adams.resolve("coefficients.png")), "fixed coefficients: no traces");
        assertTrue(Files.isRegularFile(sweep.resolve("test-error-d8.png")));
        String md = Files.readString(sweep.resolve("results.md"));
        assertTrue(md.contains("| euler | 8 | 2 | cifar-10 | "), md);
        assertTrue(md.contains("| adams coefficients=fixed k=2 | 8 | 2 | cifar-10 | "), md);
        assertTrue(Files.isRegularFile(sweep.resolve("plan.toml")));

        RunnerHarness.Result again = RunnerHarness.run("sweep", plan.toString(), "--out", sweep.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("starting") || again.out().contains("resuming"), again.out());
        assertTrue(again.out().contains("sweep: 0 finished now, 2 skipped"), again.out());
    }

    @Test
    @Timeout(600)
    void aKilledSweepStartedAgainAtOnceWaitsForItsOrphanedChild(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        Path plan = plan(dir, 3);
        Process first = sweepProcess(plan, sweep, dir.resolve("first.log"));
        Path euler = sweep.resolve("euler-d8-e3-s3");
        waitFor(() -> Files.isRegularFile(euler.resolve(ChildRuns.LOG))
                && Files.readString(euler.resolve(ChildRuns.LOG)).contains("resuming run "), 120);
        first.destroyForcibly().waitFor();   // SIGKILL: the sweep cannot stop its child, which trains on
        java.util.OptionalLong orphan = org.schemenet.run.RunDirectory.at(euler).owner();
        assertTrue(orphan.isPresent(), "the orphan still trains");
        // held with SIGSTOP until the second sweep is seen waiting for it: its last epochs can take less time than
        // the second JVM takes to start (CI, 2026-12-06: the second sweep found the run finished, "skip")
        signal("-STOP", orphan.getAsLong());
        Process second;
        try {
            second = sweepProcess(plan, sweep, dir.resolve("second.log"));
            waitFor(() -> Files.isRegularFile(dir.resolve("second.log"))
                    && Files.readString(dir.resolve("second.log")).contains("waiting for euler-d8-e3-s3"), 120);
        } finally {
            signal("-CONT", orphan.getAsLong());
        }
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the second sweep ended");
        String out = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), out);
        assertTrue(out.contains("waiting for euler-d8-e3-s3: trained by process"), out);
        assertTrue(out.contains("1 finished by another process"), out);
        for (String run : List.of("euler-d8-e3-s3", "adams-coefficientsfixed-k2-d8-e3-s3")) {
            String log = Files.readString(sweep.resolve(run).resolve(ChildRuns.LOG));
            assertEquals(1, log.lines().filter(l -> l.startsWith("done: 3 epochs")).count(), run + ": " + log);
            assertEquals("completed", RunDirectory.read(sweep.resolve(run)).status(), run);
        }
    }

    /**
     * The race {@link #twoSweepsOfOnePlanAtOnceShareTheRunsAndTrainEachOnce} hit on a quiet machine (2026-12-05):
     * both sweeps read "not started", one wrote config.toml first, and the other stopped with "already holds a
     * run" (exit 2). A run written by another process since its status was read is that process's to start.
     */
    @Test
    void aRunAnotherSweepCreatedSinceItsStatusWasReadIsLookedAtAgainNotAnError(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(org.schemenet.run.RunDirectory.CONFIG), "scheme = \"euler\"\n");
        assertFalse(SweepCommand.create(org.schemenet.run.RunDirectory.at(run), null));
        assertEquals("scheme = \"euler\"\n", Files.readString(run.resolve(org.schemenet.run.RunDirectory.CONFIG)), "left as written");
    }

    @Test
    @Timeout(600)
    void twoSweepsOfOnePlanAtOnceShareTheRunsAndTrainEachOnce(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        Path plan = plan(dir, 2);
        Process a = sweepProcess(plan, sweep, dir.resolve("a.log"));
        Process b = sweepProcess(plan, sweep, dir.resolve("b.log"));
        assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS), "both sweeps ended");
        String outA = Files.readString(dir.resolve("a.log"));
        String outB = Files.readString(dir.resolve("b.log"));
        assertEquals(0, a.exitValue(), outA);
        assertEquals(0, b.exitValue(), outB);
        for (String run : List.of("euler-d8-e2-s3", "adams-coefficientsfixed-k2-d8-e2-s3")) {
            String log = Files.readString(sweep.resolve(run).resolve(ChildRuns.LOG));
            assertEquals(1, log.lines().filter(l -> l.startsWith("done: 2 epochs")).count(), run + ": " + log);
            assertTrue(Files.isRegularFile(sweep.resolve(run).resolve("config.toml")), run);
            assertEquals("completed", RunDirectory.read(sweep.resolve(run)).status(), run);
            long finishedBy = (outA + outB).lines().filter(l -> l.startsWith("finished " + run + " (")).count();
            assertEquals(1, finishedBy, run + " trained by exactly one sweep:\n" + outA + "\n" + outB);
        }
    }

    /** A sweep as its own process (the runner's main class on this class path), output to {@code log}. */
    static Process sweepProcess(Path plan, Path sweep, Path log) throws IOException {
        List<String> cmd = ChildRuns.command(List.of("sweep", plan.toString(), "--out", sweep.toString(), "--threads",
                "1", "--no-report"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toAbsolutePath().toString());
        return pb.start();
    }

    static List<String> javaCommand(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    /** Sends {@code signal} ({@code -STOP}, {@code -CONT}) to process {@code pid} with kill(1). */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes());
        assertEquals(0, kill.waitFor(), "kill " + signal + " " + pid + ": " + said);
    }

    static void waitFor(Condition c, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(100);
        }
    }
}
