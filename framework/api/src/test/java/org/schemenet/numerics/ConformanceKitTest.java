package org.schemenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.scheme.Discretisation;

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
        // Euler: |1 + z| <= 1 -> [-2, 0]; AB2: [-1, 0]; AB3: [-6/11, 0]
        assertEquals(2.0, kit.stabilityInterval(HandWritten.euler()), 2e-3);
        assertEquals(1.0, kit.stabilityInterval(HandWritten.ab2()), 2e-3);
        assertEquals(6.0 / 11, kit.stabilityInterval(ab3()), 2e-3);
    }
}
