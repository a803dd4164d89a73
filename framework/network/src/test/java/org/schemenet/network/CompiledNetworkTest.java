package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.junit.jupiter.api.Test;
import org.schemenet.network.layers.ConstantOneVertex;
import org.schemenet.network.layers.LinearCombinationVertex;
import org.schemenet.lowering.AllNodeKinds;
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

    /**
     * The fingerprint is the architecture's: equal for equal networks and after the coefficients change, different
     * for another depth or another set of learnable coefficients; and for ResNet-20 it is the value the committed
     * results of docs/results/short-d20 recorded (run.json, written by earlier commits), so that those runs still
     * resume.
     */
    @Test
    void theFingerprintNamesTheArchitectureAndKeepsItsRecordedValue() {
        CompiledNetwork euler20 = new NetworkCompiler().compile(EulerNetworkTest.euler(), NetworkSpec.cifar(20));
        assertEquals("14cc0b6b334d8f13c46b9b03a98f8470107e4bfa21fadf323a2d04436b792959", euler20.fingerprint());
        assertEquals(euler20.fingerprint(),
                new NetworkCompiler().compile(EulerNetworkTest.euler(), NetworkSpec.cifar(20)).fingerprint());
        assertTrue(!euler20.fingerprint().equals(
                new NetworkCompiler().compile(EulerNetworkTest.euler(), NetworkSpec.cifar(32)).fingerprint()));
        CompiledNetwork learned = new NetworkCompiler().compile(new AllNodeKinds(), SMALL);
        String before = learned.fingerprint();
        learned.graph().params().addi(0.25);
        assertEquals(before, learned.fingerprint());
        assertTrue(!before.equals(new NetworkCompiler().compile(EulerNetworkTest.euler(), SMALL).fingerprint()));
        assertTrue(before.matches("[0-9a-f]{64}"), before);
    }

    /**
     * What the fingerprint leaves out is fingerprinted too: the connections (which values each vertex takes) and
     * the fixed coefficients (every combination's constants and weights). LM with fixed k = -0.05 and k = -0.1 has
     * the same parameters and connections and other fixed coefficients; Euler and AB2 with fixed coefficients
     * differ in their connections. Neither changes with the parameters' values nor with the back end's layers, and
     * for ResNet-20 Euler both keep their values (runs record them in run.json: a change of either text would
     * refuse those runs' resume).
     */
    @Test
    void theConnectionsAndTheFixedCoefficientsHaveFingerprintsOfTheirOwn() {
        var schemes = org.schemenet.scheme.ClassPathSchemes.load();
        CompiledNetwork lm = new NetworkCompiler().compile(schemes.find("lm").configure(
                Map.of("coefficients", "fixed", "k", "-0.05")), SMALL);
        CompiledNetwork otherK = new NetworkCompiler().compile(schemes.find("lm").configure(
                Map.of("coefficients", "fixed", "k", "-0.1")), SMALL);
        assertEquals(lm.fingerprint(), otherK.fingerprint());
        assertEquals(lm.connectionsFingerprint(), otherK.connectionsFingerprint());
        assertTrue(!lm.fixedCoefficientsFingerprint().equals(otherK.fixedCoefficientsFingerprint()));

        CompiledNetwork euler = new NetworkCompiler().compile(EulerNetworkTest.euler(), SMALL);
        CompiledNetwork adams = new NetworkCompiler().compile(schemes.find("adams").configure(
                Map.of("k", "2", "coefficients", "fixed")), SMALL);
        assertEquals(euler.fingerprint(), adams.fingerprint(), "the same parameters");
        assertTrue(!euler.connectionsFingerprint().equals(adams.connectionsFingerprint()));

        CompiledNetwork learned = new NetworkCompiler().compile(new AllNodeKinds(), SMALL);
        String connections = learned.connectionsFingerprint();
        String fixed = learned.fixedCoefficientsFingerprint();
        learned.graph().params().addi(0.25);
        assertEquals(connections, learned.connectionsFingerprint());
        assertEquals(fixed, learned.fixedCoefficientsFingerprint());
        assertTrue(connections.matches("[0-9a-f]{64}") && fixed.matches("[0-9a-f]{64}"));

        // the CUDA build's layers (DL4J's BN with a ReLU layer of its own, NCHW) give the same fingerprints
        CompiledNetwork cuda = new NetworkCompiler(TrainingSettings.defaults(), new LayerSet.Dl4jBuiltIn())
                .compile(schemes.find("lm").configure(Map.of("coefficients", "fixed", "k", "-0.05")), SMALL);
        assertTrue(cuda.graph().getConfiguration().getVertices().keySet().stream().anyMatch(v -> v.endsWith(".relu")));
        assertEquals(lm.fingerprint(), cuda.fingerprint());
        assertEquals(lm.connectionsFingerprint(), cuda.connectionsFingerprint());
        assertEquals(lm.fixedCoefficientsFingerprint(), cuda.fixedCoefficientsFingerprint());

        CompiledNetwork euler20 = new NetworkCompiler().compile(EulerNetworkTest.euler(), NetworkSpec.cifar(20));
        assertEquals("a1a6f08ca124c14468a021417c92b073c50aaa74b43335e648aaaca5295a9b1b", euler20.connectionsFingerprint());
        assertEquals("3d1be4a8196417077dadcab95ae0ee41a9dbdaca74754d42c53ea7bf19ce8e1d", euler20.fixedCoefficientsFingerprint());
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

    /**
     * Fixed coefficients compile to constants-only combination vertices (no coefficient layer, no Θ input):
     * Euler steps are {@code 1·y + 1·f}; a lone {@code 1·v} adds no vertex at all.
     */
    @Test
    void fixedCoefficientsNeedNoCoefficientLayer() {
        CompiledNetwork net = new NetworkCompiler().compile(EulerNetworkTest.euler(), SMALL);
        var conf = net.graph().getConfiguration();
        int combinations = 0;
        for (var e : conf.getVertices().entrySet()) {
            GraphVertex v = e.getValue();
            assertTrue(!(v instanceof ConstantOneVertex), e.getKey());
            if (v instanceof LinearCombinationVertex lc) {
                assertEquals(0, lc.parameters(), e.getKey());
                assertArrayEquals(new double[]{1.0, 1.0}, lc.getConstants(), e.getKey());
                assertEquals(2, conf.getVertexInputs().get(e.getKey()).size(), e.getKey());
                combinations++;
            }
        }
        assertEquals(net.stepsPerStage().stream().mapToInt(Integer::intValue).sum(), combinations);
        assertEquals(0, net.coefficients().size());
        Map<String, GraphVertex> vertices = new NetworkCompiler().compile(new AllNodeKinds(), SMALL).graph()
                .getConfiguration().getVertices();
        // the all-node-kinds wiring has a fixed v - w step: constants (1, -1), no parameters
        assertTrue(vertices.values().stream().anyMatch(v -> v instanceof LinearCombinationVertex lc
                && lc.parameters() == 0 && java.util.Arrays.equals(lc.getConstants(), new double[]{1.0, -1.0})));
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
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> Networks.compile("adms", Map.of(), SMALL));
        assertTrue(typo.getMessage().endsWith("; did you mean 'adams'?"), typo.getMessage());
        assertTrue(!unknown.getMessage().contains("did you mean"), unknown.getMessage());
        if (org.schemenet.scheme.ClassPathSchemes.load().all().containsKey("adams")) {
            InvalidOptionException bad = assertThrows(InvalidOptionException.class,
                    () -> Networks.compile("adams", Map.of("k", "99"), SMALL));
            assertTrue(bad.getMessage().contains("k") && bad.getMessage().contains("99"), bad.getMessage());
        }
        CompiledNetwork euler = Networks.compile("euler", Map.of(), SMALL);
        assertEquals("forward Euler", euler.scheme());
    }
}
