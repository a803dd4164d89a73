package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTomlTest {

    static Surroundings surroundings(Path dir) {
        return new Surroundings(Map.of(), "/data/cifar", 2, () -> 1, () -> LocalDateTime.of(2026, 12, 5, 13, 0),
                dir);
    }

    /** A value for every setting that differs from its default, to show that each one is written and read. */
    static GivenSettings everySetting() {
        Map<Setting<?>, Object> v = new LinkedHashMap<>();
        v.put(Settings.SCHEME, "rk");
        v.put(Settings.DEPTH, 32L);
        v.put(Settings.SHORTCUT, "B");
        v.put(Settings.EPOCHS, 7L);
        v.put(Settings.BATCH_SIZE, 64L);
        v.put(Settings.LR, 0.05);
        v.put(Settings.MILESTONES, List.of(2L, 5L, 6L));
        v.put(Settings.WEIGHT_DECAY, 5e-4);
        v.put(Settings.MOMENTUM, 0.8);
        v.put(Settings.DATA, "dir with \"quotes\" and \\ backslash");
        v.put(Settings.TRAIN_SUBSET, 1000L);
        v.put(Settings.TEST_SUBSET, 500L);
        v.put(Settings.SEED, 12345678901L);
        v.put(Settings.OUT, "runs/x");
        v.put(Settings.DEVICE, "gpu");
        v.put(Settings.THREADS, 3L);
        v.put(Settings.PLUGINS, "/opt/plugins");
        v.put(Settings.SPARK, "local[2]");
        v.put(Settings.SPARK_MODE, "shared-gradients");
        v.put(Settings.SPARK_WORKERS, 3L);
        v.put(Settings.WORKERS, 1L);
        v.put(Settings.PARALLEL_MODE, "shared-gradients");
        assertEquals(Settings.ALL.size(), v.size(), "a test value for every setting of the table");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tableau", "custom");
        options.put("a", "[[0, 0], [0.5, 0]]");
        options.put("note", "a \"quoted\" text = [not an array");
        return GivenSettings.flags(v, options);
    }

    @Test
    void theWrittenConfigReadsBackToTheSameSettingsForEverySetting(@TempDir Path dir) throws Exception {
        SettingsResolver resolver = new SettingsResolver(surroundings(dir));
        RunSettings settings = resolver.resolve(everySetting());
        for (Setting<?> s : Settings.ALL) {
            assertTrue(settings.values().containsKey(s), s.key());
        }
        Path file = dir.resolve("config.toml");
        Files.writeString(file, SettingsToml.write(settings));
        RunSettings back = resolver.resolve(SettingsToml.read(file).with(Settings.OUT, "runs/x", "test"));
        assertEquals(settings, back);
        // the run directory is where config.toml is: not recorded
        assertTrue(!Files.readString(file).contains("out ="), Files.readString(file));
    }

    /**
     * Gradient sharing with one worker would be recorded and ignored: a new run is refused ({@code resolveNew}),
     * while the recorded settings of a run made before that check still resolve ({@code resolve}, as --resume reads
     * a run's config.toml), so that such a run stays resumable.
     */
    @Test
    void gradientSharingWithOneWorkerIsRefusedForANewRunOnly(@TempDir Path dir) {
        SettingsResolver resolver = new SettingsResolver(surroundings(dir));
        GivenSettings sharing = GivenSettings.flags(Map.of(Settings.SCHEME, "euler", Settings.PARALLEL_MODE,
                "shared-gradients"), Map.of());
        InputException e = assertThrows(InputException.class, () -> resolver.resolveNew(sharing));
        assertEquals("--parallel-mode shared-gradients: this run has 1 worker, so there is nothing to share; give "
                + "--workers N with N > 1 (docs/scaling.md), or drop --parallel-mode", e.getMessage());
        assertEquals("shared-gradients", resolver.resolve(sharing).get(Settings.PARALLEL_MODE));
        assertEquals("shared-gradients", resolver.resolveNew(sharing.then(GivenSettings.flags(Map.of(Settings.WORKERS,
                2L), Map.of()))).get(Settings.PARALLEL_MODE), "with two workers there is something to share");
        assertEquals("averaging", resolver.resolveNew(GivenSettings.flags(Map.of(Settings.SCHEME, "euler",
                Settings.PARALLEL_MODE, "averaging"), Map.of())).get(Settings.PARALLEL_MODE),
                "as every config.toml says");
    }

    @Test
    void defaultsAreThePapersProtocolAndWrittenOut(@TempDir Path dir) {
        SettingsResolver resolver = new SettingsResolver(new Surroundings(Map.of("OMP_NUM_THREADS", "5"),
                "/data/cifar", 2, () -> 1, () -> LocalDateTime.of(2026, 12, 5, 13, 0, 7), dir));
        RunSettings s = resolver.resolve(GivenSettings.flags(Map.of(Settings.SCHEME, "adams", Settings.EPOCHS, 10L),
                Map.of("k", "2")));
        assertEquals(20L, s.get(Settings.DEPTH));
        assertEquals(List.of(5L, 8L), s.get(Settings.MILESTONES), "ceil(0.5 E), ceil(0.75 E)");
        assertEquals(List.of(80L, 120L), Settings.paperMilestones(160));
        assertEquals(0.9, s.get(Settings.MOMENTUM));
        assertEquals(5L, s.get(Settings.THREADS), "OMP_NUM_THREADS");
        assertEquals("/data/cifar", s.get(Settings.DATA));
        assertEquals("runs/20261205-130007-adams-k2-d20-s0", s.get(Settings.OUT));
        assertEquals(null, s.get(Settings.PLUGINS));
        assertEquals(null, s.get(Settings.SPARK_WORKERS), "only with --spark");
        for (String[] master : new String[][] {{"local", "1"}, {"local[3]", "3"}, {"local[4,2]", "4"}, {"local[*]", "2"},
            {"spark://h:7077", null}}) {
            RunSettings spark = resolver.resolve(GivenSettings.flags(Map.of(Settings.SCHEME, "euler", Settings.SPARK,
                    master[0]), Map.of()));
            assertEquals(master[1] == null ? null : Long.valueOf(master[1]), spark.get(Settings.SPARK_WORKERS), master[0]);
        }
        String toml = SettingsToml.write(s);
        assertTrue(toml.contains("milestones = [5, 8]\n") && toml.contains("weight-decay = 1.0E-4\n")
                && toml.contains("[scheme]\nname = \"adams\"\nk = \"2\"\n") && !toml.contains("plugins"), toml);
    }

    @Test
    void aLegacyConfigWithItsOutKeyStillReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, """
                # schemenet run configuration (resolved: defaults, then --config file, then flags).
                depth = 20
                shortcut = "A"
                epochs = 10
                batch-size = 128
                lr = 0.1
                milestones = [5, 8]
                weight-decay = 1.0E-4
                momentum = 0.9
                data = "cifar/cifar-10-batches-bin"
                train-subset = 0
                test-subset = 0
                out = "docs/results/short-d20/euler-d20-e10-s1"
                seed = 1
                device = "cpu"
                threads = 2
                plugins = "/opt/schemenet/plugins"
                workers = 1
                parallel-mode = "averaging"

                [scheme]
                name = "euler"
                """);
        RunSettings s = new SettingsResolver(surroundings(dir)).resolve(SettingsToml.read(file));
        assertEquals("euler", s.scheme());
        assertEquals("docs/results/short-d20/euler-d20-e10-s1", s.get(Settings.OUT));
        assertEquals(1L, s.get(Settings.SEED));
        // a relative data folder means the one under the working directory, and is now recorded so
        assertEquals(dir.resolve("cifar/cifar-10-batches-bin").toString(), s.get(Settings.DATA));
    }

    /** TOML4J's message for one syntax error quotes the rest of the file, or holds several errors: one line, the first. */
    @Test
    void aSyntaxErrorIsOneLineNamingTheFileTheLineAndWhatIsWrong(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.toml");
        String[][] cases = {
            {"depth = 20\nepochs = = 3\ndata = \"sample\"\n[scheme]\nname = \"euler\"\n",
                "on line 2: invalid value: epochs = = 3"},
            {"depth = 20\nmilestones = [80, 120\nepochs = 3\n[scheme]\nname = \"euler\"\n",
                "on line 2: unterminated value: milestones = [80, 120"},
            {"depth = 20\ndata = \"sample\ndepth = 8\n", "on line 2: unterminated value: data = \"sample"},
            {"depth = 20\ndepth = 32\n", "on line 2: duplicate key: depth = 32"},
            {"[scheme]\nname = \"euler\"\n[scheme]\nname = \"lm\"\n",
                "on line 3: duplicate table definition: [scheme]"},
            {"epochs = 3 x\n", "on line 1: invalid text after key epochs (end the value, or start a comment with #):"
                + " epochs = 3 x"},
            {"\n\nseed = 99999999999999999999\n", "on line 3: integer out of range (TOML integers are 64-bit: "
                + "-9223372036854775808 to 9223372036854775807): seed = 99999999999999999999"},
            {"seed = " + "1".repeat(120) + "\n", "on line 1: integer out of range (TOML integers are 64-bit: "
                + "-9223372036854775808 to 9223372036854775807): seed = " + "1".repeat(63) + "..."},
        };
        for (String[] c : cases) {
            Files.writeString(f, c[0]);
            String m = assertThrows(InputException.class, () -> SettingsToml.read(f)).getMessage();
            assertEquals("config file " + f + ": TOML syntax error " + c[1], m);
        }
    }

    @Test
    void badFilesGetOneMessageNamingFileAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.toml");
        Files.writeString(f, "epoch = 3\n");
        assertEquals("config file " + f + ": unknown key 'epoch' (did you mean 'epochs'? scheme options go in the "
                + "[scheme] table)", assertThrows(InputException.class, () -> SettingsToml.read(f)).getMessage());
        Files.writeString(f, "depth = \"twenty\"\n");
        assertTrue(assertThrows(InputException.class, () -> SettingsToml.read(f)).getMessage().endsWith(
                "'depth' must be an integer (6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)), got the "
                        + "string \"twenty\""));
        Files.writeString(f, "[scheme]\nname = \"rk\"\na = [[0, 0], [0.5, 0]]\nb = [0.0, 1.0]\n");
        String m = assertThrows(InputException.class, () -> SettingsToml.read(f)).getMessage();
        assertEquals("config file " + f + ": TOML syntax error on line 3: a becomes a heterogeneous array: a = [[0, 0],"
                + " [0.5, 0]] (TOML arrays hold values of one type: write every number of an array the same way, e.g. "
                + "[0.5, 0.0] rather than [0.5, 0])", m);
        Files.writeString(f, "epochs = 0\n[scheme]\nname = \"euler\"\n");
        InputException range = assertThrows(InputException.class,
                () -> new SettingsResolver(surroundings(dir)).resolve(SettingsToml.read(f)));
        assertEquals("'epochs' in " + f + ": 0 is out of range; allowed: an integer in [1, 2147483647]", range.getMessage());
    }

    /**
     * A file saved by an editor with a UTF-8 byte-order mark reads like one without (TOML4J saw an invisible key
     * character: "Invalid key on line 1: \uFEFFepochs"), and a file that is not UTF-8 says so in words rather than
     * "input length = 1".
     */
    @Test
    void aByteOrderMarkIsIgnoredAndAFileThatIsNotUtf8SaysSo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bom.toml");
        Files.writeString(f, "\uFEFFepochs = 3\n[scheme]\nname = \"euler\"\n");
        Path plain = Files.writeString(dir.resolve("plain.toml"), "epochs = 3\n[scheme]\nname = \"euler\"\n");
        assertEquals(SettingsToml.read(plain).toString(), SettingsToml.read(f).toString().replace(f.toString(),
                plain.toString()));
        Path binary = Files.write(dir.resolve("binary.toml"), new byte[] {'e', 'p', (byte) 0xC3, (byte) 0x28, '\n'});
        assertEquals("cannot read the config file " + binary + ": it is not UTF-8 text",
                assertThrows(InputException.class, () -> SettingsToml.read(binary)).getMessage());
    }

    /** A path whose parent is a file: the message names that file, not "a file of that name already exists". */
    @Test
    void aParentThatIsAFileIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file.txt"), "x");
        Path target = file.resolve("x.png");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Files.createDirectories(target.getParent()));
        assertEquals("cannot write " + target + ": " + file + " is a file, not a folder",
                Faults.of("write", target, e).getMessage());
    }

    @Test
    void aResumedRunMayExtendEpochsAndChangeThreadsButNothingElse(@TempDir Path dir) {
        SettingsResolver resolver = new SettingsResolver(surroundings(dir));
        RunSettings run = resolver.resolve(GivenSettings.flags(Map.of(Settings.SCHEME, "euler", Settings.EPOCHS, 4L),
                Map.of()));
        RunSettings more = resolver.resume(run, GivenSettings.flags(Map.of(Settings.EPOCHS, 6L, Settings.THREADS, 1L),
                Map.of()));
        assertEquals(6L, more.get(Settings.EPOCHS));
        assertEquals(1L, more.get(Settings.THREADS));
        assertEquals(run.get(Settings.MILESTONES), more.get(Settings.MILESTONES), "the schedule stays the run's");
        assertEquals("--epochs 2: the run has 4 epochs; --resume may extend it, never shorten it (give 4 or more)",
                assertThrows(InputException.class, () -> resolver.resume(run, GivenSettings.flags(
                        Map.of(Settings.EPOCHS, 2L), Map.of()))).getMessage());
        String m = assertThrows(InputException.class, () -> resolver.resume(run, GivenSettings.flags(
                Map.of(Settings.LR, 0.2), Map.of()))).getMessage();
        assertTrue(m.startsWith("--resume continues a run with its own configuration; --lr cannot change (only "
                + "--epochs, --data, --device, --threads, --plugins can)"), m);
    }

    /**
     * A setting a resume may not change, given with the value the run records, changes nothing: it was refused as
     * "--milestones cannot change" (a script that repeats the run's flags on --resume stopped there).
     */
    @Test
    void aResumeAcceptsTheRunsOwnValueOfASettingItMayNotChange(@TempDir Path dir) {
        SettingsResolver resolver = new SettingsResolver(surroundings(dir));
        RunSettings run = resolver.resolve(GivenSettings.flags(Map.of(Settings.SCHEME, "adams", Settings.EPOCHS, 4L,
                Settings.MILESTONES, List.of(2L, 3L), Settings.LR, 0.05), Map.of("k", "3")));
        RunSettings same = resolver.resume(run, GivenSettings.flags(Map.of(Settings.MILESTONES, List.of(2L, 3L),
                Settings.SCHEME, "adams", Settings.LR, 0.05, Settings.DEPTH, run.get(Settings.DEPTH), Settings.EPOCHS,
                6L), Map.of("k", "3")));
        assertEquals(run.with(Settings.EPOCHS, 6L), same);
        assertEquals("--resume continues a run with its own configuration; --milestones cannot change (only --epochs, "
                + "--data, --device, --threads, --plugins can)",
                assertThrows(InputException.class, () -> resolver.resume(run, GivenSettings.flags(
                        Map.of(Settings.MILESTONES, List.of(2L, 4L)), Map.of()))).getMessage());
        assertEquals("--resume continues a run with its own configuration; scheme options (coefficients) cannot change",
                assertThrows(InputException.class, () -> resolver.resume(run, GivenSettings.flags(Map.of(),
                        Map.of("k", "3", "coefficients", "learnable")))).getMessage());
    }

    @Test
    void theFileIsReadAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
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
        RunSettings c = new SettingsResolver(surroundings(dir)).resolve(SettingsToml.read(file)
                .then(GivenSettings.flags(Map.of(Settings.EPOCHS, 4L), Map.of())));
        assertEquals("rk", c.scheme());
        assertEquals(32L, c.get(Settings.DEPTH));
        assertEquals(4L, c.get(Settings.EPOCHS));
        assertEquals(List.of(2L, 3L), c.get(Settings.MILESTONES), "the default schedule follows the flag's epochs");
        assertEquals(0.05, c.get(Settings.LR));
        // scheme options reach the scheme as text; arrays in TOML syntax
        assertEquals(Map.of("tableau", "custom", "a", "[[0.0, 0.0], [0.5, 0.0]]", "b", "[0.0, 1.0]"),
                c.schemeOptions());
    }

    @Test
    void aTableInTheSchemeTableIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, "[scheme]\nname = \"rk\"\n[scheme.inner]\nx = 1\n");
        InputException e = assertThrows(InputException.class, () -> SettingsToml.read(file));
        assertTrue(e.getMessage().contains("[scheme] inner is a table"), e.getMessage());
    }

    @Test
    void nearestKeyIsByEditDistance() {
        assertEquals("batch-size", org.schemenet.scheme.DidYouMean.closest("batchsize", Settings.keys()).orElseThrow());
        assertEquals("weight-decay", org.schemenet.scheme.DidYouMean.closest("weight_decay", Settings.keys())
                .orElseThrow());
    }
}
