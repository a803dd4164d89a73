package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input exits with 2 and one message that names the problem, without a stack trace.
 * docs/training.md shows this test's table (printed by the test).
 */
class BadInputTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        SyntheticCifar.write(dir.resolve("good"), 20, 10, 1);
        SyntheticCifar.truncated(dir.resolve("truncated"), 20, 10, 1);
        Files.writeString(dir.resolve("a-file.txt"), "not a folder");
        Files.writeString(dir.resolve("syntax.toml"), "depth = 20\nepochs = = 3\n");
        Files.writeString(dir.resolve("syntax-plan.toml"), "depths = [8]\nseeds = [1]\n[training]\nepochs = = 1\n"
                + "data = \"sample\"\n[[scheme]]\nname = \"euler\"\n");
        Files.writeString(dir.resolve("unknown.toml"), "epoch = 3\n[scheme]\nname = \"adams\"\n");
        Files.writeString(dir.resolve("type.toml"), "depth = \"twenty\"\n[scheme]\nname = \"adams\"\n");
        Files.writeString(dir.resolve("range.toml"), "epochs = 0\n[scheme]\nname = \"adams\"\n");
        Files.writeString(dir.resolve("milestones.toml"),
                "milestones = [80, 3000000000]\n[scheme]\nname = \"euler\"\n");
        Files.writeString(dir.resolve("option.toml"), "[scheme]\nname = \"adams\"\nk = 12\n");
        Files.writeString(dir.resolve("adams-k3.toml"), "[scheme]\nname = \"adams\"\nk = 3\n");
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/config.toml"), "[scheme]\nname = \"euler\"\n");
        Files.createDirectories(dir.resolve("not-a-run"));
        Files.writeString(dir.resolve("not-a-run/metrics.csv"), "the user's own file\n");
        Files.writeString(dir.resolve("plan.toml"), "depths = [8]\nseeds = [1]\n[training]\nepochs = 1\n"
                + "data = \"sample\"\n[[scheme]]\nname = \"euler\"\n");
        // a run's file from another install (a committed record): its plugins folder is not on this machine
        Files.writeString(dir.resolve("other-install.toml"), "plugins = \"" + dir.resolve("gone-plugins")
                + "\"\n[scheme]\nname = \"euler\"\n");
        Files.createDirectories(dir.resolve("moved"));
        Files.writeString(dir.resolve("moved/config.toml"), "plugins = \"" + dir.resolve("gone-plugins")
                + "\"\n[scheme]\nname = \"euler\"\n");
        Files.createDirectories(dir.resolve("orphan/checkpoints"));
        Files.writeString(dir.resolve("orphan/checkpoints/epoch-0001.zip"), "x");
    }

    static Stream<Arguments> cases() {
        String d = dir.toString();
        return Stream.of(
                Arguments.of("", "nothing to do: give --scheme NAME"),
                Arguments.of("--scheme nope", "unknown scheme 'nope'; available: adams, euler, lm, rk"),
                Arguments.of("--scheme euler --k 2", "scheme 'euler' has no option 'k'"),
                Arguments.of("--scheme adams --k 9", "option 'k': 9 is out of range; allowed: an integer in [1, 8]"),
                Arguments.of("--scheme adams --coefficients some", "option 'coefficients': 'some' is not allowed"),
                Arguments.of("--scheme adams --opt q=1", "scheme 'adams' has no option 'q'"),
                Arguments.of("--scheme adams --depth 21", "--depth: 21 is out of range; allowed: 6n + 2 with n >= 1"),
                Arguments.of("--scheme adams --depth twenty", "--depth: 'twenty' is not an integer; allowed: 6n + 2"),
                Arguments.of("--scheme adams --shortcut C", "--shortcut: C is out of range; allowed: A or B"),
                Arguments.of("--scheme adams --epochs 0", "--epochs: 0 is out of range; allowed: an integer in [1, "
                        + "2147483647]"),
                // an int setting: above 2147483647 is out of range, and the message says where the range ends
                Arguments.of("--scheme adams --epochs 3000000000", "--epochs: 3000000000 is out of range; allowed: an "
                        + "integer in [1, 2147483647]"),
                Arguments.of("--scheme adams --depth 3000000000", "--depth: 3000000000 is out of range; allowed: 6n + 2 "
                        + "with n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)"),
                Arguments.of("--scheme adams --batch-size 0", "--batch-size: 0 is out of range"),
                Arguments.of("--scheme adams --lr -0.1", "--lr: -0.1 is out of range; allowed: a number > 0"),
                Arguments.of("--scheme adams --lr 1e400", "error: --lr: '1e400' is not a finite number; allowed: a "
                        + "number > 0\n"),
                Arguments.of("--scheme adams --momentum NaN", "error: --momentum: 'NaN' is not a finite number; "
                        + "allowed: a number in [0, 1)\n"),
                // a list's fault names the element at fault, and what is allowed
                Arguments.of("--scheme adams --milestones 5,3", "error: --milestones: 3 follows 5 and is smaller; "
                        + "allowed: non-decreasing epochs in [1, 2147483647], e.g. [80, 120]\n"),
                Arguments.of("--scheme adams --milestones 0,80", "error: --milestones: 0 is out of range; allowed: "
                        + "non-decreasing epochs in [1, 2147483647], e.g. [80, 120]\n"),
                Arguments.of("--scheme adams --milestones 80,abc", "error: --milestones: 'abc' is not an integer; "
                        + "allowed: non-decreasing epochs in [1, 2147483647], e.g. [80, 120]\n"),
                Arguments.of("--scheme adams --milestones 80,,120", "error: --milestones: '80,,120' has an empty "
                        + "element; allowed: non-decreasing epochs in [1, 2147483647], e.g. [80, 120]\n"),
                Arguments.of("--config " + d + "/milestones.toml", "error: 'milestones' in " + d + "/milestones.toml: "
                        + "3000000000 is out of range; allowed: non-decreasing epochs in [1, 2147483647], e.g. "
                        + "[80, 120]\n"),
                // an element too large for a long is a number out of range too, not a list that is no list
                Arguments.of("--scheme adams --milestones 80,99999999999999999999", "--milestones: "
                        + "99999999999999999999 is out of range; allowed: non-decreasing epochs in [1, 2147483647]"),
                Arguments.of("--scheme adams --milestones 80,3000000000", "error: --milestones: 3000000000 is out of "
                        + "range; allowed: non-decreasing epochs in [1, 2147483647], e.g. [80, 120]\n"),
                Arguments.of("--scheme adams --weight-decay -1", "--weight-decay: -1.0 is out of range"),
                Arguments.of("--scheme adams --momentum 1", "--momentum: 1.0 is out of range; allowed: a number in [0, 1)"),
                Arguments.of("--scheme adams --train-subset -5", "--train-subset: -5 is out of range"),
                Arguments.of("--scheme adams --threads 0", "--threads: 0 is out of range"),
                Arguments.of("--scheme adams --device tpu", "--device: tpu is out of range; allowed: cpu or gpu"),
                Arguments.of("--scheme adams --device gpu", "--device gpu needs the CUDA build; this is the CPU build"),
                // a trailing name without a value: the scheme's option needs a value, another name is not one of its
                Arguments.of("--scheme adams --frobnicate", "error: scheme 'adams' has no option 'frobnicate'; its "
                        + "options are k, coefficients\n"),
                Arguments.of("--scheme adams --k", "error: option '--k' needs a value; allowed: an integer in [1, 8]\n"),
                Arguments.of("verify --scheme adams --k", "error: option '--k' needs a value; allowed: an integer in "
                        + "[1, 8]\n"),
                Arguments.of("bench --scheme adams --k", "error: option '--k' needs a value; allowed: an integer in "
                        + "[1, 8]\n"),
                Arguments.of("bench --config " + d + "/adams-k3.toml --k", "error: option '--k' needs a value; allowed: "
                        + "an integer in [1, 8]\n"),   // the scheme the file names
                Arguments.of("bench --scheme adams --frobnicate", "error: scheme 'adams' has no option 'frobnicate'; "
                        + "its options are k, coefficients\n"),
                Arguments.of("-x", "error: unknown option '-x'; scheme options are --NAME VALUE\n"),
                Arguments.of("--scheme adams -depth 8", "error: unknown option '-depth'; scheme options are --NAME "
                        + "VALUE; did you mean '--depth'?\n"),
                Arguments.of("--scheme adams --config " + d + "/missing.toml", "missing.toml does not exist"),
                Arguments.of("--config " + d + "/syntax.toml", "error: config file " + d + "/syntax.toml: TOML syntax "
                        + "error on line 2: invalid value: epochs = = 3\n"),
                Arguments.of("sweep " + d + "/syntax-plan.toml", "error: plan " + d + "/syntax-plan.toml: TOML syntax "
                        + "error on line 4: invalid value: epochs = = 1\n"),
                Arguments.of("--config " + d + "/unknown.toml", "unknown key 'epoch' (did you mean 'epochs'?"),
                Arguments.of("--config " + d + "/type.toml", "'depth' must be an integer (6n + 2 with n >= 1 (8, 14, 20"
                        + ", 32, 44, 56, 110, ..., 2147483642)), got the string \"twenty\""),
                Arguments.of("--config " + d + "/range.toml", "'epochs' in " + d + "/range.toml: 0 is out of range"),
                Arguments.of("--scheme adams --opt k", "Value for option '--opt' (NAME=VALUE) should be in KEY=VALUE"
                        + " format but was k"),
                Arguments.of("--config=", "--config: '' is out of range; allowed: a TOML file (not an empty path)"),
                Arguments.of("--config " + d + "/option.toml", "'k' in " + d + "/option.toml [scheme]: option 'k': 12"
                        + " is out of range"),
                Arguments.of("--config " + d + "/option.toml --k 2 --depth 8 --data " + d + "/truncated",
                        "data_batch_2.bin"),   // the flag replaces the file's k: no complaint about the file's value
                Arguments.of("--config " + d + "/adams-k3.toml --scheme euler", "--scheme euler replaces the scheme"
                        + " 'adams' that '[scheme] name' in " + d + "/adams-k3.toml names, and that file's scheme options"
                        + " (k) are for 'adams'; leave out --scheme, or give the scheme's options on the command line"
                        + " and remove them from the file"),
                Arguments.of("--scheme adams --depth 8 --data " + d + "/truncated", "data_batch_2.bin"),
                Arguments.of("--scheme adams --depth 8 --data " + d + "/a-file.txt", "a-file.txt: is a file"),
                Arguments.of("--scheme adams --depth 8 --data " + d + "/good --train-subset 1000",
                        "--data " + d + "/good:"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out " + d + "/taken",
                        "--out " + d + "/taken already holds a run (config.toml); continue it with --resume"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out " + d + "/orphan",
                        "--out " + d + "/orphan holds checkpoints but no config.toml (what is left of a run whose"
                                + " records are gone, so it cannot be resumed); move them away, or give another --out"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out " + d + "/not-a-run",
                        "--out " + d + "/not-a-run is a folder with other files (metrics.csv) and no run in it"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out=", "--out: '' is out of range; "
                        + "allowed: a new or empty directory (not an empty path)"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out /sys/schemenet-run",
                        "cannot create the run directory /sys/schemenet-run: operation not permitted"),
                Arguments.of("--scheme euler --depth 8 --data " + d + "/good --out " + d + "/a-file.txt/run",
                        "cannot create the run directory " + d + "/a-file.txt/run: "),
                Arguments.of("--scheme euler --seed -1", "--seed: -1 is out of range; allowed: an integer in [0, "
                        + "9223372036854775807]"),
                Arguments.of("--scheme euler --seed 99999999999999999999", "--seed: 99999999999999999999 is out of "
                        + "range; allowed: an integer in [0, 9223372036854775807]"),
                Arguments.of("--scheme adams --k 99999999999999999999", "option 'k': 99999999999999999999 is out of "
                        + "range; allowed: an integer in [1, 8]"),
                Arguments.of("--resume " + d + "/nowhere", "--resume " + d + "/nowhere: no config.toml there"),
                Arguments.of("--resume " + d + "/taken --depth 32", "--resume continues a run with its own configuration; "
                        + "--depth cannot change"),
                Arguments.of("--resume " + d + "/taken --kk 2", "error: scheme 'euler' has no option 'kk'; it takes no "
                        + "options\n"),
                Arguments.of("--scheme adams --plugins " + d + "/no-plugins", "plugins folder " + d + "/no-plugins does "
                        + "not exist"),
                // a file's plugins folder that is gone: named with the file, and the one way round it (the variable
                // does not override a file)
                Arguments.of("--config " + d + "/other-install.toml --dry-run", "error: " + d + "/other-install.toml: "
                        + "plugins = \"" + d + "/gone-plugins\": that folder does not exist; give --plugins DIR, which "
                        + "overrides the file\n"),
                Arguments.of("--resume " + d + "/moved", "error: " + d + "/moved/config.toml: plugins = \"" + d
                        + "/gone-plugins\": that folder does not exist; give --plugins DIR, which overrides the file\n"),
                Arguments.of("--scheme adams --plugins=", "--plugins: '' is out of range; allowed: a folder of scheme "
                        + "plugin jars"),
                Arguments.of("sweep " + d + "/plan.toml --dry-run --plugins=", "--plugins: '' is out of range; "
                        + "allowed: a folder of scheme plugin jars"),
                // the folders named as given, not as a Java list
                Arguments.of("report " + d + "/not-a-run " + d + "/orphan", "error: no run directories (with "
                        + "config.toml) in " + d + "/not-a-run, " + d + "/orphan\n"),
                // every command's --plugins in the same words: an empty path is not the working directory
                Arguments.of("schemes --plugins=", "error: --plugins: '' is out of range; allowed: a folder of scheme "
                        + "plugin jars\n"),
                Arguments.of("wiring --scheme euler --plugins=", "error: --plugins: '' is out of range; allowed: a "
                        + "folder of scheme plugin jars\n"),
                Arguments.of("verify --scheme euler --plugins=", "error: --plugins: '' is out of range; allowed: a "
                        + "folder of scheme plugin jars\n"),
                Arguments.of("stability --scheme euler --plugins=", "error: --plugins: '' is out of range; allowed: a "
                        + "folder of scheme plugin jars\n"),
                Arguments.of("report " + d + "/taken --plugins=", "error: --plugins: '' is out of range; allowed: a "
                        + "folder of scheme plugin jars\n"),
                Arguments.of("bench --scheme euler --plugins=", "error: --plugins: '' is out of range; allowed: a "
                        + "folder of scheme plugin jars\n"),
                // the sweep's and the bench's whole-number options, read by picocli, in the same words
                Arguments.of("sweep " + d + "/plan.toml --dry-run --parallel 99999999999", "error: --parallel: "
                        + "99999999999 is out of range; allowed: an integer in [1, 2147483647]\n"),
                Arguments.of("bench --repeats x", "error: --repeats: 'x' is not an integer; allowed: an integer in [1, "
                        + "2147483647]\n"),
                // an option without its value at the end of the line: one line, as a scheme option's (--k above)
                Arguments.of("sweep " + d + "/plan.toml --parallel", "error: option '--parallel' needs a value; "
                        + "allowed: an integer in [1, 2147483647]\n"),
                Arguments.of("--scheme adams --depth", "error: option '--depth' needs a value; allowed: 6n + 2 with "
                        + "n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)\n"));
    }

    @ParameterizedTest(name = "[{index}] runner {0}")
    @MethodSource("cases")
    void exitsWithTwoAndAMessageNamingTheProblem(String line, String expected) {
        List<String> args = new ArrayList<>(line.isEmpty() ? List.of() : List.of(line.split(" ")));
        RunnerHarness.Result r = RunnerHarness.run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), "one message: " + r.err());
        assertFalse(r.err().contains("\tat org."), "no stack trace without --verbose: " + r.err());
        assertFalse(r.err().contains("warning: "), "nothing before the message: " + r.err());
        System.out.println("| `" + line + "` | " + r.err().lines().filter(l -> l.startsWith("error: "))
                .findFirst().orElse(r.err().trim()).replace("|", "\\|") + " |");
    }
}
