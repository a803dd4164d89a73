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
 * ({@code error: option '--k' needs a value; allowed: an integer in [1, 8]}).
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
                Arguments.of("stability --scheme euler --re-min", "option '--re-min' needs a value; allowed: a number, "
                        + "e.g. -4 or -2.5"),
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
        assertTrue(r.err().startsWith("error: Missing required option: '--scheme=NAME'\n"), r.err());
    }
}
