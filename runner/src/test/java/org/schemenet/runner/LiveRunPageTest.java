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
        assertTrue(during.contains("<meta http-equiv=\"refresh\" content=\"" + ReportPage.REFRESH_SECONDS + "\">"));
        assertTrue(during.contains("id=\"status\">running</span> 1 of 2 epochs"), during.substring(0, 3000));
        Path page = out.resolve(ReportPage.FILE);
        String after = Files.readString(page);
        assertFalse(after.contains("http-equiv=\"refresh\""));
        assertTrue(after.contains("id=\"status\">completed</span> 2 of 2 epochs"), after.substring(0, 3000));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));

        try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium-profile"))) {
            JsonObject first = ReportPagesBrowserTest.load(chromium, Snapshot.target);
            assertEquals(1, first.get("epochRows").getAsInt());
            assertEquals(String.valueOf(ReportPage.REFRESH_SECONDS), first.get("refresh").getAsString());
            JsonObject last = ReportPagesBrowserTest.load(chromium, page);
            assertEquals(2, last.get("epochRows").getAsInt());
            assertTrue(last.get("refresh").isJsonNull());
            assertEquals(1, last.getAsJsonArray("rows").size(), "the run's finished cell");
        }
    }
}
