package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.StopRequest;

/**
 * What a run guarantees (docs/training.md), in-process on tiny synthetic CIFAR-10: a run killed
 * before its first checkpoint resumes from the beginning; every resume is checked against the run's
 * identity (settings, data, network, checkpoints' run id); --epochs only extends; records of finished
 * epochs are never rewritten; one process owns a run; a config.toml repeats its run in a new directory.
 */
class RunIntegrityTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path otherData;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 40, 20, 7);
        otherData = SyntheticCifar.write(shared.resolve("other"), 40, 20, 8);
    }

    /** A small Adams run's flags; {@code extra} flags replace the defaults of the same name. */
    static List<String> args(Path out, String... extra) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        String[] base = {"--scheme", "adams", "--k", "2", "--depth", "8", "--epochs", "2", "--batch-size", "20",
            "--data", data.toString(), "--seed", "5", "--threads", "1", "--out", out.toString()};
        for (String[] pairs : List.of(base, extra)) {
            for (int i = 0; i < pairs.length; i += 2) {
                flags.put(pairs[i], pairs[i + 1]);
            }
        }
        List<String> a = new ArrayList<>();
        flags.forEach((k, v) -> a.addAll(List.of(k, v)));
        return a;
    }

    static RunnerHarness.Result run(List<String> args) {
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    static RunnerHarness.Result stoppedAfterEpochOne(List<String> args) {
        return RunnerHarness.run(List.of(new TrainingRunTest.StopAfterFirstEpoch()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                args.toArray(String[]::new));
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromTheBeginning(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole");
        assertEquals(0, run(args(whole)).exitCode());
        Path killed = dir.resolve("killed");
        RunnerHarness.Result first = stoppedAfterEpochOne(args(killed));
        assertEquals(130, first.exitCode(), first.err());
        // what a kill in epoch 1 leaves: the run's settings and identity, no checkpoint, no epoch
        deleteRecursively(killed.resolve("checkpoints"));
        Files.delete(killed.resolve("metrics.csv"));
        Files.delete(killed.resolve("summary.json"));

        RunnerHarness.Result again = run(args(killed));
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a run (config.toml); continue it with --resume " + killed),
                again.err());
        RunnerHarness.Result resumed = RunnerHarness.run("--resume", killed.toString());
        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming run " + killed + ": it has no checkpoint yet, so it starts from the "
                + "beginning"), resumed.out());
        assertEquals(TrainingRunTest.withoutTimes(whole), TrainingRunTest.withoutTimes(killed), "seeded: the same run");
    }

    @Test
    void aResumeIsRefusedWhenSettingsDataNetworkOrCheckpointAreNotTheRunsOwn(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(130, stoppedAfterEpochOne(args(run)).exitCode());
        Path config = run.resolve("config.toml");
        String original = Files.readString(config);

        Files.writeString(config, original.replace("lr = 0.1", "lr = 0.05").replace("name = \"adams\"",
                "name = \"euler\"").replace("k = \"2\"\ncoefficients = \"fixed\"\n", ""));
        RunnerHarness.Result edited = RunnerHarness.run("--resume", run.toString());
        assertEquals(2, edited.exitCode(), edited.out());
        assertTrue(edited.err().contains("this is not the run its checkpoints were written for")
                && edited.err().contains("scheme: the run has adams, config.toml has euler")
                && edited.err().contains("lr: the run has 0.1, config.toml has 0.05"), edited.err());
        Files.writeString(config, original);

        RunnerHarness.Result otherSet = RunnerHarness.run("--resume", run.toString(), "--data", otherData.toString());
        assertEquals(2, otherSet.exitCode(), otherSet.out());
        assertTrue(otherSet.err().contains("data: the run trained on cifar-10 (SHA-256 ")
                && otherSet.err().contains("--data " + otherData + " holds cifar-10 (SHA-256 "), otherSet.err());

        // the same architecture, another run's checkpoint: refused by the run id it carries
        Path other = dir.resolve("other");
        assertEquals(130, stoppedAfterEpochOne(args(other, "--seed", "6")).exitCode());
        Path own = run.resolve("checkpoints/epoch-0001.zip");
        Files.move(own, dir.resolve("own.zip"));
        Files.copy(other.resolve("checkpoints/epoch-0001.zip"), own);
        RunnerHarness.Result foreign = RunnerHarness.run("--resume", run.toString());
        assertEquals(2, foreign.exitCode(), foreign.out());
        assertTrue(foreign.err().contains("no usable checkpoint in ") && foreign.err().contains("belongs to another run"),
                foreign.err());
        Files.move(dir.resolve("own.zip"), own, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(1, Files.readString(foreign.err().isEmpty() ? config : config).lines()
                .filter(l -> l.startsWith("lr = ")).count());
    }

    @Test
    void epochsOnResumeOnlyExtendAndFinishedRecordsAreNeverRewritten(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run)).exitCode());
        String config = Files.readString(run.resolve("config.toml"));
        String summary = Files.readString(run.resolve("summary.json"));
        String metrics = Files.readString(run.resolve("metrics.csv"));

        RunnerHarness.Result shorter = RunnerHarness.run("--resume", run.toString(), "--epochs", "1");
        assertEquals(2, shorter.exitCode(), shorter.out());
        assertTrue(shorter.err().contains("--epochs 1: the run has 2 epochs; --resume may extend it, never shorten it"),
                shorter.err());
        RunnerHarness.Result same = RunnerHarness.run("--resume", run.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(same.out().contains("has finished its 2 epochs; nothing to do"), same.out());
        assertEquals(config, Files.readString(run.resolve("config.toml")));
        assertEquals(summary, Files.readString(run.resolve("summary.json")));
        assertEquals(metrics, Files.readString(run.resolve("metrics.csv")));

        RunnerHarness.Result longer = RunnerHarness.run("--resume", run.toString(), "--epochs", "3");
        assertEquals(0, longer.exitCode(), longer.err() + longer.out());
        assertTrue(longer.out().contains("from checkpoints/epoch-0002.zip (2 epochs done)"), longer.out());
        assertTrue(Files.readString(run.resolve("metrics.csv")).startsWith(metrics), "the first two rows as they were");
        assertTrue(Files.readString(run.resolve("config.toml")).contains("epochs = 3\n"));
        assertTrue(Files.readString(run.resolve("config.toml")).contains("milestones = [1, 2]\n"),
                "the run's schedule stays");
    }

    /** A stop (e.g. Ctrl-C) that arrives as soon as the runner listens for one: during start-up. */
    static final class StopAtOnce extends com.google.inject.AbstractModule {
        @Override
        protected void configure() {
            bind(StopSignal.class).toInstance(stop -> {
                stop.request("SIGINT");
                return () -> { };
            });
        }
    }

    /**
     * Ctrl-C during start-up (loading the data, building the network) is heard: a new run stops before its directory
     * is made, says so and exits 130 (the JVM's default handling ended it silently, leaving config.toml, run.json and
     * run.lock); a resumed run stops at its first batch with a checkpoint and the resume command.
     */
    @Test
    void aStopDuringStartUpIsHeardAndANewRunWritesNothing(@TempDir Path dir) {
        Path run = dir.resolve("run");
        RunnerHarness.Result stopped = RunnerHarness.run(List.of(new StopAtOnce()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                args(run).toArray(String[]::new));
        assertEquals(130, stopped.exitCode(), stopped.err() + stopped.out());
        assertTrue(stopped.out().contains("SIGINT: stopped during start-up, before the run began; nothing was written"),
                stopped.out());
        assertFalse(Files.exists(run), "no run directory");

        assertEquals(0, run(args(run, "--epochs", "1")).exitCode());
        RunnerHarness.Result resumed = RunnerHarness.run(List.of(new StopAtOnce()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                "--resume", run.toString(), "--epochs", "2");
        assertEquals(130, resumed.exitCode(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resume with: "), resumed.out());
    }

    /**
     * Data whose opening a stop cuts short, as a download does that Ctrl-C gives up (Cifar10Download with the stop
     * check): the signal arrives while the data opens, and the open fails with the download's message.
     */
    static final class StoppedWhileDataOpens extends com.google.inject.AbstractModule {
        @Override
        protected void configure() {
            bind(StopSignal.class).toInstance(stop -> () -> { });
            bind(org.schemenet.engine.DataSource.class).to(StoppedOpen.class);
        }
    }

    static final class StoppedOpen implements org.schemenet.engine.DataSource {
        private final StopRequest stop;

        @jakarta.inject.Inject
        StoppedOpen(StopRequest stop) {
            this.stop = stop;
        }

        @Override
        public org.schemenet.engine.RunData open(org.schemenet.run.RunSettings settings) {
            stop.request("SIGINT");
            throw new org.schemenet.run.InputException("the default data directory /x: the download from "
                    + "https://example.invalid/c.tar.gz was stopped after 65536 of 170498071 bytes; nothing was kept");
        }

        @Override
        public org.schemenet.data.ImageCounts check(org.schemenet.run.RunSettings settings) {
            return org.schemenet.data.ImageCounts.OFFICIAL;
        }
    }

    /**
     * Ctrl-C while the data opens (a download of CIFAR-10) stops a new run as any stop during start-up does: exit
     * 130 and "stopped during start-up", nothing written, not exit 2 with the download's message as if the input
     * were bad.
     */
    @Test
    void aStopThatCutsTheDataShortIsAStopDuringStartUp(@TempDir Path dir) {
        Path run = dir.resolve("run");
        RunnerHarness.Result stopped = RunnerHarness.run(List.of(new StoppedWhileDataOpens()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                args(run).toArray(String[]::new));
        assertEquals(130, stopped.exitCode(), stopped.err() + stopped.out());
        assertTrue(stopped.out().contains("SIGINT: stopped during start-up, before the run began; nothing was written"),
                stopped.out());
        assertFalse(stopped.err().contains("error: "), stopped.err());
        assertFalse(Files.exists(run), "no run directory");
    }

    /**
     * A resume trains the scheme the run started with: the same name from another plugin is refused (it trained on
     * silently and summary.json then named the other plugin for the whole run); another version of the same plugin
     * is named in a warning, since its wiring may differ.
     */
    @Test
    void aResumeWithTheSchemeOfAnotherPluginIsRefusedAndAnotherVersionIsNamed(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        PluginJar.scheme(a, "twina.jar", "twina", "twin", "");
        Path b = Files.createDirectories(dir.resolve("b"));
        PluginJar.scheme(b, "twinb.jar", "twinb", "twin", "");
        Path c = Files.createDirectories(dir.resolve("c"));
        String pkg = "test.twina";
        PluginJar.build(c, "twina.jar", "twina", Map.of(pkg + ".OnTheFlyScheme",
                PluginJar.schemeSource(pkg, "OnTheFlyScheme", "twin", "")), List.of(pkg + ".OnTheFlyScheme"),
                List.of(), Map.of("Plugin-Version", "2.0.0"));
        Path run = dir.resolve("run");
        RunnerHarness.Result first = RunnerHarness.run("--scheme", "twin", "--plugins", a.toString(), "--depth", "8",
                "--epochs", "1", "--batch-size", "20", "--data", data.toString(), "--seed", "5", "--threads", "1",
                "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err() + first.out());
        String summary = Files.readString(run.resolve("summary.json"));

        RunnerHarness.Result other = RunnerHarness.run("--resume", run.toString(), "--epochs", "2", "--plugins",
                b.toString());
        assertEquals(2, other.exitCode(), other.err() + other.out());
        assertEquals("error: --resume " + run + ": the run trained scheme 'twin' from plugin 'twina' (its summary.json),"
                + " but " + b + " has it from plugin 'twinb' (" + b.resolve("twinb.jar") + "); give --plugins the"
                + " folder holding plugin 'twina'", other.err().lines().findFirst().orElse(""));
        assertEquals(summary, Files.readString(run.resolve("summary.json")), "nothing changed");

        RunnerHarness.Result newer = RunnerHarness.run("--resume", run.toString(), "--epochs", "2", "--plugins",
                c.toString());
        assertEquals(0, newer.exitCode(), newer.err() + newer.out());
        assertTrue(newer.err().contains("warning: --resume " + run + ": the run trained with plugin 'twina' version"
                + " 1.2.3; " + c.resolve("twina.jar") + " is version 2.0.0, which the resumed epochs use"),
                newer.err());
    }

    /**
     * A two-step scheme {@code y + a f_n + (1 - a) f_(n-1)} (consistent for any {@code a}) in plugin {@code twostep}
     * 1.2.3: jars with other values of {@code a} have the same id, version, parameter names and shapes, and differ
     * only in the fixed coefficients of their combinations.
     */
    static Path twoStep(Path folder, String a) {
        return PluginJar.wiring(folder, "twostep.jar", "twostep", "twostep", 1, 1, 1, """
                Value y = b.state();
                Value previous = b.pastEvaluations().isEmpty() ? null : b.pastEvaluations().get(0);
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    y = b.step(previous == null ? b.combine(Term.of(1.0, y), Term.of(1.0, f))
                            : b.combine(Term.of(1.0, y), Term.of(%s, f), Term.of(1.0 - %s, previous)));
                    previous = f;
                }
                return b.build();
                """.formatted(a, a));
    }

    /**
     * A resume with a plugin of the same id and version whose fixed coefficients differ (a jar rebuilt with other
     * values) would train another network from the run's checkpoint: it is refused, naming the run directory and
     * that the fixed coefficients differ, and nothing is written. A run whose run.json was written before the
     * wiring was recorded (its network has only the fingerprint and the parameter count) still resumes, and then
     * has its wiring recorded.
     */
    @Test
    void aResumeWithOtherFixedCoefficientsIsRefusedAndAnOlderRecordStillResumes(@TempDir Path dir) throws IOException {
        Path original = twoStep(Files.createDirectories(dir.resolve("original")), "1.25");
        Path rebuilt = twoStep(Files.createDirectories(dir.resolve("rebuilt")), "1.75");
        Path run = dir.resolve("run");
        RunnerHarness.Result first = RunnerHarness.run("--scheme", "twostep", "--plugins", original.getParent()
                .toString(), "--depth", "14", "--epochs", "1", "--batch-size", "20", "--data", data.toString(), "--seed",
                "5", "--threads", "1", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err() + first.out());
        String identity = Files.readString(run.resolve("run.json"));
        String summary = Files.readString(run.resolve("summary.json"));
        String metrics = Files.readString(run.resolve("metrics.csv"));

        RunnerHarness.Result other = RunnerHarness.run("--resume", run.toString(), "--epochs", "2", "--plugins",
                rebuilt.getParent().toString());
        assertEquals(2, other.exitCode(), other.err() + other.out());
        String line = other.err().lines().findFirst().orElse("");
        assertTrue(line.startsWith("error: --resume " + run + ": this is not the run its checkpoints were written for: "
                + "network: the fixed coefficients of the run's wiring differ from this build's"), other.err());
        assertEquals(1, other.err().lines().count(), other.err());
        assertEquals(identity, Files.readString(run.resolve("run.json")), "nothing written");
        assertEquals(summary, Files.readString(run.resolve("summary.json")), "nothing written");
        assertEquals(metrics, Files.readString(run.resolve("metrics.csv")), "nothing written");
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0002.zip")), "nothing trained");

        // run.json as written before the wiring was recorded: the network's fingerprint and parameter count only
        com.google.gson.JsonObject record = com.google.gson.JsonParser.parseString(identity).getAsJsonObject();
        com.google.gson.JsonObject network = record.getAsJsonObject("network");
        assertTrue(network.keySet().size() > 2, "this build records more than the old form: " + network);
        network.keySet().removeIf(k -> !k.equals("fingerprint") && !k.equals("trainableParameters"));
        Files.writeString(run.resolve("run.json"), new com.google.gson.GsonBuilder().setPrettyPrinting().create()
                .toJson(record) + "\n");
        RunnerHarness.Result old = RunnerHarness.run("--resume", run.toString(), "--epochs", "2", "--plugins",
                original.getParent().toString());
        assertEquals(0, old.exitCode(), old.err() + old.out());
        assertTrue(old.out().contains("from checkpoints/epoch-0001.zip (1 epoch done)"), old.out());
        assertEquals(identity.replace("\"epochs\": \"1\"", "\"epochs\": \"2\""),
                Files.readString(run.resolve("run.json")), "the wiring recorded again");
        RunnerHarness.Result again = RunnerHarness.run("--resume", run.toString(), "--epochs", "3", "--plugins",
                rebuilt.getParent().toString());
        assertEquals(2, again.exitCode(), again.err() + again.out());
        assertTrue(again.err().contains("the fixed coefficients of the run's wiring differ"), again.err());
    }

    @Test
    void aTruncatedNewestCheckpointIsPassedOverAndTheResumeSaysSo(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run, "--epochs", "2")).exitCode());
        Path newest = run.resolve("checkpoints/epoch-0002.zip");
        Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), 1000));
        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString(), "--epochs", "3");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("warning: passed over the newer checkpoint epoch-0002.zip: not a readable zip "
                + "archive"), r.err());
        assertTrue(r.out().contains("from checkpoints/epoch-0001.zip (1 epoch done; fell back past 1 unusable newer "
                + "checkpoint)"), r.out());
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("epoch-0002.zip", "epoch-0003.zip"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        Files.write(run.resolve("checkpoints/epoch-0003.zip"), new byte[0]);
        Files.write(run.resolve("checkpoints/epoch-0002.zip"), "not a checkpoint".getBytes());
        RunnerHarness.Result none = RunnerHarness.run("--resume", run.toString(), "--epochs", "4");
        assertEquals(2, none.exitCode(), none.out());
        assertTrue(none.err().startsWith("error: no usable checkpoint in ") && none.err().contains("epoch-0003.zip: "
                + "empty file") && !none.err().contains("\tat "), none.err());
    }

    @Test
    void aResumeRefusesAMetricsFileThatLacksTheCheckpointsEpochsAndKeepsEverything(@TempDir Path dir)
            throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run)).exitCode());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, rows.size(), "header and epochs 1, 2");
        String header = rows.get(0);
        String row1 = rows.get(1);
        String row2 = rows.get(2);
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put("last row cut short", header + "\n" + row1 + "\n" + row2.substring(0, row2.length() / 2) + "\n");
        broken.put("header cut short", header.substring(0, 9) + "\n" + row1 + "\n" + row2 + "\n");
        broken.put("row 2 missing", header + "\n" + row1 + "\n");
        broken.put("deleted", null);
        String expected = "a resume needs it intact up to the checkpoint's epoch 2";
        String[] what = {"line 3 has ", "header", "epoch 2 is missing", "is missing"};
        int i = 0;
        for (Map.Entry<String, String> c : broken.entrySet()) {
            Path copy = dir.resolve("copy-" + i);
            copyRecursively(run, copy);
            Path metrics = copy.resolve("metrics.csv");
            if (c.getValue() == null) {
                Files.delete(metrics);
            } else {
                Files.writeString(metrics, c.getValue());
            }
            String summary = Files.readString(copy.resolve("summary.json"));
            RunnerHarness.Result r = RunnerHarness.run("--resume", copy.toString(), "--epochs", "3");
            assertEquals(2, r.exitCode(), c.getKey() + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("error: " + metrics + ": ") && r.err().contains(what[i])
                    && r.err().contains(expected) && !r.err().contains("\tat "), c.getKey() + ": " + r.err());
            assertEquals(summary, Files.readString(copy.resolve("summary.json")), c.getKey() + ": nothing written");
            if (c.getValue() != null) {
                assertEquals(c.getValue(), Files.readString(metrics), c.getKey() + ": nothing lost");
            }
            assertFalse(Files.exists(copy.resolve("checkpoints/epoch-0003.zip")), c.getKey() + ": nothing trained");
            i++;
        }
        // a row after the checkpoint (killed after writing it, before its checkpoint): dropped, trained again
        Path after = dir.resolve("after");
        copyRecursively(run, after);
        Files.writeString(after.resolve("metrics.csv"), header + "\n" + row1 + "\n" + row2 + "\n"
                + row2.replaceFirst("^2,", "3,") + "\n");
        RunnerHarness.Result r = RunnerHarness.run("--resume", after.toString(), "--epochs", "3");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> resumed = Files.readAllLines(after.resolve("metrics.csv"));
        assertEquals(List.of(header, row1, row2), resumed.subList(0, 3));
        assertEquals(4, resumed.size());
        assertTrue(resumed.get(3).startsWith("3,") && !resumed.get(3).equals(row2.replaceFirst("^2,", "3,")));
    }

    @Test
    void aResumeOfARunWhoseConfigIsCutShortNamesTheFileAndWhatIsMissing(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(130, stoppedAfterEpochOne(args(run)).exitCode());
        Path config = run.resolve("config.toml");
        String whole = Files.readString(config);
        String cut = whole.substring(0, whole.indexOf("[scheme]"));
        Files.writeString(config, cut);
        String summary = Files.readString(run.resolve("summary.json"));
        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: " + config + ": no [scheme] name") && !r.err().contains("--scheme")
                && r.err().lines().count() == 1 && !r.err().contains("\tat "), r.err());
        assertEquals(cut, Files.readString(config), "nothing written");
        assertEquals(summary, Files.readString(run.resolve("summary.json")), "nothing written");
    }

    @Test
    void aResumeRefusedForItsCheckpointsOrMetricsLeavesTheRunsRecordsAsTheyWereEvenWithMoreEpochs(@TempDir Path dir)
            throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run)).exitCode());
        Path unusable = dir.resolve("unusable");
        copyRecursively(run, unusable);
        Files.writeString(unusable.resolve("checkpoints/epoch-0002.zip"), "garbage");
        Files.writeString(unusable.resolve("checkpoints/epoch-0001.zip"), "garbage");
        Path cut = dir.resolve("cut");
        copyRecursively(run, cut);
        String metrics = Files.readString(cut.resolve("metrics.csv"));
        Files.writeString(cut.resolve("metrics.csv"), metrics.substring(0, metrics.length() - 20));
        for (Path copy : List.of(unusable, cut)) {
            String config = Files.readString(copy.resolve("config.toml"));
            String identity = Files.readString(copy.resolve("run.json"));
            RunnerHarness.Result r = RunnerHarness.run("--resume", copy.toString(), "--epochs", "3");
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertEquals(config, Files.readString(copy.resolve("config.toml")), copy + ": the refused resume wrote "
                    + "its --epochs 3 into config.toml: " + r.err());
            assertEquals(identity, Files.readString(copy.resolve("run.json")), copy + ": nothing written");
        }
    }

    @Test
    void aRunWhoseRunJsonIsLostIsRefusedNamingTheFileAndItsCheckpointsStayTheRunsOwn(@TempDir Path dir)
            throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run)).exitCode());
        Path identity = run.resolve("run.json");
        String saved = Files.readString(identity);
        String config = Files.readString(run.resolve("config.toml"));
        Files.delete(identity);
        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString(), "--epochs", "3");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --resume " + run + ": " + identity + " is missing")
                && r.err().contains("put the run's own run.json back") && r.err().lines().count() == 1
                && !r.err().contains("belongs to another run"), r.err());
        assertFalse(Files.exists(identity), "no identity of another run id written in its place");
        assertEquals(config, Files.readString(run.resolve("config.toml")), "nothing written");
        // put back, the run resumes from its own checkpoint
        Files.writeString(identity, saved);
        RunnerHarness.Result back = RunnerHarness.run("--resume", run.toString(), "--epochs", "3");
        assertEquals(0, back.exitCode(), back.out() + back.err());
        assertTrue(back.out().contains("from checkpoints/epoch-0002.zip (2 epochs done)"), back.out());
    }

    @Test
    void outNamingTheResumedRunItselfIsAcceptedAndAnotherFolderIsRefusedSayingWhy(@TempDir Path dir)
            throws IOException {
        Path run = dir.resolve("run");
        assertEquals(130, stoppedAfterEpochOne(args(run)).exitCode());
        Path other = dir.resolve("other");
        RunnerHarness.Result elsewhere = RunnerHarness.run("--resume", run.toString(), "--out", other.toString());
        assertEquals(2, elsewhere.exitCode(), elsewhere.out());
        assertTrue(elsewhere.err().contains("--out " + other + " is not the directory of the run that --resume "
                + "names (" + run + ")") && elsewhere.err().contains("a resumed run stays in its own directory"),
                elsewhere.err());
        assertFalse(Files.exists(other));
        RunnerHarness.Result same = RunnerHarness.run("--resume", run.toString(), "--out",
                run.resolve("checkpoints").resolve("..").toString() + "/");
        assertEquals(0, same.exitCode(), same.out() + same.err());
        assertTrue(same.out().contains("resuming run " + run + " from checkpoints/epoch-0001.zip"), same.out());
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
    }

    @Test
    void aRunKilledAfterItsLastCheckpointEndsWithItsFinalTestErrorOnResume(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run, "--epochs", "3", "--seed", "1")).exitCode());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        double last = Double.parseDouble(rows.get(rows.size() - 1).split(",")[4]);
        // what summary.json holds between the last checkpoint and the end of the run: status running
        Path summary = run.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"status\": \"completed\"",
                "\"status\": \"running\""));
        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "final test error %.2f%%", last)), r.out());
        org.schemenet.run.Summary s = org.schemenet.run.RunDirectory.at(run).summary().orElseThrow();
        assertEquals(last, ((Number) s.section("results").get("finalTestErrorPct")).doubleValue(), 1e-9,
                s.section("results").toString());
        assertEquals(3, ((Number) s.section("lastEpoch").get("epoch")).intValue());
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
    }

    @Test
    void aRunHeldByAnotherProcessIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(130, stoppedAfterEpochOne(args(run)).exitCode());
        Process holder = new ProcessBuilder(SweepCommandTest.javaCommand(LockHolder.class.getName(), run.toString()))
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine());
            String before = Files.readString(run.resolve("summary.json"));
            RunnerHarness.Result second = RunnerHarness.run("--resume", run.toString());
            assertEquals(2, second.exitCode(), second.out());
            assertTrue(second.err().contains("run " + run + " is in use by process " + holder.pid()), second.err());
            assertEquals(before, Files.readString(run.resolve("summary.json")), "nothing written");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertEquals(0, RunnerHarness.run("--resume", run.toString()).exitCode());
    }

    @Test
    void aRunsConfigRepeatsItInANewDirectory(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(args(run, "--epochs", "1")).exitCode());
        Path repeat = dir.resolve("repeat");
        RunnerHarness.Result r = RunnerHarness.run("--config", run.resolve("config.toml").toString(), "--out",
                repeat.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertEquals(TrainingRunTest.withoutTimes(run), TrainingRunTest.withoutTimes(repeat));
        // without --out: a new run directory under runs/ (a config.toml from before run.json named its own)
        Path legacy = dir.resolve("legacy.toml");
        Files.writeString(legacy, Files.readString(run.resolve("config.toml")) .replace("[scheme]",
                "out = \"" + run + "\"\n\n[scheme]").replace("\n\n[scheme]", "\n[scheme]"));
        RunnerHarness.Result dry = RunnerHarness.run("--config", legacy.toString(), "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("out = \"" + run + "\""), "another file's out is honoured: " + dry.out());
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.writeString(copy.resolve("config.toml"), Files.readString(legacy).replace("out = \"" + run + "\"",
                "out = \"" + copy + "\""));
        RunnerHarness.Result own = RunnerHarness.run("--config", copy.resolve("config.toml").toString(), "--dry-run");
        assertTrue(own.out().matches("(?s).*out = \"runs/\\d{8}-\\d{6}-adams-.*"), "its own directory is not: "
                + own.out());
    }

    static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
