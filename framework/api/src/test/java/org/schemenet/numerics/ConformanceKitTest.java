package org.schemenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

class ConformanceKitTest {
    private final ConformanceKit kit = ConformanceKit.atInitialMeans();

    static Stream<Arguments> schemesAndProblems() {
        return Stream.of(
                Arguments.of(HandWritten.euler(), TestProblem.rotationDecay(), 1.0),
                Arguments.of(HandWritten.euler(), TestProblem.riccati(), 1.0),
                Arguments.of(HandWritten.euler(), TestProblem.logistic(), 1.0),
                Arguments.of(HandWritten.ab2(), TestProblem.rotationDecay(), 2.0),
                Arguments.of(HandWritten.ab2(), TestProblem.riccati(), 2.0),
                Arguments.of(ab3(), TestProblem.rotationDecay(), 3.0),
                Arguments.of(ab3(), TestProblem.riccati(), 3.0));
    }

    static Discretisation ab3() {
        return HandWritten.linearMultistep("ab3", 3, new double[] {1}, new double[] {23.0 / 12, -16.0 / 12, 5.0 / 12});
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("schemesAndProblems")
    void measuresTheOrderOfHandWrittenSchemes(Discretisation d, TestProblem p, double expected) {
        OrderEstimate o = kit.order(d, p);
        assertEquals(expected, o.order(), 0.1, () -> d.description() + " on " + p.name() + ": " + o);
        assertTrue(o.fitted() >= 3, o::toString);
    }

    /** Both faults of an inconsistent step in one sentence each, joined (they ran together: "...1) does not..."). */
    @Test
    void anInconsistencyWithBothFaultsNamesThemApart() {
        assertEquals("inconsistent: does not preserve constants (error 0.500; the state coefficients do not sum to 1);"
                + " and it does not integrate y' = 1 exactly (error 0.250; the evaluation weights do not match the"
                + " time the step covers)", new Consistency(0.5, 0.25).explanation());
        assertEquals("consistent", new Consistency(0, 1e-12).explanation());
    }

    @Test
    void errorsHalveForEulerWhenTheStepHalves() {
        OrderEstimate o = kit.order(HandWritten.euler(), TestProblem.riccati());
        OrderEstimate.Point last = o.points().get(o.points().size() - 1);
        OrderEstimate.Point before = o.points().get(o.points().size() - 2);
        // the error falls in proportion to h: by the ratio of the step counts
        assertEquals((double) last.steps() / before.steps(), before.error() / last.error(), 0.01);
    }

    @Test
    void coldStartedAb3IsLimitedToSecondOrderByItsEulerStartupStep() {
        // local error O(h^2) of the single AB1 step bounds the global error at O(h^2)
        assertEquals(2.0, kit.coldOrder(ab3(), TestProblem.rotationDecay()).order(), 0.1);
    }

    @Test
    void flagsCoefficientsSummingTo09AsInconsistent() {
        Discretisation bad = HandWritten.linearMultistep("beta sum 0.9", 1, new double[] {1}, new double[] {0.5, 0.4});
        Consistency c = kit.consistency(bad);
        assertTrue(c.preservesConstants());
        assertFalse(c.exactForLinear());
        assertFalse(c.consistent());
        assertFalse(kit.verify(bad).passes());
        assertTrue(c.explanation().contains("y' = 1"), c.explanation());
    }

    @Test
    void flagsStateCoefficientsNotSummingToOneAsInconsistent() {
        Discretisation bad = HandWritten.linearMultistep("alpha sum 0.9", 1, new double[] {0.9}, new double[] {1});
        assertFalse(kit.consistency(bad).preservesConstants());
    }

    @Test
    void handWrittenSchemesAreConsistentAndPass() {
        for (Discretisation d : new Discretisation[] {HandWritten.euler(), HandWritten.ab2(), ab3()}) {
            ConformanceReport r = kit.verify(d);
            assertTrue(r.consistency().consistent(), d.description());
            assertTrue(r.rootCondition().satisfied(), d.description());
            assertTrue(r.passes(), r::toString);
        }
    }

    @Test
    void theThirdOrderTwoStepSchemeIsConsistentButNotZeroStable() {
        // y_{n+1} = -4 y_n + 5 y_{n-1} + 4 f_n + 2 f_{n-1}: rho = (z - 1)(z + 5)
        Discretisation d = HandWritten.linearMultistep("unstable", 3, new double[] {-4, 5}, new double[] {4, 2});
        assertTrue(kit.consistency(d).consistent());
        RootCondition rc = kit.zeroStability(d);
        assertFalse(rc.satisfied());
        assertEquals(5.0, rc.spectralRadius(), 1e-9);
        assertFalse(kit.verify(d).passes());
    }

    @Test
    void stabilityIntervalsMatchTheKnownValues() {
        // Euler: |1 + z| <= 1 -> [-2, 0]; AB2: [-1, 0]; AB3: [-6/11, 0]; RK4: where R(x) = 1 + x + x^2/2 + x^3/6 + x^4/24
        // returns to 1
        assertEquals(2.0, kit.stabilityInterval(HandWritten.euler()), 1e-6);
        assertEquals(1.0, kit.stabilityInterval(HandWritten.ab2()), 1e-6);
        assertEquals(6.0 / 11, kit.stabilityInterval(ab3()), 1e-6);
        // R(x) = 1 for RK4 at x != 0: x^3/24 + x^2/6 + x/2 + 1 = 0, negative at -3 and positive at -2.5; bisection
        double lo = -3;
        double hi = -2.5;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            double g = mid * mid * mid / 24 + mid * mid / 6 + mid / 2 + 1;
            if (g < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        assertEquals(-lo, kit.stabilityInterval(HandWritten.rk4()), 1e-6);
        assertEquals(2.785293563, -lo, 1e-8);
    }

    @Test
    void theSettingsArePublicAndValidated() {
        ConformanceKit.Settings s = ConformanceKit.Settings.DEFAULT.withStepCounts(16, 32, 64, 128, 256).withFitPoints(3)
                .withUsableErrors(1e-12, 1e-2).withOrderTolerance(0.2);
        ConformanceKit custom = kit.with(s);
        assertEquals(s, custom.settings());
        OrderEstimate o = custom.order(HandWritten.ab2(), TestProblem.riccati());
        assertEquals(5, o.points().size());
        assertEquals(List.of(16, 32, 64, 128, 256), o.points().stream().map(OrderEstimate.Point::steps).toList());
        assertEquals(3, o.fitted());
        assertEquals(2.0, o.order(), 0.05);
        assertEquals(0.2, custom.verify(HandWritten.ab2()).orderTolerance());
        assertThrows(IllegalArgumentException.class, () -> s.withStepCounts(8, 4, 16));
        assertThrows(IllegalArgumentException.class, () -> s.withStepCounts(8, 16));
        assertThrows(IllegalArgumentException.class, () -> s.withFitPoints(1));
        assertThrows(IllegalArgumentException.class, () -> s.withUsableErrors(1e-2, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> s.withOrderTolerance(0));
    }

    /**
     * Classical RK4 that declares {@code evaluationsPerStep() = declared} and spends units left over at the
     * end of a stage on Euler steps, so it wires any unit count: its steady steps apply 4 units each.
     */
    static Discretisation rk4Declaring(int declared) {
        return HandWritten.of("rk4 declaring " + declared, 4, declared, 0, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            while (b.unitsLeft() > 0) {
                if (b.unitsLeft() < 4) {
                    y = b.step(b.combine(Term.of(1, y), Term.of(1, b.evaluate(y))));
                    continue;
                }
                Value k1 = b.evaluate(y);
                Value k2 = b.evaluate(b.combine(Term.of(1, y), Term.of(0.5, k1)));
                Value k3 = b.evaluate(b.combine(Term.of(1, y), Term.of(0.5, k2)));
                Value k4 = b.evaluate(b.combine(Term.of(1, y), Term.of(1, k3)));
                y = b.step(b.combine(Term.of(1, y), Term.of(1.0 / 6, k1), Term.of(2.0 / 6, k2), Term.of(2.0 / 6, k3),
                        Term.of(1.0 / 6, k4)));
            }
            return b.build();
        });
    }

    /**
     * The kit sizes its stages and the stability function its steps by {@code evaluationsPerStep()}. RK4 declaring 1
     * measured order 4 (the kit compares at the time the steps cover) and passed, with the stability interval of the
     * Euler step a 1-unit stage holds, [-2, 0] instead of RK4's [-2.7853, 0]; declaring 8, it passed too.
     */
    @Test
    void aWrongEvaluationsPerStepIsRefusedWithTheCountTheStepsApply() {
        assertEquals(2.785293563, kit.stabilityInterval(rk4Declaring(4)), 1e-6);
        assertTrue(kit.verify(rk4Declaring(4)).passes());
        Map<Integer, String> takes = Map.of(1, "4 units takes 1 step of 4 evaluations, not 4 steps of 1",
                2, "8 units takes 2 steps of 4 evaluations, not 4 steps of 2",
                8, "32 units takes 8 steps of 4 evaluations, not 4 steps of 8");
        takes.forEach((declared, what) -> {
            Discretisation d = rk4Declaring(declared);
            String expected = "evaluationsPerStep() is " + declared + ", but a warm-started stage of " + what
                    + ": it must return the number of residual units one step applies, 4";
            for (org.junit.jupiter.api.function.Executable e : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> kit.verify(d), () -> kit.orders(d, TestProblem.standard()), () -> kit.stabilityInterval(d),
                    () -> StabilityFunction.of(d, ParameterValues::means))) {
                assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage(),
                        d.description());
            }
        });
    }

