package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner stability}: one method, the step matrix M(z), for every linear wiring. */
class StabilityCommandTest {

    @Test
    void drawsThePredictorCorrectorRegionFromItsStepMatrix(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.pece(folder, "pece.jar");
        Path png = dir.resolve("pece.png");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "stability", "--scheme", "pece", "--plugins",
                folder.toString(), "--plot", png.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals("""
                pece
                  neither one-step nor linear multistep: stable where every eigenvalue of M(z) has modulus <= 1 (simple \
                on the unit circle)
                  step matrix M(z): 2 x 2 over the carried values evaluation at position 1 of the step y_{n-1} -> y_n, y_n
                  interval of absolute stability on the negative real axis: [-2.0000, 0]
                  picture: %s
                """.formatted(png), r.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void linearMultistepAndRungeKuttaKeepTheirClosedFormsNextToTheStepMatrix(@TempDir Path dir) {
        RunnerHarness.Result r = RunnerHarness.run("stability", "--scheme", "adams", "--k", "2", "--plot",
                dir.resolve("ab2.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  linear multistep: rho [1.0, -1.0, 0.0], sigma [1.5, -0.5]"), r.out());
        assertTrue(r.out().contains("  step matrix M(z): 2 x 2 over the carried values evaluation at position 1 of the "
                + "step y_{n-1} -> y_n, y_n"), r.out());
        assertTrue(r.out().contains("[-1.0000, 0]"), r.out());
        r = RunnerHarness.run("stability", "--scheme", "rk", "--tableau", "rk4", "--plot",
                dir.resolve("rk4.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  one-step: y_1 = R(z) y_0"), r.out());
        assertTrue(r.out().contains("  step matrix M(z): 1 x 1 over the carried values y_n"), r.out());
        assertTrue(r.out().contains("[-2.7853, 0]"), r.out());
    }
}
