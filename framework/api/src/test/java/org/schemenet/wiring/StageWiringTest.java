package org.schemenet.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class StageWiringTest {
    private static final StageStart ONE_UNIT = new StageStart.Cold(1);

    private static Node input() {
        return new Node.Input(Node.Role.STATE, 0);
    }

    private static void assertRejected(String fragment, Executable e) {
        InvalidWiringException ex = assertThrows(InvalidWiringException.class, e);
        assertTrue(ex.getMessage().contains(fragment), () -> "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void acceptsAnEulerStage() {
        StageWiring w = new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(0)),
                        new Node.Combine(List.of(Term.of(1, new Value(0)), Term.of(1, new Value(1))))),
                List.of(new Step(new Value(2))));
        assertEquals(new Value(2), w.output());
        assertEquals(1, w.units());
        assertEquals("v0 = input y[-0]\nv1 = f0(v0)\nv2 = 1.0*v0 + 1.0*v1    ; y1\n", w.listing());
    }

    /**
     * A derived coefficient is a sum, so the listing parenthesises it: {@code 1.0 - beta0*v1} would read as
     * {@code 1.0 - (beta0·v1)}, a different program (the listing of learnable Adams k=3 printed
     * {@code + 1.0 - unit2.beta0 - unit2.beta1*v1}).
     */
    @Test
    void theListingParenthesisesDerivedCoefficients() {
        Coefficient.Learnable beta = new Coefficient.Learnable("unit0.beta0", Initialiser.constant(0.5), false);
        StageWiring.Builder b = StageWiring.builder(ONE_UNIT);
        Value y = b.state();
        Value f = b.evaluate(y);
        b.step(b.combine(Term.of(1.0, y), Term.of(beta, f), Term.of(Coefficient.Derived.oneMinusSumOf(List.of(beta)), y)));
        assertEquals("v0 = input y[-0]\nv1 = f0(v0)\nv2 = 1.0*v0 + unit0.beta0*v1 + (1.0 - unit0.beta0)*v0    ; y1\n",
                b.build().listing());
    }

    @Test
    void rejectsAReferenceToAValueThatDoesNotExistYet() {
        assertRejected("reads v2, which does not exist yet", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(2)),
                        new Node.Combine(List.of(Term.of(1, new Value(0))))),
                List.of(new Step(new Value(2)))));
    }

    @Test
    void rejectsUnitsOutOfOrderOrUnused() {
        assertRejected("expected unit 0", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(1, new Value(0))), List.of(new Step(new Value(1)))));
        assertRejected("applies 1 residual units but the stage has 2", () -> new StageWiring(new StageStart.Cold(2),
                List.of(input(), new Node.Evaluate(0, new Value(0))), List.of(new Step(new Value(1)))));
    }

    @Test
    void rejectsAStepWithoutEvaluation() {
        assertRejected("step 2 (v3..v3) evaluates no residual unit", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(0)),
                        new Node.Combine(List.of(Term.of(1, new Value(0)), Term.of(1, new Value(1)))),
                        new Node.Combine(List.of(Term.of(2, new Value(2))))),
                List.of(new Step(new Value(2)), new Step(new Value(3)))));
    }

    @Test
    void rejectsNodesAfterTheLastStepAndMissingSteps() {
        assertRejected("after the last step", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(0)), new Node.Combine(List.of(Term.of(1, new Value(1))))),
                List.of(new Step(new Value(1)))));
        assertRejected("at least one step", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(0))), List.of()));
    }

    @Test
    void rejectsNonFiniteCoefficientsAndEmptyCombinations() {
        assertRejected("finite", () -> Term.of(Double.NaN, new Value(0)));
        assertRejected("finite", () -> Coefficient.fixed(Double.POSITIVE_INFINITY));
        assertRejected("at least one term", () -> new Node.Combine(List.of()));
        assertRejected("low <= high", () -> Initialiser.uniform(1, 0));
        assertRejected("name must match", () -> Coefficient.learnable("2beta", Initialiser.constant(1)));
    }

    @Test
    void rejectsOneLearnableNameWithTwoMeanings() {
        Coefficient.Learnable a = Coefficient.learnable("beta", Initialiser.uniform(0, 1));
        Coefficient.Learnable b = Coefficient.learnable("beta", Initialiser.uniform(0, 2));
        StageWiring.Builder w = StageWiring.builder(ONE_UNIT);
        Value f = w.evaluate(w.state());
        w.step(w.combine(Term.of(a, w.state()), Term.of(b, f)));
        assertRejected("declared twice", w::build);
    }

    @Test
    void rejectsAShortcutOfAComputedValueAndEvaluationInputsOutsideWarmStarts() {
        assertRejected("shortcut projects an input", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Evaluate(0, new Value(0)), new Node.Shortcut(new Value(1)),
                        new Node.Combine(List.of(Term.of(1, new Value(2))))),
                List.of(new Step(new Value(3)))));
        assertRejected("only in a warm start", () -> new StageWiring(ONE_UNIT,
                List.of(input(), new Node.Input(Node.Role.EVALUATION, 1), new Node.Evaluate(0, new Value(0))),
                List.of(new Step(new Value(2)))));
    }

    @Test
    void theBuilderRefusesMoreUnitsThanTheStageHas() {
        StageWiring.Builder w = StageWiring.builder(ONE_UNIT);
        w.evaluate(w.state());
        assertRejected("all 1 residual units", () -> w.evaluate(w.state()));
    }

    @Test
    void aTransitionStartWritesTheDownsamplingEulerStepAndHandsOverItsHistory() {
        StageWiring.Builder b = StageWiring.builder(new StageStart.Transition(1));
        assertEquals(0, b.unitsLeft());
        StageWiring w = b.build();
        assertInstanceOf(Node.Input.class, w.nodes().get(0));
        assertEquals(new Node.Evaluate(0, new Value(0)), w.nodes().get(1));
        assertEquals(new Node.Shortcut(new Value(0)), w.nodes().get(2));
        assertEquals(new Node.Combine(List.of(Term.of(1, new Value(2)), Term.of(1, new Value(1)))), w.nodes().get(3));
        assertEquals(List.of(new Step(new Value(3))), w.steps());
        assertEquals(List.of(new Value(2)), b.pastStates());
        assertEquals(List.of(new Value(1)), b.pastEvaluations());
        assertEquals(new Value(3), b.state());
    }

    @Test
    void aWarmStartGivesExactHistoryAsInputs() {
        StageWiring.Builder b = StageWiring.builder(new StageStart.Warm(1, 2));
        assertEquals(List.of(new Value(1), new Value(2)), b.pastStates());
        assertEquals(List.of(new Value(3), new Value(4)), b.pastEvaluations());
        Value f = b.evaluate(b.state());
        b.step(b.combine(Term.of(1, b.state()), Term.of(1, f)));
        assertEquals(new Node.Input(Node.Role.EVALUATION, 2), b.build().nodes().get(4));
    }

    @Test
    void collectsLearnablesIncludingThoseOnlyInDerivedCoefficients() {
        Coefficient.Learnable k = Coefficient.learnable("k", Initialiser.uniform(-0.1, 0));
        StageWiring.Builder b = StageWiring.builder(ONE_UNIT);
        Value f = b.evaluate(b.state());
        b.step(b.combine(Term.of(Coefficient.Derived.oneMinusSumOf(List.of(k)), b.state()), Term.of(1, f)));
        assertEquals(List.of("k"), new ArrayList<>(b.build().learnables().keySet()));
        assertEquals("1.0 - k", Coefficient.Derived.oneMinusSumOf(List.of(k)).toString());
    }
}
