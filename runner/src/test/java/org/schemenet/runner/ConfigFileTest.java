package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    private final ConfigFile files = new ConfigFile();
    private final ConfigResolver resolver = new ConfigResolver(files,
            new Environment(Map.of("HOME", "/home/user", "OMP_NUM_THREADS", "3"), Path.of(".")));

    private static ConfigResolver.Given flags(Map<ConfigKey, Object> values, Path file) {
        return new ConfigResolver.Given(values, Map.of(), file);
    }

    @Test
    void defaultsAreThePapersProtocol() {
        RunConfig c = resolver.resolve(flags(Map.of(ConfigKey.SCHEME, "adams"), null));
        assertEquals(20, c.depth());
        assertEquals("A", c.shortcut());
        assertEquals(160, c.epochs());
        assertEquals(128, c.batchSize());
        assertEquals(0.1, c.lr());
        assertEquals(List.of(80, 120), c.milestones());
        assertEquals(1e-4, c.weightDecay());
        assertEquals(0.9, c.momentum());
        assertEquals("/home/user/.schemenet/data", c.data());
        assertEquals(0, c.seed());
        assertEquals(3, c.threads());
        assertTrue(c.out().matches("runs/\\d{8}-\\d{6}-adams-d20-s0"), c.out());
    }

    @Test
    void milestonesFollowAShorterRunUnlessGiven() {
        assertEquals(List.of(5, 8), resolver.resolve(flags(Map.of(ConfigKey.SCHEME, "adams", ConfigKey.EPOCHS, 10L),
                null)).milestones());
        assertEquals(List.of(3), resolver.resolve(flags(Map.of(ConfigKey.SCHEME, "adams", ConfigKey.EPOCHS, 10L,
                ConfigKey.MILESTONES, List.of(3L)), null)).milestones());
    }

    @Test
    void theFileIsReadAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.toml");
        Files.writeString(file, """
                depth = 32
                epochs = 10
                lr = 0.05
                data = "sample"
                [scheme]
                name = "rk"
                tableau = "custom"
                a = [[0.0, 0.0], [0.5, 0.0]]
                b = [0.0, 1.0]
                """);
        RunConfig c = resolver.resolve(flags(Map.of(ConfigKey.EPOCHS, 4L), file));
        assertEquals("rk", c.scheme());
        assertEquals(32, c.depth());
        assertEquals(4, c.epochs());
        assertEquals(List.of(2, 3), c.milestones());
        assertEquals(0.05, c.lr());
        assertEquals("sample", c.data());
        // scheme options reach the scheme as text; arrays in TOML syntax
        assertEquals(Map.of("tableau", "custom", "a", "[[0.0, 0.0], [0.5, 0.0]]", "b", "[0.0, 1.0]"), c.schemeOptions());
    }

    @Test
    void theWrittenConfigurationReadsBackToTheSameConfiguration(@TempDir Path dir) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tableau", "custom");
        options.put("a", "[[0.0, 0.0], [0.5, 0.0]]");
        options.put("note", "say \"hi\"");
        RunConfig c = new RunConfig("rk", options, 14, "B", 7, 32, 0.2, List.of(3, 5), 5e-4, 0.8, "sample", 100, 50,
                dir.resolve("run").toString(), 9, "cpu", 2, null);
        Path file = dir.resolve("config.toml");
        Files.writeString(file, files.write(c));
        RunConfig back = resolver.resolve(flags(Map.of(), file));
        assertEquals(c, back);
    }

    @Test
    void nearestKeyIsByEditDistance() {
        assertEquals("batch-size", ConfigKey.nearest("batchsize", ConfigKey.keys()));
        assertEquals("weight-decay", ConfigKey.nearest("weight_decay", ConfigKey.keys()));
        assertEquals(3, ConfigKey.editDistance("kitten", "sitting"));
    }

    @Test
    void aTableInTheSchemeTableIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, "[scheme]\nname = \"rk\"\n[scheme.inner]\nx = 1\n");
        UsageException e = assertThrows(UsageException.class, () -> files.read(file));
        assertTrue(e.getMessage().contains("[scheme] inner is a table"), e.getMessage());
    }
}
