package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.layers.SchemeComputationGraph;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * The compiler's graph ({@link SchemeComputationGraph}, whose backward pass hands a combination's gradient to its
 * inputs itself) computes the same loss and gradients as DL4J's own {@link ComputationGraph} of the same
 * configuration and parameters, for every scheme shape: Euler (two terms of coefficient 1), Adams k=2 fixed (a term
 * of coefficient 3/2, values read by three combinations), Adams k=3 and LM with learnable coefficients (inner
 * products, coefficient layers), RK4 (stages read by several combinations, coefficients 1/2 and 1/6), shortcut A
 * (zero-padding vertex) and B (projections); and after three training steps the parameters agree too.
 */
class SchemeComputationGraphTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(new Nesterovs(0.05, 0.9), 1e-4,
            CoefficientDecay.AS_DECLARED);

    static Stream<Arguments> networks() {
        ClassPathSchemes schemes = ClassPathSchemes.load();
        return Stream.of(
                Arguments.of("euler, shortcut A", schemes.find("euler").configure(Map.of()), ShortcutOption.A),
                Arguments.of("adams k=2 fixed, shortcut B",
                        schemes.find("adams").configure(Map.of("k", "2", "coefficients", "fixed")), ShortcutOption.B),
                Arguments.of("adams k=3 learnable, shortcut A",
                        schemes.find("adams").configure(Map.of("k", "3", "coefficients", "learnable")),
                        ShortcutOption.A),
                Arguments.of("lm, shortcut A", schemes.find("lm").configure(Map.of()), ShortcutOption.A),
                Arguments.of("rk4 (5 units a stage), shortcut B",
                        schemes.find("rk").configure(Map.of("tableau", "rk4")), ShortcutOption.B));
    }

    /**
     * Double precision: the two backward passes add the same terms in another order (an {@code axpy} into the
     * gradient already there against DL4J's copy and addition), so they agree to what reordered double sums leave,
     * 1e-11 relative in the norm of each array. A wrong coefficient, a term handed to the wrong input, a gradient
     * added twice or lost, or an array written in place while another vertex still reads it changes a gradient at
     * the 1e-2 level or more.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void sameLossAndGradientsAsDl4jsOwnBackwardPass(String label, Discretisation scheme, ShortcutOption shortcut) {
        ComputationGraph ours = compile(scheme, shortcut);
        assertInstanceOf(SchemeComputationGraph.class, ours);
        ComputationGraph theirs = dl4jCopy(ours);
        randomise(ours, theirs);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3, 8, 8).subi(0.5).muli(3);
        INDArray labels = labels(6);
        for (ComputationGraph g : List.of(ours, theirs)) {
            g.setInputs(x);
            g.setLabels(labels);
            g.computeGradientAndScore();
        }
        assertEquals(theirs.score(), ours.score(), 1e-12 * Math.abs(theirs.score()), label + ": loss");
        assertEquals(theirs.gradient().gradientForVariable().keySet(), ours.gradient().gradientForVariable().keySet(),
                label + ": gradient names");
        for (String name : theirs.gradient().gradientForVariable().keySet()) {
            assertClose(theirs.gradient().getGradientFor(name), ours.gradient().getGradientFor(name), 1e-11,
                    label + ": gradient of " + name);
        }
        assertClose(theirs.getFlattenedGradients(), ours.getFlattenedGradients(), 1e-11, label + ": flat gradient");
        assertTrue(ours.getFlattenedGradients().norm2Number().doubleValue() > 0, label + ": gradient is zero");
    }

    /** Three steps of {@code fit} (Nesterov momentum, L2) from the same parameters give the same parameters. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void sameParametersAfterThreeTrainingSteps(String label, Discretisation scheme, ShortcutOption shortcut) {
        ComputationGraph ours = compile(scheme, shortcut);
        ComputationGraph theirs = dl4jCopy(ours);
        randomise(ours, theirs);
        INDArray before = ours.params().dup();
        for (int step = 0; step < 3; step++) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8).subi(0.5).muli(2);
            INDArray labels = labels(4);
            ours.fit(new INDArray[]{x}, new INDArray[]{labels});
            theirs.fit(new INDArray[]{x}, new INDArray[]{labels});
        }
        assertTrue(ours.params().sub(before).norm2Number().doubleValue() > 1e-3, label + ": nothing was trained");
        assertClose(theirs.params(), ours.params(), 1e-11, label + ": parameters after three steps");
    }

    /**
     * Training and inference share one pool of activation workspaces, as in DL4J's own graph: the compiler's backward
     * pass keeps its gradients in the workspaces DL4J's inference uses next ({@code WS_LAYER_ACT_n}), not in a second
     * pool beside them. With a second pool, inference grew its own workspaces after training had sized the first
     * (23-27 MB of resident memory per early inference batch at depth 20, batch 128, until they had learned their
     * size; docs/performance.md, "Peak memory after attempt 30").
     */
    @org.junit.jupiter.api.Test
    void trainingAndInferenceShareOneWorkspacePool() {
        Discretisation scheme = ClassPathSchemes.load().find("adams").configure(Map.of("k", "2", "coefficients",
                "learnable"));
        ComputationGraph ours = compile(scheme, ShortcutOption.A);
        ComputationGraph theirs = dl4jCopy(ours);
        java.util.Set<String> pools = workspacePools(theirs);
        assertTrue(pools.contains("WS_LAYER_ACT_"), "DL4J's own pool: " + pools);
        assertEquals(pools, workspacePools(ours));
    }

    /** The workspace families (names without their pool index) a graph's thread holds after fits and outputs. */
    private static java.util.Set<String> workspacePools(ComputationGraph g) {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        for (int step = 0; step < 2; step++) {
            g.fit(new INDArray[]{Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8)}, new INDArray[]{labels(4)});
            g.output(false, Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8));
        }
        java.util.Set<String> pools = new java.util.TreeSet<>();
        Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().forEach(w -> pools.add(w.getId()
                .replaceAll("\\d+$", "")));
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        return pools;
    }

    private static ComputationGraph compile(Discretisation scheme, ShortcutOption shortcut) {
        int units = scheme.evaluationsPerStep() == 4 ? 5 : 4;
        NetworkSpec spec = new NetworkSpec(List.of(units, units, units), List.of(4, 6, 8), shortcut, 8, 8, 3, 5, 3L,
                DataType.DOUBLE);
        return new NetworkCompiler(SETTINGS).compile(scheme, spec).graph();
    }

    /** DL4J's own graph of the same configuration and parameters. */
    private static ComputationGraph dl4jCopy(ComputationGraph g) {
        ComputationGraph copy = new ComputationGraph(g.getConfiguration().clone());
        copy.init(g.params().dup(), true);
        assertSame(ComputationGraph.class, copy.getClass());
        return copy;
    }

    /** Random parameters everywhere (coefficients, BN's γ, β and running statistics too), the same in both. */
    private static void randomise(ComputationGraph a, ComputationGraph b) {
        Nd4j.getRandom().setSeed(11);
        for (String name : a.paramTable().keySet()) {
            INDArray p = a.getParam(name);
            p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).muli(0.4).addi(0.1));
            b.getParam(name).assign(p);
        }
        assertNotNull(a.params());
    }

    private static INDArray labels(int n) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 5);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, (i * 3) % 5, 1.0);
        }
        return labels;
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double scale = Math.max(1e-12, expected.norm2Number().doubleValue());
        double difference = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(difference <= relative * scale, what + ": |difference| = " + difference + " > " + relative
                + " * " + scale);
    }
}
