package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TOML syntax error in a sweep plan or a {@code --config} file is one line naming the file, the line and what is
 * wrong (both read through SettingsToml.syntax), exit code 2, nothing written.
 */
class TomlSyntaxErrorTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aSweepPlanWithASyntaxErrorIsOneLine() throws IOException {
        Path plan = dir.resolve("plan.toml");
        Files.writeString(plan, "depths = [8]\nseeds = [1]\n[training]\nepochs = = 1\ndata = \"sample\"\n"
                + "[[scheme]]\nname = \"euler\"\n\n");
        List<Path> before = files();
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan.toString(), "--out", dir.resolve("sweep").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: plan " + plan + ": TOML syntax error on line 4: invalid value: epochs = = 1\n", r.err());
        assertEquals(before, files(), "nothing written");

        Files.writeString(plan, "depths = [8, 14\nseeds = [1]\n[[scheme]]\nname = \"euler\"\n");
        r = RunnerHarness.run("sweep", plan.toString(), "--out", dir.resolve("sweep").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: plan " + plan + ": TOML syntax error on line 1: unterminated value: depths = [8, 14\n",
                r.err());
        assertEquals(before, files(), "nothing written");
    }

    @Test
    void aConfigFileWithASyntaxErrorIsOneLine() throws IOException {
        Path config = dir.resolve("run.toml");
        Files.writeString(config, "depth = 20\nepochs = = 3\ndata = \"sample\"\n[scheme]\nname = \"euler\"\n");
        List<Path> before = files();
        RunnerHarness.Result r = RunnerHarness.run("--config", config.toString(), "--out",
                dir.resolve("run").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: config file " + config + ": TOML syntax error on line 2: invalid value: epochs = = 3\n",
                r.err());
        assertEquals(before, files(), "nothing written");
        r = RunnerHarness.run("--config", config.toString(), "--verbose");
        assertTrue(r.err().startsWith("error: config file " + config + ": TOML syntax error on line 2: invalid value: "
                + "epochs = = 3\n"), r.err());
    }
}
