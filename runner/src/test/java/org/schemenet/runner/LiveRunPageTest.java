package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.report.ReportPage;
import org.schemenet.train.RunObserver;
import org.schemenet.train.TrainingPlan;

/**
 * A real (tiny) training run keeps its web page up to date ({@link LiveRunPage}): after epoch 1 the
 * page shows that epoch and reloads itself; when the run has ended it shows every epoch, says
 * completed and no longer reloads. Both versions are loaded in headless Chromium.
 */
class LiveRunPageTest {

    /** Copies the run's page aside when epoch 2 starts, i.e. after every observer has seen epoch 1. */
    static final class Snapshot implements RunObserver {
        static Path target;
        private Path directory;

        @Override
        public void started(TrainingPlan plan, org.schemenet.train.TrainerState resumed) {
            directory = plan.runDirectory();
        }

        @Override
        public void epochStarted(int epoch, int epochs, double learningRate, long images, long imagesDone) {
            if (epoch == 2) {
                try {
                    Files.copy(directory.resolve(ReportPage.FILE), target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void theRunsPageIsRewrittenAfterEveryEpochAndReloadsWhileItTrains(@TempDir Path dir) throws IOException {
        Path data = SyntheticCifar.write(dir.resolve("cifar"), 40, 20, 3);
        Path out = dir.resolve("run");
        Snapshot.target = dir.resolve("after-epoch-1.html");
        AbstractModule snapshot = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), RunObserver.class).addBinding().toInstance(new Snapshot());
            }
        };
        RunnerHarness.Result r = RunnerHarness.run(List.of(snapshot),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                "--scheme", "euler", "--depth", "8", "--epochs", "2", "--batch-size", "20", "--data", data.toString(),
                "--seed", "3", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertFalse(r.err().contains("warning"), r.err());

        String during = Files.readString(Snapshot.target);
        assertTrue(during.contains("<p class=\"note\" id=\"live\" data-written=\""), during.substring(0, 3000));
        assertTrue(during.contains("id=\"status\">running</span> 1 of 2 epochs"), during.substring(0, 3000));
        Path page = out.resolve(ReportPage.FILE);
        String after = Files.readString(page);
        assertFalse(after.contains("id=\"live\"") || after.contains("<script"));
        assertTrue(after.contains("id=\"status\">completed</span> 2 of 2 epochs"), after.substring(0, 3000));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));

