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
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.schemenet.lowering.AllNodeKinds;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * DL4J's finite-difference gradient check on tiny double-precision networks (8x8x3 input, widths 1/2/2,
 * 3 classes, minibatch 4; stage 2 long enough for every step kind of the scheme), every parameter (DL4J M2.1's
 * graph check ignores its subset option and runs two forward passes per parameter, hence the tiny widths), learnable and derived
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
        cases.add(Arguments.of("all node kinds, units 1/1/3, shortcut B", new AllNodeKinds(), List.of(1, 1, 3),
                ShortcutOption.B));
        // stage 2 = transition + 6 units: every step kind of the test wiring once
        cases.add(Arguments.of("all node kinds, units 1/7/1", new AllNodeKinds(), List.of(1, 7, 1), ShortcutOption.A));
        if (schemes.all().containsKey("adams")) {
            for (String k : List.of("2", "3")) {
                for (String c : List.of("fixed", "learnable")) {
                    cases.add(Arguments.of("adams k=" + k + " " + c + " units 1/4/1",
                            schemes.find("adams").configure(Map.of("k", k, "coefficients", c)), List.of(1, 4, 1),
                            ShortcutOption.A));
                }
            }
        }
        if (schemes.all().containsKey("lm")) {
            cases.add(Arguments.of("lm learnable units 1/4/1", schemes.find("lm").configure(Map.of()),
                    List.of(1, 4, 1), ShortcutOption.A));
        }
        if (schemes.all().containsKey("rk")) {
            // RK needs n = 1 (mod s) units after a transition
            cases.add(Arguments.of("rk midpoint learnable units 1/3/1", schemes.find("rk")
                    .configure(Map.of("tableau", "midpoint", "coefficients", "learnable")), List.of(1, 3, 1),
                    ShortcutOption.A));
            cases.add(Arguments.of("rk4 fixed units 1/5/1", schemes.find("rk").configure(Map.of("tableau", "rk4")),
                    List.of(1, 5, 1), ShortcutOption.A));
        }
        return cases.build();
    }

    /**
     * GradientCheckUtil (M2.1) names flat parameter {@code i} by walking {@code paramTable()} in vertex order,
     * but the flat vector is laid out in topological order; where the two differ (e.g. a coefficient layer fed
     * from the network input sorts early), its name-based exclusion of BN running statistics hits the wrong
     * entries (seen as "failures" of value 0.0 whose perturbation leaves the score unchanged).
     */
    static boolean tableOrderIsLayoutOrder(ComputationGraph g) {
        long expected = 0;
        for (INDArray view : g.paramTable().values()) {
            if (view.offset() - g.params().offset() != expected) {
                return false;
            }
            expected += view.length();
        }
        return true;
    }

    /**
     * The same check as GradientCheckUtil (which also divides the gradient by the minibatch size), over the flat
     * parameter vector with exclusions located by each
     * parameter view's offset: {@code (L(p + ε) - L(p - ε)) / 2ε} in training mode against the backpropagated
     * gradient; passes if the relative error is below {@code maxRel} or the absolute error below {@code minAbs}.
     *
     * @return descriptions of the failing entries
     */
    static java.util.List<String> centralDifferences(ComputationGraph g, DataSet data, Set<String> exclude,
                                                     double epsilon, double maxRel, double minAbs) {
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.computeGradientAndScore();
        // DL4J's backpropagated gradients are sums over the minibatch (its updater divides), the score a mean
        INDArray analytic = g.gradient().gradient().div(data.getFeatures().size(0));
        INDArray params = g.params();
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            if (exclude.contains(e.getKey())) {
                continue;
            }
            long start = e.getValue().offset() - params.offset();
            for (long k = 0; k < e.getValue().length(); k++) {
                long i = start + k;
                double original = params.getDouble(i);
                params.putScalar(i, original + epsilon);
                double plus = g.score(data, true);
                params.putScalar(i, original - epsilon);
                double minus = g.score(data, true);
                params.putScalar(i, original);
                double numerical = (plus - minus) / (2 * epsilon);
                double a = analytic.getDouble(i);
                double abs = Math.abs(a - numerical);
                double rel = abs == 0 ? 0 : abs / (Math.abs(a) + Math.abs(numerical));
                if (rel > maxRel && abs > minAbs) {
                    failures.add(e.getKey() + "[" + k + "]: analytic " + a + ", numerical " + numerical);
                }
            }
        }
        if (!failures.isEmpty()) {
            System.err.println(failures);
        }
        return failures;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void gradientsMatchFiniteDifferences(String label, Discretisation scheme, List<Integer> units,
                                         ShortcutOption shortcut) {
        check(label, scheme, units, List.of(1, 2, 2), shortcut, ActivationLayout.NHWC);
    }

    /** Both activation layouts, with shortcut-A paddings that are not multiples of the entry width (1 -> 2 -> 5). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(ActivationLayout.class)
    void gradientsMatchInBothLayouts(ActivationLayout layout) {
        Discretisation euler = ClassPathSchemes.load().find("euler").configure(Map.of());
        check("euler widths 1/2/5, " + layout, euler, List.of(1, 1, 1), List.of(1, 2, 5), ShortcutOption.A, layout);
    }

    private static void check(String label, Discretisation scheme, List<Integer> units, List<Integer> widths,
                              ShortcutOption shortcut, ActivationLayout layout) {
        NetworkSpec spec = new NetworkSpec(units, widths, shortcut, 8, 8, 3, 3, 7L, DataType.DOUBLE);
        CompiledNetwork net = new NetworkCompiler(new TrainingSettings(new NoOp(), 0.0, CoefficientDecay.AS_DECLARED),
                layout).compile(scheme, spec);
        ComputationGraph g = net.graph();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        Set<String> exclude = new HashSet<>();
        for (String key : g.paramTable().keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                exclude.add(key);
            }
        }
        boolean ok;
        if (tableOrderIsLayoutOrder(g)) {
            ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{x}).labels(new INDArray[]{labels}).excludeParams(exclude)
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } else {
            ok = centralDifferences(g, new DataSet(x, labels), exclude, 1e-6, 1e-3, 1e-8).isEmpty();
        }
        assertTrue(ok, label + ": analytic and numerical gradients differ (see log)");
    }
}