    /**
     * LM-ResNet's two-step scheme {@code y_{n+1} = (1 - k) y_n + k y_{n-1} + f_n}, fixed {@code k}: each step covers
     * {@code h/(1 + k)} of {@code y' = F}; after a cold start the previous state is the entry state.
     */
    static Discretisation lmResNet(double k) {
        return HandWritten.of("lm k=" + k, 1, 1, 1, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            Value previous = b.pastStates().isEmpty() ? y : b.pastStates().get(0);
            while (b.unitsLeft() > 0) {
                Value f = b.evaluate(y);
                Value next = b.combine(Term.of(1 - k, y), Term.of(k, previous), Term.of(1, f));
                previous = y;
                y = b.step(next, new org.schemenet.wiring.Coefficient.Fixed(1 + k));
            }
            return b.build();
        });
    }

    /**
     * The kit took N steps of h = T/N whatever time they cover: LM-ResNet's scheme with k = -0.9 (allowed,
     * zero-stable, first order) ran to t = T/(1 + k) = 10, ten times past the problem's interval, where 2048 steps of
     * 0.0049 are not yet asymptotic: it measured 1.393 on the rotation-decay problem and failed. The steps must
     * cover T.
     */
    @Test
    void aSchemeWhoseStepsCoverOtherThanHIsRunOverTheProblemsInterval() {
        Discretisation d = lmResNet(-0.9);
        for (TestProblem p : TestProblem.standard()) {
            OrderEstimate o = kit.order(d, p);
            assertEquals(1.0, o.order(), 0.1, o::toString);
            OrderEstimate.Point last = o.points().get(o.points().size() - 1);
            OdeInterpreter.Run run = kit.run(d.wire(new org.schemenet.wiring.StageStart.Warm(last.steps(), 1)), p,
                    last.h());
            assertEquals(p.endTime(), run.endTime(), 1e-12, p.name());
        }
        assertTrue(kit.verify(d).passes(), () -> kit.verify(d).failures().toString());
    }

    /**
     * A learned LM unit with k below -1 (the last unit of a depth-32 run learned k = -1.54): its steps cover
     * h/(1 + k) < 0, so the time they cover is negative; the kit took that for its h ("step size h must be finite and
     * > 0, got -0.067") and the report lost the analysis of every unit of the run. Such a scheme is not zero-stable
     * (root -k = 1.54); the kit says so, and measures its orders with h = T/N as for any step.
     */
    @Test
    void aSchemeWhoseStepsCoverNegativeTimeIsReportedAsNotZeroStable() {
        ConformanceReport r = kit.verify(lmResNet(-1.54));
        assertFalse(r.passes());
        assertFalse(r.rootCondition().satisfied(), r::toString);
        assertEquals(1.54, r.rootCondition().spectralRadius(), 1e-9, r::toString);
    }

    @Test
    void aFailureSaysWhichPropertyFailedWithMeasuredAgainstClaimed() {
        // forward Euler that claims order 3
        Discretisation liar = HandWritten.linearMultistep("liar", 3, new double[] {1}, new double[] {1});
        ConformanceReport r = kit.verify(liar);
        assertFalse(r.passes());
        assertEquals(3, r.failures().size(), r.failures()::toString);
        assertTrue(r.failures().get(0).matches("order on linear rotation-decay: measured 1\\.0\\d\\d, claimed 3 "
                + "\\(allowed 2\\.7 to 3\\.3\\)"), r.failures().get(0));
        assertEquals(1.0, r.lowestMeasuredOrder(), 0.01);

        Discretisation inconsistent = HandWritten.linearMultistep("beta sum 0.9", 1, new double[] {1},
                new double[] {0.5, 0.4});
        assertTrue(kit.verify(inconsistent).failures().stream().anyMatch(f -> f.startsWith("consistency: inconsistent")),
                () -> kit.verify(inconsistent).failures().toString());

        Discretisation unstable = HandWritten.linearMultistep("unstable", 3, new double[] {-4, 5}, new double[] {4, 2});
        List<String> failures = kit.orders(unstable, TestProblem.standard()).failures();
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("zero-stability: the root condition fails")
                && f.contains("largest modulus 5.0000")), failures::toString);
        assertTrue(kit.verify(HandWritten.ab2()).failures().isEmpty());
    }

    @Test
    void aReferenceSolutionIsAsAccurateAsTheExactOne() {
        VectorField riccati = y -> new double[] {-y[0] * y[0]};
        ReferenceSolution reference = ReferenceSolution.of(riccati, new double[] {0.5}, 1.0);
        double worst = 0;
        for (double t = -1.0; t <= 1.0; t += 0.037) {
            worst = Math.max(worst, Math.abs(reference.apply(t)[0] - 1.0 / (2.0 + t)));
        }
        assertTrue(worst < 4e-16, "max error " + worst);
        TestProblem rotation = TestProblem.rotationDecay();
        TestProblem numerical = TestProblem.withReferenceSolution("rotation (reference)", rotation.field(),
                rotation.initialValue(), 1.0);
        for (double t : new double[] {-1.5, -0.3, 0.0, 0.7, 1.0}) {
            assertArrayEquals(rotation.exact().apply(t), numerical.exact().apply(t), 1e-15);
        }
        // the kit measures the same orders against it as against the closed form
        TestProblem closedForm = TestProblem.riccati();
        TestProblem againstReference = TestProblem.withReferenceSolution("riccati (reference)", riccati,
                new double[] {0.5}, 1.0);
        for (Discretisation d : new Discretisation[] {HandWritten.ab2(), HandWritten.rk4(), ab3()}) {
            assertEquals(kit.order(d, closedForm).order(), kit.order(d, againstReference).order(), 0.01,
                    d.description());
        }
    }

    @Test
    void vanDerPolHasNoClosedFormButItsReferenceSolutionMeasuresTheOrders() {
        double mu = 1.0;
        VectorField vanDerPol = y -> new double[] {y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]};
        TestProblem p = TestProblem.withReferenceSolution("van der Pol", vanDerPol, new double[] {2.0, 0.0}, 1.0);
        // an independent check of the reference: RK4 with h = 1e-4 (global error ~1e-15 here)
        double[] y = {2.0, 0.0};
        double h = 1e-4;
        for (int n = 0; n < 10_000; n++) {
            double[] k1 = vanDerPol.apply(y);
            double[] k2 = vanDerPol.apply(new double[] {y[0] + h / 2 * k1[0], y[1] + h / 2 * k1[1]});
            double[] k3 = vanDerPol.apply(new double[] {y[0] + h / 2 * k2[0], y[1] + h / 2 * k2[1]});
            double[] k4 = vanDerPol.apply(new double[] {y[0] + h * k3[0], y[1] + h * k3[1]});
            for (int d = 0; d < 2; d++) {
                y[d] += h / 6 * (k1[d] + 2 * k2[d] + 2 * k3[d] + k4[d]);
            }
        }
        assertArrayEquals(y, p.exact().apply(1.0), 1e-11);
        assertEquals(1.0, kit.order(HandWritten.euler(), p).order(), 0.05);
        assertEquals(2.0, kit.order(HandWritten.ab2(), p).order(), 0.05);
        assertEquals(3.0, kit.order(ab3(), p).order(), 0.1);
        assertEquals(4.0, kit.order(HandWritten.rk4(), p).order(), 0.1);
        assertEquals(2.0, kit.order(HandWritten.pece(), p).order(), 0.1);
    }

    @Test
    void aReferenceSolutionThroughASingularityIsRefusedWithAMessage() {
        // y' = y^2, y(0) = 1: y = 1/(1 - t) blows up at t = 1, inside [-2, 2]
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestProblem.withReferenceSolution("blow-up", y -> new double[] {y[0] * y[0]}, new double[] {1.0},
                        1.0));
        assertTrue(e.getMessage().contains("does not converge"), e.getMessage());
    }
}
