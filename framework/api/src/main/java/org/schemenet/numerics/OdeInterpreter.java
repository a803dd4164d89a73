package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Step;
import org.schemenet.wiring.Term;

/**
 * Runs a stage wiring as an integrator of {@code y' = F(y)}: every
 * {@link Node.Evaluate} means {@code h·F(argument)}, every {@link Node.Shortcut} is the identity,
 * every {@link Node.Combine} is {@code Σ c_i v_i}; step {@code n} advances time by
 * {@code h / rescaling_n}.
 *
 * <p>Values are carried in double-double arithmetic (a double and its rounding error, about 32
 * significant digits): {@code F} is evaluated in double on the rounded value, but the products
 * {@code h·F} and every linear combination are exact to about {@code 1e-32} relative. So the
 * round-off of a run of {@code N} steps stays near {@code 1e-16} instead of growing to
 * {@code N·1e-16}, and orders up to 8 are measurable (the error left is that of evaluating
 * {@code F} and of the coefficients themselves, which are doubles). The values reported are the
 * double-double values rounded to double.
 */
public final class OdeInterpreter {

    /** The result of one run: every value, and per step its state and end time. */
    public record Run(double[][] values, List<double[]> states, double[] times) {
        /** The stage output {@code y_N}. */
        public double[] output() {
            return states.get(states.size() - 1);
        }

        /** The time {@code t_N} the output approximates. */
        public double endTime() {
            return times[times.length - 1];
        }
    }

    private OdeInterpreter() {
    }

    /**
     * Runs {@code wiring} from time 0.
     *
     * @param inputs the value of each {@link Node.Input}; for a warm start the caller gives exact
     *               history: {@code STATE lag j} is {@code y(-j·τ)} and {@code EVALUATION lag j} is
     *               {@code h·F(y(-j·τ))}, where τ is the duration of the first step
     */
    public static Run run(StageWiring wiring, VectorField field, double h, ParameterValues parameters,
                          Function<Node.Input, double[]> inputs) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("step size h must be finite and > 0, got " + h);
        }
        List<Node> nodes = wiring.nodes();
        double[][] v = new double[nodes.size()][];
        double[][] low = new double[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node instanceof Node.Input in) {
                v[i] = inputs.apply(in).clone();
                low[i] = new double[v[i].length];
            } else if (node instanceof Node.Evaluate e) {
                double[] f = field.apply(v[e.argument().id()]);
                v[i] = new double[f.length];
                low[i] = new double[f.length];
                for (int d = 0; d < f.length; d++) {
                    v[i][d] = h * f[d];
                    low[i][d] = Math.fma(h, f[d], -v[i][d]);
                }
            } else if (node instanceof Node.Shortcut s) {
                v[i] = v[s.argument().id()].clone();
                low[i] = low[s.argument().id()].clone();
            } else if (node instanceof Node.Combine c) {
                combine(i, c, parameters, v, low);
            }
        }
        List<double[]> states = new ArrayList<>();
        double[] times = new double[wiring.steps().size()];
        double t = 0;
        double tLow = 0; // compensated (Kahan-Babuska) sum: N·h without N rounding errors
        for (int s = 0; s < wiring.steps().size(); s++) {
            Step step = wiring.steps().get(s);
            double dt = h / step.rescaling().value(parameters);
            double sum = t + dt;
            tLow += Math.abs(t) >= Math.abs(dt) ? (t - sum) + dt : (dt - sum) + t;
            t = sum;
            times[s] = t + tLow;
            states.add(v[step.state().id()]);
        }
        return new Run(v, List.copyOf(states), times);
    }

    /** Runs a wiring whose only input is the entry state {@code y0}. */
    public static Run run(StageWiring wiring, VectorField field, double h, ParameterValues parameters, double[] y0) {
        return run(wiring, field, h, parameters, input -> {
            if (input.role() == Node.Role.STATE && input.lag() == 0) {
                return y0;
            }
            throw new IllegalArgumentException("the wiring needs " + input + "; give history for a warm start");
        });
    }

    /**
     * {@code v_i = Σ c_j v_j} in double-double arithmetic (Ogita, Rump and Oishi's Dot2 with the
     * low parts carried): each product {@code c·hi} is split exactly by a fused multiply-add, the sum
     * of the high parts is accumulated by Knuth's TwoSum, and all rounding errors and {@code c·lo}
     * are summed into the low part. The result is the sum to about 32 significant digits.
     */
    private static void combine(int i, Node.Combine c, ParameterValues parameters, double[][] v, double[][] low) {
        double[] hi = null;
        double[] lo = null;
        for (Term t : c.terms()) {
            double coefficient = t.coefficient().value(parameters);
            double[] x = v[t.value().id()];
            double[] xl = low[t.value().id()];
            if (hi == null) {
                hi = new double[x.length];
                lo = new double[x.length];
            }
            if (x.length != hi.length) {
                throw new IllegalArgumentException("v" + i + " combines values of dimension "
                        + hi.length + " and " + x.length);
            }
            for (int d = 0; d < hi.length; d++) {
                double product = coefficient * x[d];
                double productError = Math.fma(coefficient, x[d], -product);
                double sum = hi[d] + product;
                double back = sum - hi[d];
                double sumError = (hi[d] - (sum - back)) + (product - back);
                hi[d] = sum;
                lo[d] += sumError + productError + coefficient * xl[d];
            }
        }
        for (int d = 0; d < hi.length; d++) {
            double sum = hi[d] + lo[d];
            lo[d] = lo[d] - (sum - hi[d]);
            hi[d] = sum;
        }
        v[i] = hi;
        low[i] = lo;
    }
}
