package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void aNewRunNeedsANewOrEmptyFolderAndLeavesOtherFilesAlone(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("metrics.csv"), "the user's own file\n");
        Files.writeString(mine.resolve("notes.txt"), "x");
        InputException e = assertThrows(InputException.class, () -> RunDirectory.at(mine).createForNewRun("--out"));
        assertEquals("--out " + mine + " is a folder with other files (metrics.csv, notes.txt) and no run in it; a run "
                + "needs a new or empty folder, so give another --out", e.getMessage());
        assertEquals("the user's own file\n", Files.readString(mine.resolve("metrics.csv")));

        assertTrue(assertThrows(InputException.class, () -> RunDirectory.at("--out", "")).getMessage()
                .startsWith("--out: an empty path is not a run directory"));
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertEquals("--out " + file + " is a file, not a directory", assertThrows(InputException.class,
                () -> RunDirectory.at(file).createForNewRun("--out")).getMessage());
        String under = assertThrows(InputException.class, () -> RunDirectory.at(file.resolve("run"))
                .createForNewRun("--out")).getMessage();
        assertTrue(under.startsWith("cannot create the run directory " + file.resolve("run") + ": ")
                && under.toLowerCase().contains("not a directory"), under);

        RunDirectory empty = RunDirectory.at(dir.resolve("empty"));
        empty.createForNewRun("--out");
        Files.writeString(empty.config(), "[scheme]\nname = \"euler\"\n");
        assertTrue(assertThrows(InputException.class, () -> empty.createForNewRun("--out")).getMessage()
                .contains("already holds a run (config.toml); continue it with --resume"));
    }

    @Test
    void filesAreReadableByAllAndTemporaryFilesOfAKilledWriterAreRemoved(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.at(dir);
        run.writeReportFile("picture.png", new byte[] {1, 2, 3});
        run.writeSummary(Map.of("results", Map.of("status", "running", "finalTestErrorPct", Double.NaN)));
        for (String name : List.of("picture.png", "summary.json")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))),
                    name);
        }
        assertEquals(null, run.summary().orElseThrow().section("results").get("finalTestErrorPct"), "NaN as null");
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints/.epoch-0003.zip.tmp-123"), "half");
        Files.writeString(dir.resolve("checkpoints/.writing-5.zip"), "half (older runner)");
        Files.writeString(dir.resolve(".metrics.csv.tmp-9"), "half");
        Files.writeString(dir.resolve("checkpoints/epoch-0002.zip"), "kept");
        run.removeTemporaryFiles();
        try (var left = Files.walk(dir)) {
            assertEquals(List.of("checkpoints", "checkpoints/epoch-0002.zip", "picture.png", "summary.json"),
                    left.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList());
        }
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileAndNamesTheCause(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub").resolve("x.txt");
        InputException e = assertThrows(InputException.class, () -> AtomicWrite.stream(target, out -> {
            out.write(1);
            throw new java.io.IOException("No space left on device");
        }));
        assertEquals("cannot write " + target + ": no space left on device", e.getMessage());
        try (var left = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void theStatusComesFromTheRecords(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.at(dir.resolve("r"));
        assertEquals(new RunStatus.NotStarted(), run.status(2));
        run.createForNewRun("--out");
        Files.writeString(run.config(), "[scheme]\nname = \"euler\"\n");
        assertEquals(new RunStatus.Interrupted(0, false), run.status(2), "killed before its first checkpoint");
        run.writeSummary(Map.of("results", Map.of("status", "running", "epochsDone", 1)));
        Files.createDirectories(dir.resolve("r/checkpoints"));
        Files.writeString(dir.resolve("r/checkpoints/epoch-0001.zip"), "x");
        assertEquals(new RunStatus.Interrupted(1, true), run.status(2));
        run.writeSummary(Map.of("results", Map.of("status", "completed", "epochsDone", 2)));
        assertEquals(new RunStatus.Finished(2), run.status(2));
        assertEquals(new RunStatus.Interrupted(2, true), run.status(3), "a longer plan resumes it");
        run.writeSummary(Map.of("results", Map.of("status", "diverged", "epochsDone", 1, "message", "loss 1e18")));
        assertEquals(new RunStatus.Diverged("loss 1e18"), run.status(2));
        try (RunLock lock = run.lock()) {
            assertEquals(new RunStatus.Running(ProcessHandle.current().pid()), run.status(2));
        }
    }

    /**
     * A start that stops before it trains takes back what it made from its first check on: a Spark run's sample
     * (written while its data opens, before the folder is made for the run) and Spark's scratch, its records, and
     * the folders it made; scratch that was there before (a start that stopped right there) stays, and so does
     * scratch in a folder another run took meanwhile.
     */
    @Test
    void aStartThatStopsBeforeItTrainsTakesBackItsScratchAndKeepsWhatWasThere(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.at(dir.resolve("runs/a"));
        RunDirectory.Created before = run.checkForNewRun("--out");
        Files.createDirectories(run.path().resolve("spark-data/cifar-10-batches-bin"));
        Files.writeString(run.path().resolve("spark-data/cifar-10-batches-bin/test_batch.bin"), "x");
        run.createForNewRun("--out");
        try (RunLock lock = run.lock()) {
            Files.writeString(run.config(), "[scheme]\nname = \"euler\"\n");
            Files.createDirectories(run.path().resolve("spark-tmp/local/blockmgr-1"));
        }
        run.takeBack(before, true);
        assertFalse(Files.exists(dir.resolve("runs")), "everything the start made is gone");

        Files.createDirectories(run.path().resolve("spark-data"));
        Files.writeString(run.path().resolve("spark-data/kept"), "x");
        RunDirectory.Created again = run.checkForNewRun("--out");
        Files.createDirectories(run.path().resolve("spark-tmp/local"));
        run.takeBack(again, false);
        assertTrue(Files.exists(run.path().resolve("spark-data/kept")), "there before: it stays");
        assertFalse(Files.exists(run.path().resolve("spark-tmp")));

        RunDirectory other = RunDirectory.at(dir.resolve("other"));
        RunDirectory.Created mine = other.checkForNewRun("--out");
        Files.createDirectories(other.path().resolve("spark-data"));
        Files.writeString(other.config(), "[scheme]\nname = \"euler\"\n");   // another process's run took it
        other.takeBack(mine, false);
        assertTrue(Files.exists(other.path().resolve("spark-data")) && other.isRun(), "another run's: it stays");
    }

    @Test
    void metricsRowsOnceWrittenAreNeverRewritten(@TempDir Path dir) throws Exception {
        MetricsFile m = RunDirectory.at(dir).metrics();
        m.append(new MetricsFile.Row(1, 0.1, 2.0, 0.25, 75.0, 100.0, 2.0, 0.5, Map.of("stage1.unit1.beta0", 1.5)));
        m.append(new MetricsFile.Row(2, 0.010000000000000002, 1.5, Double.NaN, 60.0, 101.234, 2.0, 0.5,
                Map.of("stage1.unit1.beta0", 1.25)));
        String two = Files.readString(m.path());
        assertEquals("epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,seconds,test_seconds,stage1.unit1.beta0\n"
                + "1,0.1,2.0,0.25,75.0,100.00,2.000,0.500,1.5\n2,0.01,1.5,,60.0,101.23,2.000,0.500,1.25\n", two);
        // a hand-edited earlier row stays as it is
        Files.writeString(m.path(), two.replace("1,0.1,2.0,", "1,0.1,2.00,"));
        m.keepEpochs(1);
        m.append(new MetricsFile.Row(2, 0.01, 1.4, 0.5, 55.0, 1, 1, 1, Map.of("stage1.unit1.beta0", 1.0)));
        List<String> lines = Files.readAllLines(m.path());
        assertEquals("1,0.1,2.00,0.25,75.0,100.00,2.000,0.500,1.5", lines.get(1));
        assertEquals(3, lines.size());
        assertEquals(55.0, m.read().get(1).testErrorPct());
        assertTrue(Double.isNaN(new MetricsFile(dir.resolve("none.csv")).read().stream().findFirst()
                .map(MetricsFile.Row::lr).orElse(Double.NaN)));
        m.keepEpochs(0);
        assertFalse(Files.exists(m.path()), "restarted from the beginning: no rows");
    }

    @Test
    void aResumeNeedsTheRowsUpToItsCheckpointAndDropsOnlyLaterOnes(@TempDir Path dir) throws Exception {
        MetricsFile m = RunDirectory.at(dir).metrics();
        String header = String.join(",", MetricsFile.COLUMNS);
        String tail = ",0.1,2.0,0.25,75.0,100.00,2.000,0.500";
        String advice = "; a resume needs it intact up to the checkpoint's epoch 2 (the header, then the rows of "
                + "epochs 1 to 2): put the run's own file back, or start the run anew (runner --config "
                + dir.resolve("config.toml") + ")";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(header + "\n1" + tail + "\n1" + tail + "\n", "line 3 repeats epoch 1");
        refused.put(header + "\n2" + tail + "\n", "the row of epoch 1 is missing");
        refused.put(header + "\n1" + tail + "\n3" + tail + "\n2" + tail + "\n",
                "line 3 (epoch 3) comes before the row of an earlier epoch");
        refused.put(header + "\n1" + tail + "\n2,0.1,x,0.25,75.0,100.00,2.000,0.500\n", "line 3: 'x' is not a number");
        refused.put(header + "\n1" + tail + "\nepoch two\n", "line 3 'epoch two' is not a metrics row");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            Files.writeString(m.path(), c.getKey());
            InputException e = assertThrows(InputException.class, () -> m.keepEpochs(2));
            assertEquals(m.path() + ": " + c.getValue() + advice, e.getMessage());
            assertEquals(c.getKey(), Files.readString(m.path()), "unchanged");
        }
        Files.writeString(m.path(), header + "\n1" + tail + "\n2" + tail + "\n3" + tail + "\n4,0.1\n");
        m.checkEpochs(2);
        m.keepEpochs(2);
        assertEquals(header + "\n1" + tail + "\n2" + tail + "\n", Files.readString(m.path()));
    }
}
