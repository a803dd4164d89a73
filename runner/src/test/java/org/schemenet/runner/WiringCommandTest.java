package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner wiring}: each stage's wiring program, and the listings docs/architecture.md shows. */
class WiringCommandTest {

    private static final Path ARCHITECTURE = RunnerHarness.builtPlugins().getParent().resolve("docs/architecture.md");

    @Test
    void printsEveryStageOfTheNetwork() {
        RunnerHarness.Result r = RunnerHarness.run("wiring", "--scheme", "adams", "--k", "2", "--depth", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("adams (Adams-Bashforth k=2, fixed coefficients; options k=2, coefficients=fixed), "
                + "depth 20: [3, 3, 3] units per stage\n"), r.out());
        assertTrue(r.out().contains("\nstage 1 (Cold[units=3]): 3 units, 3 steps\nv0 = input y[-0]\nv1 = f0(v0)\n"),
                r.out());
        assertTrue(r.out().contains("\nstage 2 (Transition[units=3]): 3 units, 3 steps\nv0 = input y[-0]\n"), r.out());
        assertTrue(r.out().contains("\nstage 3 (Transition[units=3]): 3 units, 3 steps\n"), r.out());
    }

    @Test
    void theListingsInTheArchitecturePageAreWhatTheRunnerPrints() throws IOException {
        String page = Files.readString(ARCHITECTURE);
        for (String[] args : new String[][] {{"--scheme", "euler", "--stage", "2"},
            {"--scheme", "adams", "--k", "2", "--stage", "1"}}) {
            String[] all = new String[args.length + 3];
            all[0] = "wiring";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--depth";
            all[args.length + 2] = "20";
            RunnerHarness.Result r = RunnerHarness.run(all);
            assertEquals(0, r.exitCode(), r.err());
            String listing = r.out().substring(r.out().indexOf("v0 = "));
            assertTrue(page.contains("```\n" + listing + "```"), "docs/architecture.md shows:\n" + listing);
        }
    }

    @Test
    void aDepthOrStageThatDoesNotExistIsAUsageError() {
        RunnerHarness.Result r = RunnerHarness.run("wiring", "--scheme", "euler", "--depth", "21");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--depth: 21 is out of range; allowed: 6n + 2"), r.err());
        r = RunnerHarness.run("wiring", "--scheme", "euler", "--stage", "4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--stage: 4 is out of range; allowed: an integer in [1, 3]"), r.err());
    }
    /**
     * A dropped-in scheme whose wiring reads a value that does not exist yet: {@code runner wiring} and a training
     * run (here its dry run) stop with one error naming the plugin's jar and the broken node. Before, neither named
     * the jar ("--scheme ahead at --depth 14: stage 1 ...") and the training run called it a unit count the scheme
     * "cannot wire".
     */
    @Test
    void aWiringThatReadsAValueThatDoesNotExistNamesTheJar(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = PluginJar.wiring(folder, "ahead.jar", "ahead", "ahead", 1, 1, 0, """
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, new Value(f.id() + 5))));
                }
                return b.build();
                """);
        for (List<String> command : List.of(List.of("wiring"), List.of("--dry-run", "--data", "sample"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--scheme", "ahead", "--plugins", folder.toString(), "--depth", "14"));
            RunnerHarness.Result r = RunnerHarness.run(Map.of(), args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), command + ": " + r.out() + r.err());
            String error = r.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
            assertTrue(error.startsWith("error: --scheme ahead at --depth 14 (plugin ahead, " + jar + "): stage 1"),
                    command + ": " + error);
            assertTrue(error.contains("wrote an invalid wiring for Cold[units=2]: v2 = 1.0*v0 + 1.0*v6 reads v6, which "
                    + "does not exist yet"), command + ": " + error);
        }
    }
}