        try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium-profile"))) {
            JsonObject first = ReportPagesBrowserTest.load(chromium, Snapshot.target);
            assertEquals(1, first.get("epochRows").getAsInt());
            assertTrue(first.get("live").getAsBoolean(), "reloads itself");
            JsonObject last = ReportPagesBrowserTest.load(chromium, page);
            assertEquals(2, last.get("epochRows").getAsInt());
            assertFalse(last.get("live").getAsBoolean());
            assertEquals(1, last.getAsJsonArray("rows").size(), "the run's finished cell");
        }
    }

    /**
     * Runs before the page's own script on every load: moves the page's clock ({@code Date.now()}) on by
     * {@code skew} ms, as if the browser opened the page that much later, and records the delay of every timer
     * the page sets ({@code window.timers}).
     */
    static String clockMovedOn(long skew) {
        return "(() => { const now = Date.now; Date.now = () => now() + " + skew + "; window.timers = [];"
                + " const set = window.setTimeout; window.setTimeout = (f, d, ...a) => { window.timers.push(d);"
                + " return set(f, d, ...a); }; })();";
    }

    static final String STATE = """
            JSON.stringify({
              stale: !!document.getElementById('stale') && !document.getElementById('stale').hidden,
              live: !!document.getElementById('live') && !document.getElementById('live').hidden,
              status: document.getElementById('status').textContent,
              text: (document.getElementById('stale') || {textContent: ''}).textContent,
              timers: window.timers,
              refresh: document.querySelector('meta[http-equiv="refresh"]') !== null,
              navigation: performance.getEntriesByType('navigation')[0].type
            })""";

    /**
     * The page of a run whose process was killed with SIGKILL is never rewritten again: opened (or reloaded)
     * once it is overdue it stops reloading and says that no update came, the run may have stopped and
     * {@code runner report DIR} tells; a page that is not overdue reloads itself, also at the moment it becomes
     * overdue. The browser's clock is moved on by a script that runs before the page's.
     */
    @Test
    void aPageThatIsNoLongerRewrittenStopsReloadingAndSaysNoUpdateCame(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        ReportCommandTest.run(run, "euler", "", 20, 4, 3, "", "1,0.1,2.1,0.25,45.0,10,1,1");
        Files.writeString(run.resolve("summary.json"), "{\"data\":{\"name\":\"cifar-10-sample\"},"
                + "\"results\":{\"status\":\"running\",\"epochsDone\":1}}");
        Path page = run.resolve(ReportPage.FILE);
        // what the training process writes after epoch 1, the last page a SIGKILL leaves
        Files.writeString(page, ReportPage.run(org.schemenet.report.RunDirectory.read(run),
                java.util.Optional.empty(), true, java.util.Optional.empty()));

        try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium-profile"))) {
            JsonObject fresh = state(chromium, chromium.open(page.toUri().toString(), clockMovedOn(0)));
            assertFalse(fresh.get("refresh").getAsBoolean(), "no meta refresh: " + fresh);
            assertFalse(fresh.get("stale").getAsBoolean(), fresh.toString());
            assertEquals("running", fresh.get("status").getAsString());
            assertEquals(1, fresh.getAsJsonArray("timers").size(), fresh.toString());
            assertTrue(fresh.getAsJsonArray("timers").get(0).getAsInt() <= ReportPage.REFRESH_SECONDS * 1000);

            JsonObject late = state(chromium, chromium.open(page.toUri().toString(), clockMovedOn(600_000)));
            assertTrue(late.get("stale").getAsBoolean() && !late.get("live").getAsBoolean(), late.toString());
            assertEquals(0, late.getAsJsonArray("timers").size(), "no reload: " + late);
            assertFalse(late.get("refresh").getAsBoolean(), late.toString());
            assertEquals("no update", late.get("status").getAsString());
            assertTrue(late.get("text").getAsString().startsWith("No update since ")
                    && late.get("text").getAsString().contains("the run may have stopped. Run runner report " + run
                    + " to see its state"), late.toString());

            // opened 10 s before it is overdue, counted from when the page was written (not from when the test
            // wrote it: on a loaded machine the browser's first pages take seconds): it reloads then, and the
            // reloaded page stops
            long overdueIn = 10_000;
            HeadlessChromium.Page soon = chromium.open(page.toUri().toString(), clockMovedOn(written(page)
                    + ReportPage.OVERDUE_SECONDS * 1000L - overdueIn - System.currentTimeMillis()));
            JsonObject before = state(chromium, soon);
            assertFalse(before.get("stale").getAsBoolean(), before.toString());
            assertTrue(chromium.await(soon, "performance.getEntriesByType('navigation')[0].type === 'reload'"
                    + " && !document.getElementById('stale').hidden", 40), "reloaded when overdue, then stopped");
            JsonObject after = state(chromium, soon);
            assertEquals(0, after.getAsJsonArray("timers").size(), after.toString());
            assertEquals(List.of(), chromium.errors(soon));
        }
    }

    private static JsonObject state(HeadlessChromium chromium, HeadlessChromium.Page page) throws IOException {
        return com.google.gson.JsonParser.parseString(chromium.evaluate(page, STATE).getAsString()).getAsJsonObject();
    }

    /** When the run's page was written, from its live note; -1 for a page that is not live. */
    static long written(Path page) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"live\" data-written=\"(\\d+)\"")
                .matcher(Files.readString(page));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * A page says it is rewritten at least every {@link ReportPage#REWRITE_SECONDS} s while the run trains, also
     * during a long epoch: the live page rewrites it on a timer of its own (here every 300 ms), and stops when the
     * run ends ({@code finished}, the last page not live) or when the session closes it without an end (the
     * trainer threw: the page is then left to become overdue).
     */
    @Test
    void whileTheRunTrainsItsPageIsRewrittenOnATimerThatStopsWithTheRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        ReportCommandTest.run(run, "euler", "", 20, 4, 3, "", "1,0.1,2.1,0.25,45.0,10,1,1");
        Path page = run.resolve(ReportPage.FILE);
        java.io.StringWriter err = new java.io.StringWriter();
        Console console = new Console(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true));
        TrainingPlan plan = new TrainingPlan(3, 4, run);

        LiveRunPage live = new LiveRunPage(console, 300);
        live.started(plan, null);
        long first = written(page);
        assertTrue(first > 0);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (written(page) <= first && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(written(page) > first, "rewritten without an epoch ending");
        live.finished(new org.schemenet.train.RunResult(org.schemenet.train.RunResult.Status.INTERRUPTED, 1,
                Double.NaN, Double.NaN, 0, 1, 1, null, "interrupted", List.of()));
        String last = Files.readString(page);
        assertEquals(-1, written(page), "the last page is not live");
        Thread.sleep(1000);
        assertEquals(last, Files.readString(page), "no rewrite after the end");

        LiveRunPage closed = new LiveRunPage(console, 300);
        closed.started(plan, null);
        closed.close();
        String left = Files.readString(page);
        Thread.sleep(1000);
        assertEquals(left, Files.readString(page), "no rewrite after close");
        assertEquals("", err.toString());
    }

    @Test
    void aPageThatCannotBeWrittenIsOneWarningNamingItOnce(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        ReportCommandTest.run(run, "euler", "", 20, 4, 3, "", "1,0.1,2.1,0.25,45.0,10,1,1");
        Path page = run.resolve(ReportPage.FILE);
        Files.deleteIfExists(page);
        Files.createDirectories(page.resolve("in-the-way"));   // a full disk or a folder in the way: no page
        java.io.StringWriter err = new java.io.StringWriter();
        Console console = new Console(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true));
        LiveRunPage live = new LiveRunPage(console, 60_000);
        live.started(new TrainingPlan(3, 4, run), null);
        live.close();
        String warning = err.toString().strip();
        assertTrue(warning.startsWith("warning: cannot write " + page + ": ") && warning.lines().count() == 1
                && warning.indexOf(page.toString()) == warning.lastIndexOf(page.toString()), warning);
    }
}
