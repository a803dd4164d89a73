package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner report} and {@code runner stability} on run directories laid out as the trainer
 * writes them, with the real scheme plugins: the table's arithmetic over seeds, the learned
 * coefficients of Adams k=2 and LM checked unit by unit against hand-computed values.
 */
class ReportCommandTest {

    static void run(Path dir, String scheme, String options, int depth, long seed, int epochs, String coefficients,
                    String... rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), "depth = " + depth + "\nepochs = " + epochs + "\nseed = " + seed
                + "\ndata = \"sample\"\ntrain-subset = 0\ntest-subset = 0\n\n[scheme]\nname = \"" + scheme + "\"\n"
                + options);
        StringBuilder csv = new StringBuilder("epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,seconds,"
                + "test_seconds" + coefficients + "\n");
        for (String r : rows) {
            csv.append(r).append('\n');
        }
        Files.writeString(dir.resolve("metrics.csv"), csv.toString());
        Files.writeString(dir.resolve("summary.json"), "{\"data\":{\"name\":\"cifar-10-sample\"},\"results\":"
                + "{\"status\":\"" + (rows.length >= epochs ? "completed" : "interrupted") + "\",\"epochsDone\":"
                + rows.length + "}}");
    }

    static Path sweep(Path dir) throws IOException {
        Path s = dir.resolve("sweep");
        run(s.resolve("euler-s1"), "euler", "", 20, 1, 2, "", "1,0.1,2.0,0.2,50.0,10,1,1", "2,0.01,1.8,0.3,10.0,10,1,1");
        run(s.resolve("euler-s2"), "euler", "", 20, 2, 2, "", "1,0.1,2.0,0.2,40.0,10,1,1", "2,0.01,1.8,0.3,12.0,10,1,1");
        run(s.resolve("euler-s3"), "euler", "", 20, 3, 2, "", "1,0.1,2.0,0.2,40.0,10,1,1");
        run(s.resolve("adams"), "adams", "k = \"2\"\ncoefficients = \"learnable\"\n", 14, 1, 2,
                ",stage1.unit1.beta0,stage2.unit1.beta0,stage3.unit1.beta0",
                "1,0.1,2.0,0.2,60.0,10,1,1,1.3,1.06,1.9", "2,0.01,1.8,0.3,55.0,10,1,1,1.5,1.05,2.0");
        run(s.resolve("lm"), "lm", "coefficients = \"learnable\"\nk-low = \"-0.1\"\nk-high = \"0.0\"\n", 8, 1, 1,
                ",stage1.unit0.k,stage2.unit0.k", "1,0.1,2.0,0.2,70.0,10,1,1,0.5,1.2");
        return s;
    }

    @Test
    void resultsMarkdownAveragesSeedsAndChecksEveryLearnedUnit(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
        assertEquals(0, r.exitCode(), r.err());
        String md = Files.readString(s.resolve("results.md"));
        // final errors 10 % and 12 %: mean 11, sample std sqrt(2); the unfinished seed is listed, not averaged
        assertTrue(md.contains("| euler | 20 | 2 | cifar-10-sample | 11.00 ± 1.41 | 2 | s1 10.00, s2 12.00 | 8.75 |"), md);
        assertTrue(md.contains("euler-s3: euler, depth 20, 1 of 2 epochs (interrupted)"), md);
        // AB2 with β_0 learned: 3/2 is AB2 (order 2, interval 1); β_0 = b has interval 2/(2b − 1); the
        // initial mean of U(1, 1.1) is 1.05, the classical AB2 value 1.5
        assertTrue(md.contains("| stage1.unit1 | beta0 1.5000 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "2.00 | 1.000 | 0.4500 | 0.0000 |"), md);
        assertTrue(md.contains("| stage2.unit1 | beta0 1.0500 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "1.00 | 1.818 | 0.0000 | 0.4500 |"), md);
        assertTrue(md.contains("| stage3.unit1 | beta0 2.0000 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "1.00 | 0.667 |"), md);
        // LM: ρ(ζ) = ζ² − (1 − k)ζ − k has roots 1 and −k; k = 1.2 breaks the root condition; the fixed
        // scheme's k defaults to the centre of [k-low, k-high] = −0.05
        assertTrue(md.contains("| stage1.unit0 | k 0.5000 | k -0.0500 | k -0.0500 | yes | yes (1.0000) |"), md);
        assertTrue(md.contains("| stage2.unit0 | k 1.2000 | k -0.0500 | k -0.0500 | yes | no (1.2000) |"), md);
        for (String png : new String[] {"euler-s1/learning-curves.png", "adams/coefficients.png",
                "adams/stability-stage2.png", "lm/stability-stage1.png", "test-error-d20.png", "test-error-d14.png"}) {
            assertTrue(ImageIO.read(s.resolve(png).toFile()).getWidth() > 0, png);
            assertTrue(md.contains("(" + png + ")"), png + "\n" + md);
        }
        assertTrue(r.out().contains("results.md: 5 runs"), r.out());
        // the web pages: the report's, linking to each run's, and each run's linking back
        String page = Files.readString(s.resolve("index.html"));
        assertTrue(page.contains("<a href=\"euler-s1/index.html\">s1 10.00</a>"), page.substring(0, 4000));
        assertTrue(Files.readString(s.resolve("adams/index.html")).contains("<a href=\"../index.html\">all runs</a>"));
        assertEquals(6, r.out().lines().filter(l -> l.startsWith("page: ")).count(), r.out());
    }

    /**
     * A plugins folder without a run's scheme: the report is written (the table needs no plugin), and the runs whose
     * learned coefficients cannot be analysed are a warning on the console, one line per missing scheme naming the
     * folder, not only a note inside the pages.
     */
    @Test
    void aSchemeMissingFromThePluginsFolderIsAWarningNamingTheFolder(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        // a second adams run with learned coefficients: the warning counts the runs of its scheme
        run(s.resolve("adams-s2"), "adams", "k = \"2\"\ncoefficients = \"learnable\"\n", 14, 2, 1,
                ",stage1.unit1.beta0,stage2.unit1.beta0,stage3.unit1.beta0", "1,0.1,2.0,0.2,62.0,10,1,1,1.2,1.1,1.4");
        Path empty = Files.createDirectories(dir.resolve("no-schemes"));
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString(), "--plugins", empty.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("results.md: 6 runs"), r.out());
        assertEquals(List.of("warning: scheme 'adams' is not installed in " + empty + " (it holds no schemes): the "
                        + "learned coefficients of 2 runs are not analysed; give --plugins DIR, a folder with its jar",
                "warning: scheme 'lm' is not installed in " + empty + " (it holds no schemes): the learned "
                        + "coefficients of 1 run are not analysed; give --plugins DIR, a folder with its jar"),
                r.err().lines().toList());
        String md = Files.readString(s.resolve("results.md"));
        assertTrue(md.contains("No analysis: scheme 'adams' is not installed in " + empty + " (it holds no schemes)."),
                md);
    }

    @Test
    void theReportOfOneRunWrittenIntoItIsThatRunsPage(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        RunnerHarness.Result r = RunnerHarness.run("report", s.resolve("euler-s1").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("page: " + s.resolve("euler-s1/index.html")),
                r.out().lines().filter(l -> l.startsWith("page: ")).toList());
        String page = Files.readString(s.resolve("euler-s1/index.html"));
        assertTrue(page.contains("id=\"status\">completed</span> 2 of 2 epochs") && !page.contains("all runs"), page);
        assertFalse(Files.exists(s.resolve("index.html")));
    }

    /** Every file under {@code dir} with its content and modification time. */
    private static java.util.Map<Path, String> snapshot(Path dir) throws IOException {
        java.util.Map<Path, String> files = new java.util.TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), java.util.Arrays.hashCode(Files.readAllBytes(p)) + "@"
                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    /**
     * A report written elsewhere (--out) reads the records and writes nothing among them (records that are
     * committed, or another user's): each run's page and pictures go to a folder of the run's name in --out.
     */
    @Test
    void aReportWrittenElsewhereLeavesTheRecordsUntouched(@TempDir Path dir) throws Exception {
        Path s = sweep(dir);
        java.util.Map<Path, String> before = snapshot(s);
        Thread.sleep(20);
        Path out = dir.resolve("elsewhere");
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(before, snapshot(s), "the records are not written");
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<a href=\"euler-s1/index.html\">s1 10.00</a>"), page.substring(0, 4000));
        assertTrue(Files.readString(out.resolve("adams/index.html"))
                .contains("<a href=\"../index.html\">all runs</a>"));
        String md = Files.readString(out.resolve("results.md"));
        for (String png : new String[] {"euler-s1/learning-curves.png", "adams/coefficients.png",
                "adams/stability-stage2.png", "test-error-d20.png"}) {
            assertTrue(ImageIO.read(out.resolve(png).toFile()).getWidth() > 0, png);
            assertTrue(md.contains("(" + png + ")"), png + "\n" + md);
        }
        assertEquals(6, r.out().lines().filter(l -> l.startsWith("page: " + out)).count(), r.out());
    }

    /**
     * Damaged records (a corrupt summary.json, a metrics.csv cut short) are one line each on stderr and a list in
     * results.md; the other runs are reported as usual (table, pages, pictures), and the exit code is 2.
     */
    @Test
    void damagedRunsAreNamedOneLineEachAndTheOthersAreReported(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        Files.writeString(s.resolve("euler-s1/summary.json"), "{\"results\": {\"status\": \"compl");
        Files.writeString(s.resolve("lm/metrics.csv"), "epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,"
                + "seconds,test_seconds,stage1.unit0.k,stage2.unit0.k\n1,0.1,2.0,0.");
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: skipped " + s.resolve("euler-s1") + ": ")
                && lines.get(0).contains("summary.json"), r.err());
        assertTrue(lines.get(1).startsWith("error: skipped " + s.resolve("lm") + ": ")
                && lines.get(1).contains("metrics.csv"), r.err());
        String md = Files.readString(s.resolve("results.md"));
        assertTrue(md.contains("| euler | 20 | 2 | cifar-10-sample | 12.00 | 1 | s2 12.00 | 8.75 |"), md);
        assertTrue(md.contains("stage2.unit1 | beta0 1.0500"), md);
        assertTrue(md.contains("Runs not read"), md);
        assertTrue(md.contains("- " + s.resolve("lm") + ": "), md);
        assertTrue(Files.readString(s.resolve("index.html")).contains("euler-s2/index.html"));
        assertTrue(Files.isRegularFile(s.resolve("adams/stability-stage2.png")));
        assertTrue(r.out().contains("results.md: 3 runs"), r.out());
    }

    /**
     * A metrics.csv cut short at a line's end is still a well-formed file: the summary's epochs done say rows are
     * missing, and the run is named as damaged (it was listed as unfinished, "1 of 2 epochs (completed)").
     */
    @Test
    void aMetricsFileWithFewerRowsThanTheSummarysEpochsIsDamaged(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        Path metrics = s.resolve("euler-s2/metrics.csv");
        List<String> lines = Files.readAllLines(metrics);
        Files.write(metrics, lines.subList(0, 2));
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("error: skipped " + s.resolve("euler-s2") + ": metrics.csv has the rows of 1 epoch, summary.json "
                + "says 2 epochs done (the file is cut short)\n", r.err());
        assertFalse(Files.readString(s.resolve("results.md")).contains("euler-s2: euler"));
    }

    /**
     * A unit whose analysis fails (here stage 2's learned β_0 is NaN, as a diverged run writes it) is one row
     * saying why, in results.md and on the pages; the other units of the run keep their analysis (it used to be
     * "No analysis: learnable coefficient 'unit2.beta0' is not finite: NaN" for the whole run).
     */
    @Test
    void aUnitWhoseAnalysisFailsIsOneRowAndTheOtherUnitsKeepTheirs(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("sweep");
        run(s.resolve("adams"), "adams", "k = \"2\"\ncoefficients = \"learnable\"\n", 14, 1, 1,
                ",stage1.unit1.beta0,stage2.unit1.beta0,stage3.unit1.beta0", "1,0.1,2.0,0.2,60.0,10,1,1,1.5,NaN,2.0");
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String md = Files.readString(s.resolve("results.md"));
        assertFalse(md.contains("No analysis"), md);
        assertTrue(md.contains("| stage1.unit1 | beta0 1.5000 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "2.00 | 1.000 | 0.4500 | 0.0000 |"), md);
        assertTrue(md.contains("| stage3.unit1 | beta0 2.0000 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "1.00 | 0.667 |"), md);
        List<String> failed = md.lines().filter(l -> l.startsWith("| stage2.unit1 |")).toList();
        assertEquals(1, failed.size(), md);
        assertTrue(failed.get(0).contains("not analysed: ") && failed.get(0).contains("NaN"), failed.get(0));
        assertFalse(md.contains("Exception") || md.contains("\tat "), md);
        for (Path page : List.of(s.resolve("index.html"), s.resolve("adams/index.html"))) {
            String html = Files.readString(page);
            assertTrue(html.contains("<tr><td>stage1.unit1</td>") && html.contains("<tr><td>stage3.unit1</td>"),
                    page.toString());
            List<String> rows = html.lines().filter(l -> l.startsWith("<tr><td>stage2.unit1</td>")).toList();
            assertEquals(1, rows.size(), page.toString());
            assertTrue(rows.get(0).contains("not analysed: ") && rows.get(0).contains("NaN"), rows.get(0));
        }
        assertTrue(Files.isRegularFile(s.resolve("adams/stability-stage1.png")));
        assertTrue(Files.isRegularFile(s.resolve("adams/stability-stage3.png")));
    }

    /**
     * A run directory named twice (a sweep folder and one of its runs, or the same folder as two spellings) is one
     * run of the report: it used to be read twice ("6 runs"), listed as a repeat of itself, with a second page
     * folder, and its first page folder lost its page (the pages were keyed by the run's records).
     */
    @Test
    void aRunDirectoryNamedTwiceIsReportedOnce(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        Path out = dir.resolve("out");
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString(), s.resolve("euler-s1").toString(),
                s.resolve("../sweep/lm").toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("results.md: 5 runs"), r.out());
        assertFalse(Files.readString(out.resolve("results.md")).contains("Repeated"));
        assertEquals(6, r.out().lines().filter(l -> l.startsWith("page: ")).count(), r.out());
        for (String run : List.of("euler-s1", "euler-s2", "euler-s3", "adams", "lm")) {
            assertTrue(Files.isRegularFile(out.resolve(run).resolve("index.html")), run);
        }
        assertFalse(Files.exists(out.resolve("euler-s1-2")));
    }

    /** A run without summary.json (lost, or never written) is in the same cell as its seeds: the same data set. */
    @Test
    void aRunWithoutItsSummaryStaysInItsCell(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        Files.delete(s.resolve("euler-s2/summary.json"));
        RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
        assertEquals(0, r.exitCode(), r.err());
        String md = Files.readString(s.resolve("results.md"));
        assertTrue(md.contains("| euler | 20 | 2 | cifar-10-sample | 11.00 ± 1.41 | 2 | s1 10.00, s2 12.00 | 8.75 |"),
                md);
    }

    /**
     * The report names the data set of a run without summary.json as that run's summary would: the name the data
     * module gives what it loads, the bundled sample's ({@code --data sample}) or a CIFAR-10 folder's. Fails when the
     * report's name and the data module's diverge.
     */
    @Test
    void theDataSetOfARunWithoutSummaryIsNamedAsTheDataModuleNamesIt(@TempDir Path dir) throws IOException {
        Path sample = dir.resolve("sample-run");
        run(sample, "euler", "", 20, 1, 1, "", "1,0.1,2.0,0.2,50.0,10,1,1");
        Files.delete(sample.resolve("summary.json"));
        assertEquals(org.schemenet.data.BundledSample.load().description().name(),
                org.schemenet.report.RunDirectory.read(sample).dataSet());
        Path folder = SyntheticCifar.write(dir.resolve("cifar"), 10, 10, 1);
        Path inFolder = dir.resolve("folder-run");
        run(inFolder, "euler", "", 20, 1, 1, "", "1,0.1,2.0,0.2,50.0,10,1,1");
        Files.delete(inFolder.resolve("summary.json"));
        Files.writeString(inFolder.resolve("config.toml"), Files.readString(inFolder.resolve("config.toml"))
                .replace("data = \"sample\"", "data = \"" + folder.toString().replace("\\", "\\\\") + "\""));
        assertEquals(org.schemenet.data.Cifar10Reader.readFolder(folder).description().name(),
                org.schemenet.report.RunDirectory.read(inFolder).dataSet());
    }

    @Test
    void stabilityOfTheLearnedUnitsOfARun(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        Path png = dir.resolve("learned.png");
        RunnerHarness.Result r = RunnerHarness.run("stability", "--run", s.resolve("adams").toString(), "--stage", "2",
                "--plot", png.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("stage2.unit1 {beta0=1.05}: interval [-1.818"), r.out());
        assertTrue(!r.out().contains("stage1.unit1"), r.out());
        assertTrue(r.out().contains("rho [1.0, -1.0, 0.0], sigma [1.5, -0.5]"), r.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);

        Path ab3 = dir.resolve("ab3.png");
        RunnerHarness.Result fixed = RunnerHarness.run("stability", "--scheme", "adams", "--k", "3", "--plot",
                ab3.toString());
        assertEquals(0, fixed.exitCode(), fixed.err());
        // AB3: ρ = ζ³ − ζ², σ = (23ζ² − 16ζ + 5)/12, interval [−6/11, 0]
        assertTrue(fixed.out().contains("interval of absolute stability on the negative real axis: [-0.545"),
                fixed.out());
        assertTrue(ImageIO.read(ab3.toFile()).getWidth() > 0);
    }

    /**
     * {@code --unit U} selects the unit the run's coefficients name {@code stage<s>.unit<U>}, counted from 0 as the
     * wiring counts them ({@code runner wiring}: f0, f1, ...), so a learned unit 0 can be selected.
     */
    @Test
    void unitsAreSelectedByTheNumberInTheirNamesFromZero(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        RunnerHarness.Result r = RunnerHarness.run("stability", "--run", s.resolve("lm").toString(), "--stage", "2",
                "--unit", "0", "--plot", dir.resolve("lm.png").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("stage2.unit0 {k=1.2}"), r.out());
        assertFalse(r.out().contains("stage1.unit0"), r.out());
    }

    @Test
    void badInputExitsTwoWithAMessage(@TempDir Path dir) throws IOException {
        Path s = sweep(dir);
        assertBad("is not a directory", "report", dir.resolve("missing").toString());
        Files.createDirectories(dir.resolve("empty"));
        assertBad("no run directories", "report", dir.resolve("empty").toString());
        assertBad("give either --scheme NAME", "stability", "--scheme", "adams", "--run", s.resolve("adams").toString());
        assertBad("has no learnable coefficients", "stability", "--run", s.resolve("euler-s1").toString());
        RunnerHarness.Result none = RunnerHarness.run("stability", "--run", s.resolve("adams").toString(), "--unit",
                "5");
        assertEquals(2, none.exitCode(), none.out() + none.err());
        assertEquals("error: --run " + s.resolve("adams") + ": no learned unit matches --unit 5; the run has "
                + "stage1.unit1, stage2.unit1, stage3.unit1\n", none.err(), "only the selectors given are named");
        RunnerHarness.Result stage = RunnerHarness.run("stability", "--run", s.resolve("adams").toString(),
                "--stage", "4");
        assertEquals(2, stage.exitCode(), stage.out() + stage.err());
        assertEquals("error: --stage: 4 is out of range; allowed: an integer in [1, 3]\n", stage.err());
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "mine\n");
        RunnerHarness.Result toFile = RunnerHarness.run("report", s.toString(), "--out", file.toString());
        assertEquals(2, toFile.exitCode(), toFile.out() + toFile.err());
        assertEquals("error: --out " + file + " is a file, not a directory\n", toFile.err());
        assertEquals("mine\n", Files.readString(file));
        Files.writeString(s.resolve("lm/metrics.csv"), "epoch,lr,train_loss\n1,0.1,oops\n");
        assertBad("no column 'test_error_pct'", "report", s.toString());
    }

    private static void assertBad(String message, String... args) {
        RunnerHarness.Result r = RunnerHarness.run(args);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    /**
     * A run killed with SIGKILL leaves summary.json saying "running" and a run.lock nobody holds: the report
     * calls it interrupted and its page stops reloading; a run whose lock a live process holds stays running.
     */
    @Test
    void aRunWhoseSummarySaysRunningButWhoseLockNobodyHoldsIsInterrupted(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("sweep");
        Path killed = s.resolve("killed");
        Path alive = s.resolve("alive");
        for (Path p : List.of(killed, alive)) {
            run(p, "euler", "", 20, 1, 3, "", "1,0.1,2.0,0.2,50.0,10,1,1");
            Files.writeString(p.resolve("summary.json"), "{\"data\":{\"name\":\"cifar-10-sample\"},\"results\":"
                    + "{\"status\":\"running\",\"epochsDone\":1}}");
        }
        // what kill -9 leaves: the lock file with the dead owner's process id, the lock released by the kernel
        Files.writeString(killed.resolve("run.lock"), "2147483646\n");
        Process holder = new ProcessBuilder(SweepCommandTest.javaCommand(LockHolder.class.getName(), alive.toString()))
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
                    .readLine());
            RunnerHarness.Result r = RunnerHarness.run("report", s.toString());
            assertEquals(0, r.exitCode(), r.err());
            String page = Files.readString(killed.resolve("index.html"));
            assertFalse(page.contains("id=\"live\"") || page.contains("<script"), "a killed run's page stops reloading");
            assertTrue(page.contains("id=\"status\">interrupted</span> 1 of 3 epochs"), page);
            assertTrue(Files.readString(s.resolve("results.md")).contains("killed: euler, depth 20, 1 of 3 epochs "
                    + "(interrupted)"), Files.readString(s.resolve("results.md")));
            String live = Files.readString(alive.resolve("index.html"));
            assertTrue(live.contains("id=\"live\"") && live.contains("id=\"status\">running</span>"),
                    "trained by a live process: " + live);
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }
}
