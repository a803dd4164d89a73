package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.junit.jupiter.api.Test;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.wiring.Coefficient;

/** What a compiled network tells about itself, and the library entry point's errors. */
class CompiledNetworkTest {

    private static final NetworkSpec SMALL = NetworkSpec.cifar(8).withUnitsPerStage(List.of(2, 7, 1))
            .withInput(8, 8, 3).withWidths(List.of(2, 4, 4));

    @Test
    void learnableCoefficientsAreNamedByStageAndStartAtTheirInitialisers() {
        CompiledNetwork net = new NetworkCompiler().compile(new AllNodeKinds(), SMALL);
        List<String> expected = new java.util.ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            String prefix = "stage" + s + ".";
            new AllNodeKinds().wire(s == 1 ? new org.schemenet.wiring.StageStart.Cold(SMALL.unitsPerStage().get(0))
                    : new org.schemenet.wiring.StageStart.Transition(SMALL.unitsPerStage().get(s - 1)))
                    .learnables().keySet().forEach(n -> expected.add(prefix + n));
        }
        // stage 2's transition + 6 units: unit1.beta0, unit2.a (shared by two combinations), unit4.k
        assertTrue(expected.containsAll(List.of("stage2.unit1.beta0", "stage2.unit2.a", "stage2.unit4.k")), "" + expected);
        assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(net.coefficientNames()));
        Map<String, Double> values = net.coefficients();
        assertTrue(values.get("stage2.unit1.beta0") >= 1.4 && values.get("stage2.unit1.beta0") <= 1.6);
        assertTrue(values.get("stage2.unit2.a") >= 0.4 && values.get("stage2.unit2.a") <= 0.6);
        assertTrue(values.get("stage2.unit4.k") >= -0.1 && values.get("stage2.unit4.k") <= 0.0);
        assertEquals(values, Coefficients.of(net.graph()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.coefficient("unit1.beta0"));
        assertTrue(e.getMessage().contains("unit1.beta0"));
    }

    /** The coefficients are the only parameters a scheme adds. */
    @Test
    void parameterCountsIncludeTheCoefficients() {
        CompiledNetwork euler = new NetworkCompiler().compile(EulerNetworkTest.euler(), SMALL);
        CompiledNetwork learned = new NetworkCompiler().compile(new AllNodeKinds(), SMALL);
        assertTrue(learned.coefficientCount() > 0);
        assertEquals(euler.trainableParameters() + learned.coefficientCount(), learned.trainableParameters());
        assertEquals(euler.storedParameters() + learned.coefficientCount(), learned.storedParameters());
        assertEquals(learned.storedParameters(), learned.graph().numParams());
        assertEquals(learned.storedParameters(), learned.graph().params().length());
    }

    /** Fixed coefficients compile to built-in vertices: Euler steps are bare additions, no custom vertex. */
    @Test
    void fixedCoefficientsUseBuiltInVertices() {
        CompiledNetwork net = new NetworkCompiler().compile(EulerNetworkTest.euler(), SMALL);
        for (GraphVertex v : net.graph().getConfiguration().getVertices().values()) {
            assertTrue(!(v instanceof LinearCombinationVertex) && !(v instanceof ConstantOneVertex), v.toString());
        }
        Map<String, GraphVertex> vertices = new NetworkCompiler().compile(new AllNodeKinds(), SMALL).graph()
                .getConfiguration().getVertices();
        // stage 2, step kind 4 (v after the transition: 0.5 y + 0.5 y_prev + 0.25 f + 0.25 f): Add then Scale(0.5)
        long scales = vertices.values().stream().filter(v -> v instanceof ScaleVertex s && s.getScaleFactor() == 0.5)
                .count();
        assertTrue(scales >= 1);
        long subtractions = vertices.values().stream().filter(v -> v instanceof ElementWiseVertex e
                && e.getOp() == ElementWiseVertex.Op.Subtract).count();
        assertEquals(1, subtractions);
    }

    @Test
    void rescaledStepsChangeNothingInTheNetwork() {
        // the LM step of the test wiring covers h / (1 + k); compiling ignores the rescaling
        assertTrue(new AllNodeKinds().wire(new org.schemenet.wiring.StageStart.Transition(7)).steps().stream()
                .anyMatch(s -> s.rescaling() instanceof Coefficient.Derived));
        CompiledNetwork net = new NetworkCompiler().compile(new AllNodeKinds(), SMALL);
        assertTrue(net.summary().contains("all-node-kinds test wiring"));
        assertEquals(List.of(2, 7, 1), net.unitsPerStage());
        assertEquals(List.of(2, 6, 1), net.stepsPerStage());
    }

    @Test
    void entryPointNamesWhatIsWrong() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Networks.compile("no-such-scheme", Map.of(), SMALL));
        assertTrue(unknown.getMessage().contains("no-such-scheme") && unknown.getMessage().contains("euler"),
                unknown.getMessage());
        if (org.schemenet.scheme.ClassPathSchemes.load().all().containsKey("adams")) {
            InvalidOptionException bad = assertThrows(InvalidOptionException.class,
                    () -> Networks.compile("adams", Map.of("k", "99"), SMALL));
            assertTrue(bad.getMessage().contains("k") && bad.getMessage().contains("99"), bad.getMessage());
        }
        CompiledNetwork euler = Networks.compile("euler", Map.of(), SMALL);
        assertEquals("forward Euler", euler.scheme());
    }
}
