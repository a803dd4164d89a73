package org.schemenet.schemes.rk;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * A configured explicit Runge–Kutta scheme. One step applies {@code s} fresh residual units:
 * <pre>
 *   k_i     = f_{u+i}(y_n + Σ_{j<i} a_ij k_j),   i = 1..s   (unit u+i for stage i),
 *   y_{n+1} = y_n + Σ_i b_i k_i.
 * </pre>
 * Zero {@code a_ij} (and, with fixed weights, zero {@code b_i}) are left out of the combinations.
 *
 * <p><b>Units and steps in a stage</b> ({@code n} units, {@code s} stages per step):
 * <ul>
 *   <li>after a transition, unit 0 is the transition (an Euler step with a shortcut), then
 *       {@code (n - 1)/s} RK steps: {@code n ≡ 1 (mod s)};</li>
 *   <li>after a cold start, {@code n/s} RK steps when {@code n ≡ 0 (mod s)}; when {@code n ≡ 1 (mod s)},
 *       unit 0 is a plain Euler step (matching the transition of the later stages, so a network with
 *       the same {@code n} in every stage works), then {@code (n - 1)/s} RK steps;</li>
 *   <li>a warm start (ODE interpreter) needs {@code n ≡ 0 (mod s)}.</li>
 * </ul>
 * Any other {@code n} is an {@link IllegalArgumentException} listing the valid counts. (The PyTorch
 * reference instead leaves out the units that do not complete a step.)
 *
 * <p><b>Learnable weights.</b> In the step whose first stage applies unit {@code u},
 * {@code unit<u>.b<i>} for {@code i = 0..s-2} are trainable scalars initialised to the tableau's
 * {@code b_i} (constant), no weight decay, and the last weight is {@code 1 - Σ_{i<s-1} b_i}, so
 * every learned scheme is consistent; {@code a} and {@code c} stay fixed.
 *
 * @param tableau   the method
 * @param learnable whether the weights {@code b} are trained
 */
public record RungeKutta(ButcherTableau tableau, boolean learnable) implements Discretisation {

    public RungeKutta {
        if (tableau == null) {
            throw new IllegalArgumentException("a Runge-Kutta scheme needs a tableau");
        }
        if (learnable && tableau.stages() < 2) {
            throw new IllegalArgumentException("learnable weights need at least 2 stages; " + tableau.name() + " has 1");
        }
    }

    @Override
    public String description() {
        return "Runge-Kutta " + tableau.name() + " (" + tableau.stages() + " stage" + (tableau.stages() > 1 ? "s" : "")
                + "), " + (learnable ? "learnable" : "fixed") + " weights";
    }

    /** The tableau's classical order (checked up to 4): the order at the initial weights when learnable. */
    @Override
    public int order() {
        return tableau.order();
    }

    @Override
    public int evaluationsPerStep() {
        return tableau.stages();
    }

    @Override
    public int historyDepth() {
        return 0;
    }

    @Override
    public StageWiring wire(StageStart start) {
        int s = tableau.stages();
        int n = start.units();
        boolean leadingEuler;
        if (start instanceof StageStart.Transition) {
            leadingEuler = false;     // the builder writes the transition step
            if ((n - 1) % s != 0) {
                throw unfit(n, "that starts with a transition (unit 0)", "1 + " + s + "m", 1);
            }
        } else if (start instanceof StageStart.Cold) {
            leadingEuler = n % s != 0;
            if (leadingEuler && n % s != 1) {
                throw unfit(n, "that starts cold", s + "m, or 1 + " + s + "m (then unit 0 is an Euler step)", 0, 1);
            }
        } else {
            leadingEuler = false;
            if (n % s != 0) {
                throw unfit(n, "with a warm start", s + "m", 0);
            }
        }
        StageWiring.Builder b = StageWiring.builder(start);
        Value y = b.state();
        if (leadingEuler) {
            y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
        }
        while (b.unitsLeft() > 0) {
            y = step(b, y, n - b.unitsLeft());
        }
        return b.build();
    }

    /** One RK step from {@code y}; its first stage applies unit {@code unit}. */
    private Value step(StageWiring.Builder b, Value y, int unit) {
        int s = tableau.stages();
        List<Value> k = new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            List<Term> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (tableau.a(i, j) != 0) {
                    terms.add(Term.of(tableau.a(i, j), k.get(j)));
                }
            }
            Value argument = y;
            if (!terms.isEmpty()) {
                terms.add(0, Term.of(1.0, y));
                argument = b.combine(terms);
            }
            k.add(b.evaluate(argument));
        }
        List<Term> output = new ArrayList<>(s + 1);
        output.add(Term.of(1.0, y));
        for (int i = 0; i < s; i++) {
            Coefficient weight = weight(i, unit);
            if (learnable || tableau.b(i) != 0) {
                output.add(Term.of(weight, k.get(i)));
            }
        }
        return b.step(b.combine(output));
    }

    private Coefficient weight(int i, int unit) {
        int s = tableau.stages();
        if (!learnable) {
            return new Coefficient.Fixed(tableau.b(i));
        }
        List<Coefficient.Learnable> free = IntStream.range(0, s - 1)
                .mapToObj(j -> new Coefficient.Learnable("unit" + unit + ".b" + j,
                        Initialiser.constant(tableau.b(j)), false))
                .toList();
        return i < s - 1 ? free.get(i) : Coefficient.Derived.oneMinusSumOf(free);
    }

    private IllegalArgumentException unfit(int n, String where, String form, int... residues) {
        int s = tableau.stages();
        String valid = IntStream.rangeClosed(0, 4 * s + 1)
                .filter(m -> m >= 1 && IntStream.of(residues).anyMatch(r -> m % s == r))
                .limit(6).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return new IllegalArgumentException("Runge-Kutta " + tableau.name() + " uses " + s + " residual units per step; "
                + "a stage " + where + " needs " + form + " units (" + valid + ", ...), not " + n
                + (residues.length == 1 && residues[0] == 1 ? "; with the same n units in every stage of a CIFAR "
                + "network of depth 6n+2, n must be 1 more than a multiple of " + s : ""));
    }
}
