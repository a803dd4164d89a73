package org.schemenet.lowering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.VectorField;
import org.schemenet.wiring.StageWiring;

/**
 * The lowered graph computes what its wiring computes: a lowered stage run in double precision with every unit
 * meaning {@code h·F(x)} for a known field {@code F} and the shortcut meaning the identity, and every coefficient
 * computed from its group's parameters as {@link Affine} says, gives the state {@link OdeInterpreter} computes from the
 * wiring, with the same (random) coefficient values, for the {@link TestWirings}: both test schemes and every built-in
 * scheme, in both kinds of network stage. So
 * merging terms, dropping zero ones, reusing values for {@code 1·v}, grouping parameters into columns and the affine
 * coefficients of derived ones are all right, without a network. (framework/network's {@code EquivalenceTest} then
 * checks the DL4J back end on the same wirings.)
 */
class InterpreterEquivalenceTest {

    private static final double H = 0.3;

    /** {@code F(y)_d = tanh(y_d) + 0.3 y_{d+1}} (indices mod the dimension): not element-wise. */
    private static final VectorField FIELD = y -> {
        double[] out = new double[y.length];
        for (int d = 0; d < y.length; d++) {
            out[d] = Math.tanh(y[d]) + 0.3 * y[(d + 1) % y.length];
        }
        return out;
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.schemenet.lowering.TestWirings#wirings")
    void loweredStageComputesWhatTheInterpreterComputes(String label, StageWiring wiring) {
        int dimension = 5;
        LoweredStage stage = new Lowering(ShortcutOption.A, CoefficientDecay.AS_DECLARED)
                .lowerStage(2, "entry", wiring, dimension, dimension, new SplittableRandom(1));
        // every parameter away from its initialiser; learnables without a parameter at their mean (they do not change
        // what the stage computes, but the interpreter reads them)
        SplittableRandom random = new SplittableRandom(5);
        Map<String, Double> values = new HashMap<>();
        for (Parameter q : stage.parameters()) {
            values.put(q.localName(), -0.7 + 1.9 * random.nextDouble());
        }
        wiring.learnables().forEach((name, q) -> values.putIfAbsent(name, q.initialiser().mean()));

        for (int example = 0; example < 3; example++) {
            double[] y0 = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                y0[d] = 4 * random.nextDouble() - 2;
            }
            double[] expected = OdeInterpreter.run(wiring, FIELD, H, new ParameterValues(values), y0).output();
            double[] actual = evaluate(stage, y0, values);
            for (int d = 0; d < dimension; d++) {
                assertEquals(expected[d], actual[d], 1e-12 * (1 + Math.abs(expected[d])), label + ", component " + d);
            }
            double moved = 0;
            for (int d = 0; d < dimension; d++) {
                moved = Math.max(moved, Math.abs(actual[d] - y0[d]));
            }
            assertTrue(moved > 1e-3, label + ": the stage output equals its input");
        }
    }

    /**
     * Runs {@code stage} on {@code entry}: {@code Unit} is {@code h·F(x)}, {@code Shortcut} the identity,
     * {@code Combination} {@code Σ c_i x_i} with {@code c_i} from the group's parameters ({@code values} by local
     * name), {@code Zero} zero.
     */
    private static double[] evaluate(LoweredStage stage, double[] entry, Map<String, Double> values) {
        Map<String, double[]> v = new HashMap<>();
        Map<String, double[]> theta = new HashMap<>();
        v.put(stage.entry(), entry);
        for (LoweredNode node : stage.nodes()) {
            if (node instanceof LoweredNode.Unit u) {
                double[] f = FIELD.apply(v.get(u.input()));
                for (int d = 0; d < f.length; d++) {
                    f[d] *= H;
                }
                v.put(u.name(), f);
            } else if (node instanceof LoweredNode.Shortcut s) {
                v.put(s.name(), v.get(s.input()).clone());
            } else if (node instanceof LoweredNode.CoefficientGroup g) {
                theta.put(g.name(), g.columns().stream().mapToDouble(q -> values.get(q.localName())).toArray());
            } else if (node instanceof LoweredNode.Combination c) {
                double[] t = c.group().map(theta::get).orElse(new double[0]);
                double[] out = new double[entry.length];
                for (int i = 0; i < c.inputs().size(); i++) {
                    Affine a = c.coefficients().get(i);
                    double coefficient = a.constant();
                    for (int j = 0; j < a.parameters(); j++) {
                        coefficient += a.weights()[j] * t[j];
                    }
                    double[] x = v.get(c.inputs().get(i));
                    for (int d = 0; d < out.length; d++) {
                        out[d] += coefficient * x[d];
                    }
                }
                v.put(c.name(), out);
            } else if (node instanceof LoweredNode.Zero z) {
                v.put(z.name(), new double[entry.length]);
            }
        }
        return v.get(stage.output());
    }
}
