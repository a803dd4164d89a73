package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.TrainingUi;

/**
 * The default build has no training UI: {@code --ui} stops with exit code 2 and one line saying how to build
 * it, before anything is written. Not run on the ui build ({@code mvn -Pui}), whose runner has one.
 */
@Tag("default-build")
class TrainingUiDefaultBuildTest {
    static final String MESSAGE = "error: --ui: this build has no training UI; build it with 'mvn -B -Pui "
            + "-DskipTests package' (adds DL4J's training UI, see docs/training.md), then run again";

    @Test
    void theDefaultBuildHasNoTrainingUi() {
        assertEquals(java.util.Optional.empty(), TrainingUi.installed());
    }

    @Test
    void theOptionSaysHowToBuildTheUi(@TempDir Path dir) {
        Path data = SyntheticCifar.write(dir.resolve("cifar"), 20, 10, 1);
        Path out = dir.resolve("run");
        for (String ui : new String[] {"--ui", "--ui=9000", "--ui=0"}) {
            RunnerHarness.Result r = RunnerHarness.run("--scheme", "euler", "--depth", "8", "--epochs", "1", "--data",
                    data.toString(), "--out", out.toString(), ui);
            assertEquals(2, r.exitCode(), r.err() + r.out());
            assertEquals(MESSAGE, r.err().strip(), "one line");
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void soDoesAResumeWithTheOption(@TempDir Path dir) {
        RunnerHarness.Result r = RunnerHarness.run("--resume", dir.resolve("some-run").toString(), "--ui");
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals(MESSAGE, r.err().strip());
    }
}
