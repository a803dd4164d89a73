package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Step;
import org.schemenet.wiring.Term;

/**
 * Runs a stage wiring as an integrator of {@code y' = F(y)} in double precision: every
 * {@link Node.Evaluate} means {@code h·F(argument)}, every {@link Node.Shortcut} is the identity,
 * every {@link Node.Combine} is {@code Σ c_i v_i}; step {@code n} advances time by
 * {@code h / rescaling_n}.
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
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node instanceof Node.Input in) {
                v[i] = inputs.apply(in).clone();
            } else if (node instanceof Node.Evaluate e) {
                double[] f = field.apply(v[e.argument().id()]);
                v[i] = scaled(h, f);
            } else if (node instanceof Node.Shortcut s) {
                v[i] = v[s.argument().id()].clone();
            } else if (node instanceof Node.Combine c) {
                double[] out = null;
                for (Term t : c.terms()) {
                    double coefficient = t.coefficient().value(parameters);
                    double[] x = v[t.value().id()];
                    if (out == null) {
                        out = new double[x.length];
                    }
                    if (x.length != out.length) {
                        throw new IllegalArgumentException("v" + i + " combines values of dimension "
                                + out.length + " and " + x.length);
                    }
                    for (int d = 0; d < out.length; d++) {
                        out[d] += coefficient * x[d];
                    }
                }
                v[i] = out;
            }
        }
        List<double[]> states = new ArrayList<>();
        double[] times = new double[wiring.steps().size()];
        double t = 0;
        for (int s = 0; s < wiring.steps().size(); s++) {
            Step step = wiring.steps().get(s);
            t += h / step.rescaling().value(parameters);
            times[s] = t;
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

    private static double[] scaled(double h, double[] f) {
        double[] out = Arrays.copyOf(f, f.length);
        for (int d = 0; d < out.length; d++) {
            out[d] *= h;
        }
        return out;
    }
}
