package org.schemenet.lowering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * The lowering pass, stage wiring to units, shortcuts, coefficient groups and combinations, checked against listings
 * worked out by hand from the wirings (each node's inputs, merged coefficients, group and place), and its rules.
 * No DL4J or ND4J is on this module's class path.
 */
class LoweringTest {

    private static final Lowering A = new Lowering(ShortcutOption.A, CoefficientDecay.AS_DECLARED);

    private static Discretisation scheme(String name, Map<String, String> options) {
        return ClassPathSchemes.load().find(name).configure(options);
    }

    private static LoweredStage lower(Lowering lowering, Discretisation scheme, StageStart start, int in, int out) {
        return lowering.lowerStage(start instanceof StageStart.Cold ? 1 : 2, "entry", scheme.wire(start), in, out,
                new SplittableRandom(1));
    }

    @Test
    void eulerTransitionIsAStridedUnitAShortcutAndAdditions() {
        assertEquals("""
                stage2.unit0 = unit(entry) 16 -> 32 channels, stride 2
                stage2.shortcut = shortcut A(entry) 16 -> 32 channels, stride 2
                stage2.v3 = (1.0)*stage2.shortcut + (1.0)*stage2.unit0
                stage2.unit1 = unit(stage2.v3) 32 -> 32 channels
                stage2.v5 = (1.0)*stage2.v3 + (1.0)*stage2.unit1
                stage2.unit2 = unit(stage2.v5) 32 -> 32 channels
                stage2.v7 = (1.0)*stage2.v5 + (1.0)*stage2.unit2
                output stage2.v7
                """, lower(A, scheme("euler", Map.of()), new StageStart.Transition(3), 16, 32).listing());
    }

    @Test
    void adamsBashforthTwoStepReusesThePreviousEvaluation() {
        // y1 = y0 + f0 (AB1 startup), then y_{n+1} = y_n + 3/2 f_n - 1/2 f_{n-1}
        assertEquals("""
                stage1.unit0 = unit(entry) 16 -> 16 channels
                stage1.v2 = (1.0)*entry + (1.0)*stage1.unit0
                stage1.unit1 = unit(stage1.v2) 16 -> 16 channels
                stage1.v4 = (1.0)*stage1.v2 + (1.5)*stage1.unit1 + (-0.5)*stage1.unit0
                stage1.unit2 = unit(stage1.v4) 16 -> 16 channels
                stage1.v6 = (1.0)*stage1.v4 + (1.5)*stage1.unit2 + (-0.5)*stage1.unit1
                output stage1.v6
                """, lower(A, scheme("adams", Map.of("k", "2")), new StageStart.Cold(3), 16, 16).listing());
    }

    @Test
    void learnableAdamsStepsGetOneCoefficientGroupEachWithTheConsistencyConstraint() {
        // startup AB1, AB2 fixed; from the third step y + β0 f_n + β1 f_{n-1} + (1 - β0 - β1) f_{n-2}, each step's
        // group right before its combination, anchored on y_n
        LoweredStage stage = lower(A, scheme("adams", Map.of("k", "3", "coefficients", "learnable")),
                new StageStart.Cold(4), 16, 16);
        assertEquals("""
                stage1.unit0 = unit(entry) 16 -> 16 channels
                stage1.v2 = (1.0)*entry + (1.0)*stage1.unit0
                stage1.unit1 = unit(stage1.v2) 16 -> 16 channels
                stage1.v4 = (1.0)*stage1.v2 + (1.5)*stage1.unit1 + (-0.5)*stage1.unit0
                stage1.unit2 = unit(stage1.v4) 16 -> 16 channels
                stage1.v6.coefficients = θ(stage1.unit2.beta0, stage1.unit2.beta1); anchored on stage1.v4
                stage1.v6 = (1.0)*stage1.v4 + (θ0)*stage1.unit2 + (θ1)*stage1.unit1 + (1.0 - θ0 - θ1)*stage1.unit0 \
                  ; θ from stage1.v6.coefficients
                stage1.unit3 = unit(stage1.v6) 16 -> 16 channels
                stage1.v8.coefficients = θ(stage1.unit3.beta0, stage1.unit3.beta1); anchored on stage1.v6
                stage1.v8 = (1.0)*stage1.v6 + (θ0)*stage1.unit3 + (θ1)*stage1.unit2 + (1.0 - θ0 - θ1)*stage1.unit1 \
                  ; θ from stage1.v8.coefficients
                output stage1.v8
                """, stage.listing());
        assertEquals(List.of("stage1.unit2.beta0", "stage1.unit2.beta1", "stage1.unit3.beta0", "stage1.unit3.beta1"),
                stage.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of("unit2.beta0", "unit2.beta1", "unit3.beta0", "unit3.beta1"),
                stage.parameters().stream().map(Parameter::localName).toList());
    }

    @Test
    void shortcutBProjectsTheTransitionUnitAndLmCoefficientsAreAffine() {
        // LM: y_{n+1} = (1 - k) y_n + k y_{n-1} + f_n; after the transition y_{n-1} is the projected entry
        assertEquals("""
                stage2.unit0 = unit(entry) 16 -> 32 channels, stride 2
                stage2.shortcut = shortcut B(entry) 16 -> 32 channels, stride 2, projects stage2.unit0's pre-activation
                stage2.v3 = (1.0)*stage2.shortcut + (1.0)*stage2.unit0
                stage2.unit1 = unit(stage2.v3) 32 -> 32 channels
                stage2.v5.coefficients = θ(stage2.unit1.k); anchored on stage2.v3
                stage2.v5 = (1.0 - θ0)*stage2.v3 + (θ0)*stage2.shortcut + (1.0)*stage2.unit1   ; θ from stage2.v5.coefficients
                stage2.unit2 = unit(stage2.v5) 32 -> 32 channels
                stage2.v7.coefficients = θ(stage2.unit2.k); anchored on stage2.v5
                stage2.v7 = (1.0 - θ0)*stage2.v5 + (θ0)*stage2.v3 + (1.0)*stage2.unit2   ; θ from stage2.v7.coefficients
                output stage2.v7
                """, lower(new Lowering(ShortcutOption.B, CoefficientDecay.AS_DECLARED), scheme("lm", Map.of()),
                new StageStart.Transition(3), 16, 32).listing());
    }

    @Test
    void termsMergeSharedCoefficientsShareAGroupAndCancellingOrRescalingCoefficientsAreNoParameters() {
        // MixedWiring's javadoc gives each step; v2 = 1·f0 and v16 = 1·f6 are f0 and f6 themselves, v13 = f5 - f5
        // is zero, unit4.k cancels and unit4.r only rescales the step
        assertEquals("""
                stage1.unit0 = unit(entry) 4 -> 4 channels
                stage1.v3 = (1.0)*entry + (1.0)*stage1.unit0
                stage1.unit1 = unit(stage1.v3) 4 -> 4 channels
                stage1.v5 = (0.5)*stage1.v3 + (0.5)*entry + (0.5)*stage1.unit1
                stage1.unit2 = unit(stage1.v5) 4 -> 4 channels
                stage1.v7.coefficients = θ(stage1.unit2.a); anchored on stage1.v5
                stage1.v7 = (1.0)*stage1.v5 + (θ0)*stage1.unit2   ; θ from stage1.v7.coefficients
                stage1.unit3 = unit(stage1.v7) 4 -> 4 channels
                stage1.v9 = (1.0)*stage1.v5 + (1.0 - θ0)*stage1.unit2 + (θ0)*stage1.unit3   ; θ from stage1.v7.coefficients
                stage1.unit4 = unit(stage1.v9) 4 -> 4 channels
                stage1.v11 = (1.0)*stage1.v9 + (1.0)*stage1.unit4
                stage1.unit5 = unit(stage1.v11) 4 -> 4 channels
                stage1.v13 = 0*stage1.unit5
                stage1.v14.coefficients = θ(stage1.unit5.beta, stage1.unit5.gamma), decayed from θ1; anchored on stage1.v11
                stage1.v14 = (1.0)*stage1.v11 + (θ0)*stage1.unit5 + (θ1)*stage1.unit4 + (1.0)*stage1.v13 \
                  ; θ from stage1.v14.coefficients
                stage1.unit6 = unit(stage1.v14) 4 -> 4 channels
                stage1.v17 = (1.0)*stage1.v14 + (1.0)*stage1.unit6
                output stage1.v17
                """, lower(A, new MixedWiring(), new StageStart.Cold(7), 4, 4).listing());
    }

    @Test
    void decayPolicySplitsEachGroupIntoUndecayedThenDecayedColumns() {
        StageWiring wiring = new MixedWiring().wire(new StageStart.Cold(7));
        for (CoefficientDecay decay : CoefficientDecay.values()) {
            LoweredStage stage = new Lowering(ShortcutOption.A, decay).lowerStage(1, "entry", wiring, 4, 4,
                    new SplittableRandom(1));
            LoweredNode.CoefficientGroup group = (LoweredNode.CoefficientGroup) node(stage, "stage1.v14.coefficients");
            // unit5.gamma declares weight decay, unit5.beta does not
            List<String> decayed = group.decayed().stream().map(Parameter::localName).toList();
            switch (decay) {
                case AS_DECLARED -> assertEquals(List.of("unit5.gamma"), decayed);
                case ALL -> assertEquals(List.of("unit5.beta", "unit5.gamma"), decayed);
                case NONE -> assertEquals(List.of(), decayed);
            }
            // whatever the split, β multiplies f5 and γ multiplies f4 through the columns they landed in
            LoweredNode.Combination c = (LoweredNode.Combination) node(stage, "stage1.v14");
            List<String> columns = group.columns().stream().map(Parameter::localName).toList();
            assertEquals(1.0, c.coefficients().get(c.inputs().indexOf("stage1.unit5")).weights()[
                    columns.indexOf("unit5.beta")], decay.toString());
            assertEquals(1.0, c.coefficients().get(c.inputs().indexOf("stage1.unit4")).weights()[
                    columns.indexOf("unit5.gamma")], decay.toString());
        }
    }

    @Test
    void initialValuesAreDrawnInWiringOrderWithOneGeneratorPerStageSplitFromTheSeed() {
        Discretisation adams = scheme("adams", Map.of("k", "3", "coefficients", "learnable"));
        LoweredNetwork net = A.lower(adams, List.of(4, 5, 5), List.of(4, 8, 16), 42L);
        SplittableRandom seeds = new SplittableRandom(42L);
        List<Double> expected = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            SplittableRandom random = seeds.split();
            StageWiring wiring = net.stages().get(s).wiring();
            for (Parameter q : net.stages().get(s).parameters()) {
                expected.add(wiring.learnables().get(q.localName()).initialiser().sample(random));
            }
        }
        assertEquals(expected, net.parameters().stream().map(Parameter::initial).toList());
        // Cold(4): the third and fourth steps are AB3 with two β each; Transition(5): the transition (Euler), AB2,
        // then three AB3 steps
        assertEquals(2 * 2 + 3 * 2 + 3 * 2, expected.size());
        assertEquals(expected, A.lower(adams, List.of(4, 5, 5), List.of(4, 8, 16), 42L).parameters().stream()
                .map(Parameter::initial).toList(), "the same seed draws the same values");
        assertNotEquals(expected, A.lower(adams, List.of(4, 5, 5), List.of(4, 8, 16), 43L).parameters().stream()
                .map(Parameter::initial).toList());
    }

    @Test
    void stagesChainFromTheStemThroughTransitions() {
        LoweredNetwork net = A.lower(scheme("euler", Map.of()), List.of(1, 2, 2), List.of(4, 8, 8), 1L);
        assertEquals("forward Euler", net.scheme());
        assertEquals(3, net.stages().size());
        assertEquals(LoweredNetwork.STEM, net.stages().get(0).entry());
        assertEquals(net.stages().get(0).output(), net.stages().get(1).entry());
        assertEquals(net.stages().get(1).output(), net.stages().get(2).entry());
        assertEquals(net.stages().get(2).output(), net.output());
        assertEquals(new StageStart.Cold(1), net.stages().get(0).wiring().start());
        assertEquals(new StageStart.Transition(2), net.stages().get(1).wiring().start());
        assertEquals(new UnitShape(4, 8, 2), ((LoweredNode.Unit) node(net.stages().get(1), "stage2.unit0")).shape());
        assertEquals(new UnitShape(8, 8, 1), ((LoweredNode.Unit) node(net.stages().get(1), "stage2.unit1")).shape());
        // 8 -> 8: the transition still subsamples; the shortcut pads no channels
        LoweredNode.Shortcut s = (LoweredNode.Shortcut) node(net.stages().get(2), "stage3.shortcut");
        assertEquals(new UnitShape(8, 8, 2), s.shape());
        assertEquals(ShortcutOption.A, s.option());
        assertTrue(net.parameters().isEmpty());
    }

    @Test
    void aSchemeThatCannotWireAStageIsNamedWithTheStage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A.lower(scheme("rk", Map.of("tableau", "rk4")), List.of(2, 2, 2), List.of(4, 8, 16), 1L));
        assertTrue(e.getMessage().startsWith("stage 1: ") && e.getMessage().contains("cannot wire 2 residual units"),
                e.getMessage());
    }

    /**
     * An {@code InvalidWiringException} from {@code wire()} is a wiring the scheme got wrong, not a unit count it
     * refuses: the message says so (it said "cannot wire 2 residual units", which sends a plugin author looking at
     * the unit count).
     */
    @Test
    void aSchemeWhoseWiringIsInvalidIsNamedAsSuch() {
        Discretisation broken = new Discretisation() {
            public String description() {
                return "reads ahead";
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
                    Value f = b.evaluate(y);
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, new Value(f.id() + 5))));
                }
                return b.build();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A.lower(broken, List.of(2, 2, 2), List.of(4, 8, 16), 1L));
        assertEquals("stage 1: reads ahead wrote an invalid wiring for " + new StageStart.Cold(2)
                + ": v2 = 1.0*v0 + 1.0*v6 reads v6, which does not exist yet (only v0..v1 do)", e.getMessage());
    }

    @Test
    void aSchemeThatWiresAnotherStartIsRejected() {
        Discretisation euler = scheme("euler", Map.of());
        Discretisation wrong = new Discretisation() {
            public String description() {
                return "always cold";
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
                return euler.wire(new StageStart.Cold(start.units()));
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A.lower(wrong, List.of(1, 1), List.of(4, 8), 1L));
        assertEquals("stage 2: always cold was asked for " + new StageStart.Transition(1) + " but wired "
                + new StageStart.Cold(1), e.getMessage());
    }

    @Test
    void warmStartsAndWidthChangesInColdStagesAreNoNetworkStages() {
        Discretisation adams = scheme("adams", Map.of("k", "2"));
        IllegalArgumentException warm = assertThrows(IllegalArgumentException.class, () -> A.lowerStage(1, "entry",
                adams.wire(new StageStart.Warm(3, 1)), 4, 4, new SplittableRandom(1)));
        assertTrue(warm.getMessage().contains("warm starts exist only in the ODE interpreter"), warm.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> A.lowerStage(1, "entry",
                adams.wire(new StageStart.Cold(3)), 4, 8, new SplittableRandom(1)));
        assertEquals("stage1: a cold stage keeps its width, got 4 -> 8", width.getMessage());
    }

    @Test
    void valuesOfDifferentWidthsAreNeverCombined() {
        // a transition stage that adds the entry (old width) to the state after the transition (new width)
        StageWiring.Builder b = StageWiring.builder(new StageStart.Transition(2));
        Value y = b.state();
        Value f = b.evaluate(y);
        b.step(b.combine(Term.of(1.0, y), Term.of(1.0, f), Term.of(1.0, new Value(0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A.lowerStage(2, "entry", b.build(), 4, 8, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("stage2: v5 = ") && e.getMessage().endsWith("combines the stage entry "
                + "with values after the transition, which differ in width and resolution"), e.getMessage());
    }

    @Test
    void onlyTheTransitionUnitReadsTheEntry() {
        StageWiring.Builder b = StageWiring.builder(new StageStart.Transition(2));
        Value f = b.evaluate(new Value(0)); // unit 1 on the entry, which has the old width
        b.step(b.combine(Term.of(1.0, b.state()), Term.of(1.0, f)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A.lowerStage(2, "entry", b.build(), 4, 8, new SplittableRandom(1)));
        assertTrue(e.getMessage().endsWith("unit 1 reads values after the transition, but v0 is the entry"),
                e.getMessage());
    }

    @Test
    void nodesCheckWhatTheyMean() {
        UnitShape shape = new UnitShape(4, 8, 2);
        assertThrows(IllegalArgumentException.class,
                () -> new LoweredNode.Shortcut("s", "entry", ShortcutOption.B, shape, java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.Shortcut("s", "entry", ShortcutOption.A,
                new UnitShape(8, 4, 2), java.util.Optional.empty()));
        Affine one = new Affine(1, new double[0]);
        Affine theta = new Affine(0, new double[]{1});
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.Combination("c", List.of("a", "a"),
                List.of(one, one), java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.Combination("c", List.of("a"),
                List.of(one, one), java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.Combination("c", List.of("a"),
                List.of(theta), java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.Combination("c", List.of("a"),
                List.of(one), java.util.Optional.of("g")));
        assertThrows(IllegalArgumentException.class, () -> new LoweredNode.CoefficientGroup("g", "a", List.of(),
                List.of()));
        StageWiring wiring = scheme("euler", Map.of()).wire(new StageStart.Cold(1));
        // a node that reads a later one, two nodes of one name, an output that is no node
        LoweredNode.Unit u = new LoweredNode.Unit("u", "entry", new UnitShape(4, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoweredStage(1, wiring, "entry", 4, 4,
                List.of(new LoweredNode.Zero("z", "u"), u), "u"));
        assertThrows(IllegalArgumentException.class, () -> new LoweredStage(1, wiring, "entry", 4, 4,
                List.of(u, u), "u"));
        assertThrows(IllegalArgumentException.class, () -> new LoweredStage(1, wiring, "entry", 4, 4, List.of(u),
                "entry"));
        LoweredStage stage = new LoweredStage(1, wiring, "entry", 4, 4, List.of(u), "u");
        assertThrows(IllegalArgumentException.class, () -> new LoweredNetwork("s", ShortcutOption.A, List.of(stage)),
                "stage 1 must start from the stem");
        assertInstanceOf(LoweredNetwork.class, new LoweredNetwork("s", ShortcutOption.A,
                List.of(new LoweredStage(1, wiring, LoweredNetwork.STEM, 4, 4, List.of(new LoweredNode.Unit("u",
                        LoweredNetwork.STEM, new UnitShape(4, 4, 1))), "u"))));
    }

    private static LoweredNode node(LoweredStage stage, String name) {
        return stage.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name + " in\n" + stage.listing()));
    }

    /** Coefficients that change no combination: see {@link MixedWiring}; here the count, for the record. */
    @Test
    void onlyCoefficientsThatChangeACombinationBecomeParameters() {
        StageWiring wiring = new MixedWiring().wire(new StageStart.Cold(7));
        assertEquals(List.of("unit2.a", "unit4.k", "unit4.r", "unit5.beta", "unit5.gamma"),
                List.copyOf(new java.util.TreeSet<>(wiring.learnables().keySet())));
        assertEquals(List.of("unit2.a", "unit5.beta", "unit5.gamma"),
                CoefficientGroups.combined(wiring).stream().map(Coefficient.Learnable::name).toList());
    }
}
