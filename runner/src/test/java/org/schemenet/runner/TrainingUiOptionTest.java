package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ui[=PORT]} on every build: listed in {@code --help}, a port outside 0 to 65535 and {@code --dry-run}
 * are refused before anything starts. What it does on each build: {@link TrainingUiDefaultBuildTest},
 * {@link TrainingUiRunTest}.
 */
class TrainingUiOptionTest {

    @Test
    void helpListsTheOptionWithItsDefaultPortAndTheBuildThatHasIt() {
        RunnerHarness.Result r = RunnerHarness.run("--help");
        assertEquals(0, r.exitCode(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--ui[=PORT] serve DL4J's training UI"), help);
        assertTrue(help.contains("(PORT default 9000; 0: any free port)"), help);
        assertTrue(help.contains("needs the ui build ('mvn -B -Pui -DskipTests package')"), help);
    }

    @Test
    void aPortOutOfRangeIsOneError(@TempDir Path dir) {
        Path out = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "euler", "--depth", "8", "--out", out.toString(),
                "--ui=65536");
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: --ui: 65536 is out of range; allowed: a port in [1, 65535], or 0 for any free port",
                r.err().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aDryRunWithTheUiIsOneError() {
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "euler", "--dry-run", "--ui");
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: --ui: a dry run trains nothing; drop --ui or --dry-run", r.err().strip());
        assertEquals("", r.out());
    }
}
