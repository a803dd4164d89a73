package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.data.ImageCounts;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.RunData;
import org.schemenet.run.InputException;
import org.schemenet.run.RunSettings;

/**
 * An input error found while the data is opened (or the engine started) stops the run before anything
 * is written: no run directory is left behind (no config.toml, no run.lock), a folder that was there
 * before stays as it was, and the corrected command then starts a new run instead of being told to
 * resume one with the old settings.
 */
class NothingWrittenOnBadInputTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        SyntheticCifar.write(dir.resolve("good"), 20, 10, 1);
        SyntheticCifar.truncated(dir.resolve("truncated"), 20, 10, 1);
        Path noMeta = SyntheticCifar.write(dir.resolve("no-meta"), 20, 10, 1);
        Files.delete(noMeta.resolve("batches.meta.txt"));
        Files.writeString(dir.resolve("a-file.txt"), "not a folder");
    }

    static Stream<Arguments> cases() {
        String d = dir.toString();
        return Stream.of(
                Arguments.of("--data " + d + "/a-file.txt", "a-file.txt: is a file"),
                Arguments.of("--data " + d + "/good --train-subset 5000", "--data " + d + "/good:"),
                Arguments.of("--data " + d + "/good --test-subset 9999", "--data " + d + "/good:"),
                Arguments.of("--data " + d + "/no-meta", "batches.meta.txt"),
                Arguments.of("--data " + d + "/truncated", "data_batch_2.bin"),
                Arguments.of("--data " + d + "/good --spark local[2]", "--spark local[2]: Spark training is not in "
                        + "this build"));
    }

    private static RunnerHarness.Result run(List<com.google.inject.Module> overrides, String line, Path out) {
        List<String> args = new ArrayList<>(List.of("--scheme", "euler", "--depth", "8", "--epochs", "1",
                "--batch-size", "10", "--threads", "1"));
        args.addAll(List.of(line.split(" ")));
        args.addAll(List.of("--out", out.toString()));
        return RunnerHarness.run(overrides, Map.of(Environment.PLUGINS_VARIABLE,
                RunnerHarness.builtPlugins().toString()), args.toArray(String[]::new));
    }

    private static void assertRefused(RunnerHarness.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), "one message: " + r.err());
        assertFalse(r.err().contains("\tat org."), "no stack trace without --verbose: " + r.err());
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void aNewRunDirectoryIsNotMade(String line, String expected, @TempDir Path tmp) {
        Path out = tmp.resolve("runs").resolve("x");
        assertRefused(run(List.of(), line, out), expected);
        assertFalse(Files.exists(out), "no run directory left behind");
        assertFalse(Files.exists(out.getParent()), "nor the folder made for it");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void anEmptyFolderGivenAsOutStaysEmpty(String line, String expected, @TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("x"));
        assertRefused(run(List.of(), line, out), expected);
        assertTrue(Files.isDirectory(out), "the user's folder stays");
        assertEquals(List.of(), listing(out), "and nothing is written into it");
    }

    /** Data that fails only when opened (as a failed download does), after every check that reads no data. */
    static final class FailingData extends AbstractModule {
        @Override
        protected void configure() {
            bind(DataSource.class).toInstance(new DataSource() {
                @Override
                public RunData open(RunSettings settings) {
                    throw new InputException("cannot download CIFAR-10: tried GET (a test): unknown host");
                }

                @Override
                public ImageCounts check(RunSettings settings) {
                    throw new InputException("cannot download CIFAR-10: tried GET (a test): unknown host");
                }
            });
        }
    }

    @Test
    void afterAFailedOpenOfTheDataTheCorrectedCommandStartsANewRun(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("x");
        assertRefused(run(List.of(new FailingData()), "--data " + dir + "/good", out), "cannot download CIFAR-10");
        assertFalse(Files.exists(out), "no run directory left behind");

        assertRefused(run(List.of(), "--data " + dir + "/good --train-subset 5000", out), "--data " + dir + "/good:");
        assertFalse(Files.exists(out), "no run directory left behind");

        RunnerHarness.Result fixed = run(List.of(), "--data " + dir + "/good --train-subset 10", out);
        assertEquals(0, fixed.exitCode(), fixed.err() + fixed.out());
        assertTrue(Files.readString(out.resolve("config.toml")).contains("train-subset = 10\n"),
                "the run has the settings of the command that trained it");
    }
}
