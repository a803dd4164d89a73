package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * DL4J's finite-difference gradient check on tiny double-precision networks (8x8x3 input, widths 2/4/4,
 * 4 classes, minibatch 4; stage 2 long enough for every step kind of the scheme), every parameter array
 * (3 entries of each: the check runs two forward passes per entry), learnable and derived
 * coefficients included. BN runs in training mode with batch statistics on both sides of the check;
 * its running mean and variance are not gradients (DL4J updates them through the "gradient" slot) and
 * are excluded. MCXENT + softmax, no updater (NoOp), no weight decay.
 */
class GradientCheckTest {

    private static DataType previousDefault;
    private static DataType previousFloatingDefault;

    /** GradientCheckUtil insists on ND4J's global default data type being DOUBLE; restored afterwards. */
    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        previousFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingDefault);
    }

    static Stream<Arguments> networks() {
        ClassPathSchemes schemes = ClassPathSchemes.load();
        Discretisation euler = schemes.find("euler").configure(Map.of());
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of("euler depth 8", euler, List.of(1, 1, 1), ShortcutOption.A));
        cases.add(Arguments.of("euler units 1/2/1, shortcut B", euler, List.of(1, 2, 1), ShortcutOption.B));
        // stage 2 = transition + 6 units: every step kind of the test wiring once
        cases.add(Arguments.of("all node kinds, units 1/7/1", new AllNodeKinds(), List.of(1, 7, 1), ShortcutOption.A));
        cases.add(Arguments.of("all node kinds, units 3/1/4, shortcut B", new AllNodeKinds(), List.of(3, 1, 4),
                ShortcutOption.B));
        if (schemes.all().containsKey("adams")) {
            for (String k : List.of("2", "3")) {
                for (String c : List.of("fixed", "learnable")) {
                    cases.add(Arguments.of("adams k=" + k + " " + c + " units 1/4/1",
                            schemes.find("adams").configure(Map.of("k", k, "coefficients", c)), List.of(1, 4, 1),
                            ShortcutOption.A));
                }
            }
        }
        for (String name : List.of("lm", "rk")) {
            if (schemes.all().containsKey(name)) {
                cases.add(Arguments.of(name + " units 1/4/1", schemes.find(name).configure(Map.of()), List.of(1, 4, 1),
                        ShortcutOption.A));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void gradientsMatchFiniteDifferences(String label, Discretisation scheme, List<Integer> units,
                                         ShortcutOption shortcut) {
        NetworkSpec spec = new NetworkSpec(units, List.of(2, 4, 4), shortcut, 8, 8, 3, 4, 7L, DataType.DOUBLE);
        CompiledNetwork net = new NetworkCompiler(new TrainingSettings(new NoOp(), 0.0, CoefficientDecay.AS_DECLARED))
                .compile(scheme, spec);
        ComputationGraph g = net.graph();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 4);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, (i * 3) % 4, 1.0);
        }
        Set<String> exclude = new HashSet<>();
        for (String key : g.paramTable().keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                exclude.add(key);
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{labels}).excludeParams(exclude)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .subset(true).maxPerParam(3).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, label + ": analytic and numerical gradients differ (see log)");
    }
}
