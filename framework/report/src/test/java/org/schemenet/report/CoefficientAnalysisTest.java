package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.StabilityFunction;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

class CoefficientAnalysisTest {

    /**
     * AB2 written out here, independent of the adams plugin: {@code y_{n+1} = y_n + β_0 f_n + β_1 f_{n-1}};
     * learnable: {@code β_0 = unit<u>.beta0 ~ U(1, 1.1)}, {@code β_1 = 1 − β_0}; fixed: 3/2, −1/2.
     * The first step of a cold stage is Euler with fixed 1.
     */
    record TwoStep(boolean learnable) implements Discretisation {
        @Override
        public String description() {
            return "AB2 " + (learnable ? "learnable" : "fixed");
        }

        @Override
        public int order() {
            return learnable ? 1 : 2;
        }

        @Override
        public int evaluationsPerStep() {
            return 1;
        }

        @Override
        public int historyDepth() {
            return 1;
        }

        @Override
        public StageWiring wire(StageStart start) {
            StageWiring.Builder b = StageWiring.builder(start);
            LinkedList<Value> f = new LinkedList<>(b.pastEvaluations());
            Value y = b.state();
            while (b.unitsLeft() > 0) {
                int unit = start.units() - b.unitsLeft();
                f.addFirst(b.evaluate(y));
                if (f.size() == 1) {
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, f.get(0))));
                    continue;
                }
                Coefficient b0;
                Coefficient b1;
                if (learnable) {
                    Coefficient.Learnable p = new Coefficient.Learnable("unit" + unit + ".beta0",
                            Initialiser.uniform(1.0, 1.1), false);
                    b0 = p;
                    b1 = Coefficient.Derived.oneMinusSumOf(List.of(p));
                } else {
                    b0 = new Coefficient.Fixed(1.5);
                    b1 = new Coefficient.Fixed(-0.5);
                }
                y = b.step(b.combine(Term.of(1.0, y), Term.of(b0, f.get(0)), Term.of(b1, f.get(1))));
            }
            return b.build();
        }
    }

    /**
     * One unit whose analysis fails (it lacks the coefficient the wiring names; another's is NaN) is that unit's
     * outcome with why, in one line; the units around it are analysed as usual.
     */
    @Test
    void aUnitWhoseAnalysisFailsIsThatUnitsOutcomeOnly() {
        Map<String, Double> coefficients = new java.util.LinkedHashMap<>();
        coefficients.put("stage1.unit1.beta0", 1.5);
        coefficients.put("stage1.unit2.gamma", 1.0);
        coefficients.put("stage1.unit3.beta0", Double.NaN);
        coefficients.put("stage2.unit1.beta0", 2.0);
        List<CoefficientAnalysis.Outcome> outcomes = CoefficientAnalysis.of(new TwoStep(true), new TwoStep(false),
                coefficients);
        assertEquals(List.of("stage1.unit1", "stage1.unit2", "stage1.unit3", "stage2.unit1"),
                outcomes.stream().map(o -> o.scheme().name()).toList());
        assertEquals(2.0, ((CoefficientAnalysis.UnitAnalysis) outcomes.get(0)).order(), 0.1);
        CoefficientAnalysis.NotAnalysed missing = (CoefficientAnalysis.NotAnalysed) outcomes.get(1);
        assertTrue(missing.reason().contains("stage1.unit2 has no learned coefficient") && !missing.reason()
                .contains("\n"), missing.reason());
        CoefficientAnalysis.NotAnalysed nan = (CoefficientAnalysis.NotAnalysed) outcomes.get(2);
        assertTrue(nan.reason().contains("beta0 = NaN is not a finite number"), nan.reason());
        assertEquals(2 / 3.0, ((CoefficientAnalysis.UnitAnalysis) outcomes.get(3)).stabilityInterval(), 1e-3);
        assertEquals(2, CoefficientAnalysis.analysed(outcomes).size());
        assertEquals("one line", new CoefficientAnalysis.NotAnalysed(missing.scheme(), " one\n  line\n").reason());
    }

    @Test
    void frozenUnitsAreCheckedAsIntegratorsAgainstHandComputedValues() {
        List<CoefficientAnalysis.UnitAnalysis> units = CoefficientAnalysis.analysed(CoefficientAnalysis.of(
                new TwoStep(true), new TwoStep(false), Map.of("stage1.unit1.beta0", 1.5, "stage1.unit2.beta0", 1.05,
                        "stage2.unit1.beta0", 2.0, "fc.bias", 3.0)));
        assertEquals(List.of("stage1.unit1", "stage1.unit2", "stage2.unit1"),
                units.stream().map(u -> u.scheme().name()).toList());
        // β_0 = 3/2 is AB2 itself: order 2, interval [-1, 0]
        CoefficientAnalysis.UnitAnalysis ab2 = units.get(0);
        assertTrue(ab2.consistent());
        assertTrue(ab2.zeroStable());
        assertEquals(2.0, ab2.order(), 0.1);
        assertEquals(1.0, ab2.stabilityInterval(), 1e-3);   // the kit detects growth above 1 + 1e-4 per step
        assertEquals(0.45, ab2.distanceFromInitial(), 1e-12);   // |1.5 − 1.05|
        assertEquals(0.0, ab2.distanceFromClassical(), 1e-12);
        assertEquals(Map.of("beta0", 1.5), ab2.classical());
        assertEquals(Map.of("beta0", 1.05), ab2.initial());
        // β_0 = b, β_1 = 1 − b: ρ = ζ² − ζ (zero-stable, consistent), order 1 unless b = 3/2; the root
        // ζ = −1 of ζ² − ζ − z(bζ + 1 − b) is reached at z = 2 / (1 − 2b): −2/1.1 for b = 1.05, −2/3 for b = 2
        CoefficientAnalysis.UnitAnalysis initial = units.get(1);
        assertTrue(initial.consistent());
        assertTrue(initial.zeroStable());
        assertEquals(1.0, initial.order(), 0.1);
        assertEquals(2 / 1.1, initial.stabilityInterval(), 1e-3);
        assertEquals(0.0, initial.distanceFromInitial(), 1e-12);
        assertEquals(0.45, initial.distanceFromClassical(), 1e-12);
        assertEquals(2 / 3.0, units.get(2).stabilityInterval(), 1e-3);
        assertEquals(1.0, units.get(2).report().rootCondition().spectralRadius(), 1e-9);
        // the stability function of the frozen unit is read off its wiring: σ = (b, 1 − b)
        StabilityFunction.LinearMultistep lm = (StabilityFunction.LinearMultistep) units.get(2).stability().get();
        assertEquals(2.0, lm.sigma()[0], 1e-12);
        assertEquals(-1.0, lm.sigma()[1], 1e-12);
    }

    @Test
    void theFrozenPolicyMapsEveryUnitsNameToOneUnitsValue() {
        LearnedScheme s = LearnedScheme.perUnit(Map.of("stage3.unit4.beta0", 0.7)).get("stage3.unit4");
        StageWiring w = new TwoStep(true).wire(new StageStart.Warm(3, 1));
        ParameterValues v = s.policy().apply(w);
        assertEquals(Map.of("unit0.beta0", 0.7, "unit1.beta0", 0.7, "unit2.beta0", 0.7), v.values());
        LearnedScheme other = new LearnedScheme(1, 0, Map.of("k", 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.policy().apply(w));
        assertTrue(e.getMessage().contains("unit0.beta0"), e.getMessage());
    }

    @Test
    void aWiringOfAnotherShapeHasNoClassicalValues() {
        Discretisation euler = new Discretisation() {
            public String description() {
                return "euler";
            }

            public int order() {
                return 1;
            }

            public int evaluationsPerStep() {
                return 1;
            }

            public int historyDepth() {
                return 0;
            }

            public StageWiring wire(StageStart start) {
                StageWiring.Builder b = StageWiring.builder(start);
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
                }
                return b.build();
            }
        };
        assertTrue(CoefficientAnalysis.classicalValues(new TwoStep(true), euler).isEmpty());
        assertFalse(CoefficientAnalysis.initialMeans(new TwoStep(true)).isEmpty());
    }
}
