package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
        assertTrue(r.err().contains("--stage: 4 is out of range; allowed: 1 to 3"), r.err());
    }
}
