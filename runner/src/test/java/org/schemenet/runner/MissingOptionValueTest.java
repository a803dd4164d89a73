package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An option of a command given without its value (the last argument, or followed by another option), as picocli
 * reads it: one line naming the option and what it allows (the words of its setting or of its number converter,
 * else its value's form from --help), exit code 2, nothing else; in the words the scheme options use
 * ({@code error: option '--k' needs a value; allowed: an integer in [1, 8]}). picocli's other faults of a command
 * line are one line too: its words, then the help to read.
 */
class MissingOptionValueTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void plan() throws IOException {
        Files.writeString(dir.resolve("plan.toml"), "depths = [8]\nseeds = [1]\n[training]\nepochs = 1\n"
                + "data = \"sample\"\n[[scheme]]\nname = \"euler\"\n");
    }

    static Stream<Arguments> cases() {
        String plan = dir.resolve("plan.toml").toString();
        String depth = "6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)";
        return Stream.of(
                Arguments.of("sweep " + plan + " --parallel", "option '--parallel' needs a value; allowed: an integer "
                        + "in [1, 2147483647]"),
                Arguments.of("sweep " + plan + " --parallel --dry-run", "option '--parallel' needs a value; allowed: "
                        + "an integer in [1, 2147483647]"),
                Arguments.of("--scheme adams --depth", "option '--depth' needs a value; allowed: " + depth),
                Arguments.of("--scheme adams --depth --epochs 2", "option '--depth' needs a value; allowed: " + depth),
                Arguments.of("--scheme", "option '--scheme' needs a value; allowed: a scheme name (see 'runner "
                        + "schemes')"),
                Arguments.of("bench --depth", "option '--depth' needs a value; allowed: " + depth),
                Arguments.of("stability --scheme euler --re-min", "option '--re-min' needs a value; allowed: a number < 0, "
                        + "e.g. -4 or -2.5"),
                Arguments.of("wiring --scheme euler --stage", "option '--stage' needs a value; allowed: an integer in "
                        + "[1, 3]"),
                Arguments.of("--scheme euler --config", "option '--config' needs a value: FILE.toml (see 'runner "
                        + "--help')"),
                Arguments.of("stability --scheme euler --plot", "option '--plot' needs a value: FILE.png (see 'runner "
                        + "stability --help')"));
    }

    @ParameterizedTest(name = "[{index}] runner {0}")
    @MethodSource("cases")
    void oneLineNamingTheOptionAndWhatItAllows(String line, String expected) {
        RunnerHarness.Result r = RunnerHarness.run(List.of(line.split(" ")).toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: " + expected + "\n", r.err());
        assertEquals("", r.out());
    }

    /** A required option that is not given at all is not an option without its value: picocli's words stay. */
    @Test
    void aRequiredOptionLeftOutIsNamedAsMissing() {
        RunnerHarness.Result r = RunnerHarness.run("verify");
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: Missing required option: '--scheme=NAME' (see 'runner verify --help')\n", r.err());
    }

    /**
     * picocli's other faults of a command line (an unknown option of a subcommand, a missing or extra parameter, an
     * option given twice) keep picocli's words, with the help to read on the same line: one line, exit code 2.
     */
    @ParameterizedTest(name = "[{index}] runner {0}")
    @MethodSource("otherFaults")
    void otherFaultsOfTheCommandLineAreOneLineToo(String line, String expected) {
        RunnerHarness.Result r = RunnerHarness.run(List.of(line.split(" ")).toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: " + expected + "\n", r.err());
        assertEquals("", r.out());
    }

    static Stream<Arguments> otherFaults() {
        String plan = dir.resolve("plan.toml").toString();
        return Stream.of(
                Arguments.of("report --bogus x", "Unknown option: '--bogus' (see 'runner report --help')"),
                Arguments.of("sweep", "Missing required parameter: 'PLAN.toml' (see 'runner sweep --help')"),
                Arguments.of("sweep " + plan + " extra", "Unmatched argument at index 2: 'extra' (see 'runner sweep "
                        + "--help')"),
                Arguments.of("--scheme euler --depth 8 --depth 14", "option '--depth' (N) should be specified only "
                        + "once (see 'runner --help')"));
    }
}
