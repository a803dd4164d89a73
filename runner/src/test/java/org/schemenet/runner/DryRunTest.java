package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --dry-run} parameter counts against counts made by hand for the pre-activation CIFAR
 * ResNet with shortcut A: stem 3·16·9 = 432; a unit of width w has two BNs and two 3x3 convolutions,
 * 18w² + 4w; a transition c → 2c has BN(c) + conv(c·2c·9) + BN(2c) + conv(2c·2c·9); the head is
 * BN(64) + dense 64·10 + 10 = 778. Depth 20 (n = 3): 432 + 14,016 + 51,040 + 203,456 + 778 = 269,722;
 * depth 56 (n = 9): 432 + 42,048 + 162,400 + 647,360 + 778 = 853,018. Shortcut B adds the 1x1
 * projections 16·32 + 32·64 = 2,560.
 */
class DryRunTest {

    private static long parameters(String out) {
        Matcher m = Pattern.compile("trainable parameters: (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void eulerDepth20And56HaveTheStandardCounts() {
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "euler", "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(269_722, parameters(r.out()));
        assertTrue(r.out().contains("stage 1: 3 units, 3 steps"), r.out());
        assertTrue(r.out().contains("dry run: nothing trained"), r.out());
        assertEquals(853_018, parameters(RunnerHarness.run("--scheme", "euler", "--depth", "56", "--dry-run").out()));
        assertEquals(272_282, parameters(RunnerHarness.run("--scheme", "euler", "--shortcut", "B", "--dry-run").out()));
    }

    @Test
    void fixedAdamsAddsNothingAndLearnableAdamsAddsOneParameterPerCoefficient() {
        assertEquals(269_722, parameters(RunnerHarness.run("--scheme", "adams", "--k", "2", "--dry-run").out()));
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "adams", "--k", "2", "--coefficients", "learnable",
                "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("learnable coefficients: (\\d+) \\((.*)\\)").matcher(r.out());
        assertTrue(m.find(), r.out());
        int count = Integer.parseInt(m.group(1));
        assertEquals(count, m.group(2).split(", ").length);
        assertTrue(m.group(2).startsWith("stage1."), m.group(2));
        assertTrue(count > 0);
        assertEquals(269_722 + count, parameters(r.out()));
    }
}
