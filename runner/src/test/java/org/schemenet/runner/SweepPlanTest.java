package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.run.Settings;

class SweepPlanTest {

    static final String PLAN = """
            name = "tiny"
            depths = [8, 14]
            seeds = [1, 2]

            [training]
            epochs = 4
            milestones = [2, 3]
            lr = 1
            data = "sample"

            [[scheme]]
            name = "euler"

            [[scheme]]
            name = "adams"
            k = 2
            coefficients = "learnable"
            """;

    static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("plan.toml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theGridIsVariantsTimesDepthsTimesSeedsWithStableNames(@TempDir Path dir) throws IOException {
        SweepPlan p = SweepPlan.read(write(dir, PLAN));
        assertEquals("tiny", p.name());
        assertEquals(4, p.epochs());
        assertEquals(1.0, p.training().values().get(Settings.LR), "an integer where a number is wanted is a number");
        List<SweepRun> runs = p.runs();
        assertEquals(8, runs.size());
        assertEquals(List.of("euler-d8-e4-s1", "euler-d8-e4-s2", "euler-d14-e4-s1", "euler-d14-e4-s2",
                        "adams-coefficientslearnable-k2-d8-e4-s1", "adams-coefficientslearnable-k2-d8-e4-s2",
                        "adams-coefficientslearnable-k2-d14-e4-s1", "adams-coefficientslearnable-k2-d14-e4-s2"),
                runs.stream().map(SweepRun::directoryName).toList());
        assertEquals(Map.of("k", "2", "coefficients", "learnable"), runs.get(4).variant().options());
        SweepPlan shorter = p.withEpochs(2);
        assertEquals(2, shorter.epochs());
        assertFalse(shorter.training().has(Settings.MILESTONES), "milestones scale with the new length");
        assertEquals("euler-d8-e2-s1", shorter.runs().get(0).directoryName());
    }

    @Test
    void longOrOddOptionValuesGiveAHashNotAPath() {
        SweepRun r = new SweepRun(new SweepPlan.Variant("rk", Map.of("a", "[[0, 0], [0.5, 0]]")), 20, 3, 160);
        assertTrue(r.directoryName().matches("rk-a[0-9a-f]{8}-d20-e160-s3"), r.directoryName());
        SweepRun slash = new SweepRun(new SweepPlan.Variant("x", Map.of("p", "../..")), 20, 3, 160);
        assertTrue(slash.directoryName().matches("x-p[0-9a-f]{8}-d20-e160-s3"), slash.directoryName());
        SweepRun plain = new SweepRun(new SweepPlan.Variant("lm", Map.of("k-low", "-0.1")), 20, 3, 160);
        assertEquals("lm-k-low-0.1-d20-e160-s3", plain.directoryName());
    }

    @Test
    void badPlansNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
        assertMessage(dir, PLAN.replace("seeds = [1, 2]", "seed = [1, 2]"), "unknown key 'seed' (did you mean 'seeds'?");
        assertMessage(dir, PLAN.replace("epochs = 4", "depth = 20"), "'depth' cannot be given here: every run has its own");
        assertMessage(dir, PLAN.replace("epochs = 4", "epoch = 4"), "[training]: unknown key 'epoch' (did you "
                + "mean 'epochs'?");
        assertMessage(dir, PLAN.replace("epochs = 4", "epochs = \"four\""), "[training]: 'epochs' must be an integer");
        assertMessage(dir, PLAN.replace("depths = [8, 14]", "depths = [8, 15]"), "depth 15 in 'depths' is not allowed");
        assertMessage(dir, PLAN.replace("seeds = [1, 2]", "seeds = []"), "'seeds' is missing or empty");
        assertMessage(dir, PLAN.replace("name = \"euler\"", "nme = \"euler\""), "[[scheme]] number 1 has no name");
        assertMessage(dir, PLAN.replace("depths = [8, 14]", "depths = [8, 14"), "TOML syntax error on line 2: "
                + "unterminated value: depths = [8, 14");
        assertMessage(dir, "depths = [8]\nseeds = [1]\n", "no [[scheme]] table");
        org.schemenet.run.InputException missing = assertThrows(org.schemenet.run.InputException.class, () -> SweepPlan.read(dir.resolve("none.toml")));
        assertTrue(missing.getMessage().contains("none.toml does not exist"), missing.getMessage());
    }

    private static void assertMessage(Path dir, String text, String expected) throws IOException {
        Path f = write(dir, text);
        org.schemenet.run.InputException e = assertThrows(org.schemenet.run.InputException.class,
                () -> SweepPlan.read(f));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(f.toString()), e.getMessage());
    }
}
