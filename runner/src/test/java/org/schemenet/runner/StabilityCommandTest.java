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

    /**
     * A dropped-in RK4 that declares one evaluation per step (and spends units left over at a stage's end on Euler
     * steps, so it wires any count) passed {@code verify} and {@code stability} printed the interval of a single
     * Euler step, [-2.0000, 0], not RK4's [-2.7853, 0]: both read the steady step off a stage of
     * {@code evaluationsPerStep()} units. Now both refuse it, saying what its steps apply.
     */
    @Test
    void aSchemeDeclaringTooFewEvaluationsPerStepIsRefusedNotGivenAWrongInterval(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = PluginJar.wiring(folder, "rk4one.jar", "rk4one", "rk4one", 4, 1, 0, """
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    if (b.unitsLeft() < 4) {
                        y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
                        continue;
                    }
                    Value k1 = b.evaluate(y);
                    Value k2 = b.evaluate(b.combine(Term.of(1.0, y), Term.of(0.5, k1)));
                    Value k3 = b.evaluate(b.combine(Term.of(1.0, y), Term.of(0.5, k2)));
                    Value k4 = b.evaluate(b.combine(Term.of(1.0, y), Term.of(1.0, k3)));
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0 / 6, k1), Term.of(2.0 / 6, k2),
                            Term.of(2.0 / 6, k3), Term.of(1.0 / 6, k4)));
                }
                return b.build();
                """);
        String expected = "error: scheme 'rk4one' (" + jar + ") cannot be run as an integrator: evaluationsPerStep() "
                + "is 1, but a warm-started stage of 4 units takes 1 step of 4 evaluations, not 4 steps of 1: it must "
                + "return the number of residual units one step applies, 4\n";
        for (String command : new String[] {"stability", "verify"}) {
            RunnerHarness.Result r = RunnerHarness.run(Map.of(), command, "--scheme", "rk4one", "--plugins",
                    folder.toString(), "--plot", dir.resolve(command + ".png").toString());
            assertEquals(2, r.exitCode(), command + ": " + r.out() + r.err());
            assertEquals(expected, r.err(), command);
            assertEquals("", r.out(), command);
        }
    }
}
