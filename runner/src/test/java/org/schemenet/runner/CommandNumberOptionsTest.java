package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-number options that picocli reads for {@code runner sweep}, {@code bench}, {@code wiring} and
 * {@code stability} (their own, like {@code --parallel}, {@code --repeats} and {@code --stage}, and the run settings
 * they take, like {@code --epochs}, {@code --depth} and {@code --seed}), the training command's {@code --ui=PORT},
 * and {@code stability --re-min}, a number below 0 (what each allows is said the same way whatever the fault):
 * a value that is no integer, too large for its type, or outside the option's range is one line in the words of the
 * training command's options ({@code error: --OPTION: VALUE ...; allowed: ...}), nothing else, exit code 2.
 */
class CommandNumberOptionsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void plan() throws IOException {
        Files.writeString(dir.resolve("plan.toml"), "depths = [8]\nseeds = [1]\n[training]\nepochs = 1\n"
                + "data = \"sample\"\n[[scheme]]\nname = \"euler\"\n");
    }

    private static final String INT = "an integer in [1, 2147483647]";
    private static final String RE_MIN = "a number < 0, e.g. -4 or -2.5";
    private static final String STAGE = "an integer in [1, 3]";

    static Stream<Arguments> cases() {
        String sweep = "sweep " + dir.resolve("plan.toml") + " --dry-run ";
        return Stream.of(
                Arguments.of(sweep + "--parallel abc", "--parallel: 'abc' is not an integer; allowed: " + INT),
                Arguments.of(sweep + "--parallel 99999999999", "--parallel: 99999999999 is out of range; allowed: "
                        + INT),
                Arguments.of(sweep + "--parallel=0", "--parallel: 0 is out of range; allowed: " + INT),
                Arguments.of(sweep + "--epochs 3000000000", "--epochs: 3000000000 is out of range; allowed: " + INT),
                Arguments.of(sweep + "--epochs 0", "--epochs: 0 is out of range; allowed: " + INT),
                Arguments.of(sweep + "--threads x", "--threads: 'x' is not an integer; allowed: " + INT),
                Arguments.of("bench --repeats x", "--repeats: 'x' is not an integer; allowed: " + INT),
                Arguments.of("bench --repeats 99999999999", "--repeats: 99999999999 is out of range; allowed: " + INT),
                Arguments.of("bench --iterations 0", "--iterations: 0 is out of range; allowed: " + INT),
                Arguments.of("bench --warmup -1", "--warmup: -1 is out of range; allowed: an integer in [0, "
                        + "2147483647]"),
                Arguments.of("bench --step-profile x", "--step-profile: 'x' is not an integer; allowed: an integer in "
                        + "[0, 2147483647] (0: no profile)"),
                Arguments.of("bench --depth abc", "--depth: 'abc' is not an integer; allowed: 6n + 2 with n >= 1 (8, "
                        + "14, 20, 32, 44, 56, 110, ..., 2147483642)"),
                Arguments.of("bench --batch-size 3000000000", "--batch-size: 3000000000 is out of range; allowed: "
                        + INT),
                Arguments.of("bench --threads 0", "--threads: 0 is out of range; allowed: " + INT),
                Arguments.of("bench --seed 99999999999999999999", "--seed: 99999999999999999999 is out of range; "
                        + "allowed: an integer in [0, 9223372036854775807]"),
                Arguments.of("wiring --scheme euler --depth x", "--depth: 'x' is not an integer; allowed: 6n + 2 with "
                        + "n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)"),
                Arguments.of("wiring --scheme euler --depth 21", "--depth: 21 is out of range; allowed: 6n + 2 with "
                        + "n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)"),
                Arguments.of("wiring --scheme euler --stage x", "--stage: 'x' is not an integer; allowed: " + STAGE),
                Arguments.of("stability --scheme euler --stage 0", "--stage: 0 is out of range; allowed: " + STAGE),
                Arguments.of("stability --scheme euler --unit 99999999999", "--unit: 99999999999 is out of range; "
                        + "allowed: an integer in [0, 2147483647]"),
                Arguments.of("stability --scheme euler --unit -1", "--unit: -1 is out of range; allowed: an integer in "
                        + "[0, 2147483647]"),
                // what --re-min allows is said the same way whatever the fault: a number below 0
                Arguments.of("stability --scheme euler --re-min x", "--re-min: 'x' is not a number; allowed: " + RE_MIN),
                Arguments.of("stability --scheme euler --re-min=-1e400", "--re-min: '-1e400' is not a finite number; "
                        + "allowed: " + RE_MIN),
                Arguments.of("stability --scheme euler --re-min 0", "--re-min: 0 is out of range; allowed: " + RE_MIN),
                Arguments.of("stability --scheme euler --re-min 2.5", "--re-min: 2.5 is out of range; allowed: "
                        + RE_MIN),
                // the networks have three stages: --stage allows 1 to 3 whatever the fault
                Arguments.of("wiring --scheme euler --stage 0", "--stage: 0 is out of range; allowed: " + STAGE),
                Arguments.of("wiring --scheme euler --stage 4", "--stage: 4 is out of range; allowed: " + STAGE),
                Arguments.of("stability --scheme euler --stage 4", "--stage: 4 is out of range; allowed: " + STAGE),
                Arguments.of("--scheme euler --ui=x", "--ui: 'x' is not an integer; allowed: " + PORT),
                Arguments.of("--scheme euler --ui=99999999999", "--ui: 99999999999 is out of range; allowed: " + PORT),
                Arguments.of("--scheme euler --ui=65536", "--ui: 65536 is out of range; allowed: " + PORT),
                Arguments.of("--scheme euler --ui=-1 --dry-run", "--ui: -1 is out of range; allowed: " + PORT));
    }

    private static final String PORT = "a port in [1, 65535], or 0 for any free port";

    @ParameterizedTest(name = "[{index}] runner {0}")
    @MethodSource("cases")
    void oneLineNamingTheOptionTheValueAndTheRange(String line, String expected) {
        RunnerHarness.Result r = RunnerHarness.run(List.of(line.split(" ")).toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: " + expected + "\n", r.err());
        assertEquals("", r.out());
    }
}
