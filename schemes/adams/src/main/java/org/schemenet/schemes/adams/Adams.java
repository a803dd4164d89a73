package org.schemenet.schemes.adams;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * A configured Adams–Bashforth scheme: each step applies one fresh residual unit and forms
 * <pre>
 *   y_{n+1} = y_n + Σ_{j=0}^{m-1} β_j f_{n-j},   m = min(k, evaluations available),
 * </pre>
 * where the evaluations available are the stage's history (a transition's residual; exact
 * history in a warm start) plus those made so far in the stage.
 *
 * <p><b>Startup.</b> After a cold start the first step has one evaluation (AB1 = Euler), the next
 * two (AB2), and so on up to AB_k. A transition hands over its residual {@code f_0(y_0)} (the
 * transition itself is the AB1 step), so the first step after it is AB2 for {@code k >= 2}. Startup
 * steps ({@code m < k}) always use the fixed AB_m values, in learnable mode too, as the PyTorch
 * reference does.
 *
 * <p><b>Learnable coefficients</b> (full steps, {@code m = k >= 2}): for the unit {@code u} that the
 * step applies, {@code unit<u>.beta<j>} for {@code j = 0..k-2} are trainable scalars (no weight
 * decay) and {@code β_{k-1} = 1 - Σ_{j<k-1} β_j}, so every learned scheme stays consistent
 * ({@code Σ β_j = 1}). Initialisers: the seed paper's for {@code k = 2} ({@code β_0 ~ U(1, 1.1)}) and
 * {@code k = 3} ({@code β_0 ~ U(1, 1.1)}, {@code β_1 ~ U(-1, -0.9)}); for other {@code k},
 * {@code β_j ~ U(AB_j - 0.05, AB_j + 0.05)} around the exact Adams values, as the reference does.
 *
 * @param k         steps, 1..8
 * @param learnable whether full steps use learnable coefficients
 */
public record Adams(int k, boolean learnable) implements Discretisation {

    /** Half-width of the uniform initialisers around the Adams values for {@code k} other than 2, 3. */
    public static final double SPREAD = 0.05;

    public Adams {
        if (k < 1 || k > AdamsScheme.MAX_K) {
            throw new IllegalArgumentException("Adams-Bashforth k must be in [1, " + AdamsScheme.MAX_K + "], got " + k);
        }
        if (learnable && k < 2) {
            throw new IllegalArgumentException("learnable Adams-Bashforth needs k >= 2, got " + k);
        }
    }

    @Override
    public String description() {
        return "Adams-Bashforth k=" + k + ", " + (learnable ? "learnable" : "fixed") + " coefficients";
    }

    /**
     * {@code k} with fixed coefficients; with learnable ones, the order of the scheme at the means of
     * its initialisers (1 for {@code k = 2, 3}, whose paper initialisers are not the Adams values;
     * {@code k} otherwise). Every learnable scheme is consistent (order >= 1) whatever its values.
     */
    @Override
    public int order() {
        if (!learnable) {
            return k;
        }
        double[] beta = new double[k];
        double sum = 0;
        List<Initialiser> init = initialisers(k);
        for (int j = 0; j < k - 1; j++) {
            beta[j] = init.get(j).mean();
            sum += beta[j];
        }
        beta[k - 1] = 1 - sum;
        return AdamsBashforth.order(beta, 1e-9);
    }

    @Override
    public int evaluationsPerStep() {
        return 1;
    }

    @Override
    public int historyDepth() {
        return k - 1;
    }

    @Override
    public StageWiring wire(StageStart start) {
        StageWiring.Builder b = StageWiring.builder(start);
        LinkedList<Value> evaluations = new LinkedList<>(b.pastEvaluations());   // newest first
        Value y = b.state();
        while (b.unitsLeft() > 0) {
            int unit = start.units() - b.unitsLeft();
            evaluations.addFirst(b.evaluate(y));
            while (evaluations.size() > k) {
                evaluations.removeLast();
            }
            List<Coefficient> beta = coefficients(evaluations.size(), unit);
            List<Term> terms = new ArrayList<>(beta.size() + 1);
            terms.add(Term.of(1.0, y));
            for (int j = 0; j < beta.size(); j++) {
                terms.add(Term.of(beta.get(j), evaluations.get(j)));
            }
            y = b.step(b.combine(terms));
        }
        return b.build();
    }

    /** The coefficients of a step with {@code m} evaluations that applies {@code unit}. */
    List<Coefficient> coefficients(int m, int unit) {
        List<Coefficient> beta = new ArrayList<>(m);
        if (learnable && m == k) {
            List<Initialiser> init = initialisers(k);
            List<Coefficient.Learnable> free = new ArrayList<>(k - 1);
            for (int j = 0; j < k - 1; j++) {
                free.add(new Coefficient.Learnable("unit" + unit + ".beta" + j, init.get(j), false));
            }
            beta.addAll(free);
            beta.add(Coefficient.Derived.oneMinusSumOf(free));
        } else {
            for (double value : AdamsBashforth.values(m)) {
                beta.add(new Coefficient.Fixed(value));
            }
        }
        return beta;
    }

    /** Initialisers of the free coefficients {@code β_0 .. β_{k-2}}. */
    static List<Initialiser> initialisers(int k) {
        if (k == 2) {
            return List.of(Initialiser.uniform(1.0, 1.1));
        }
        if (k == 3) {
            return List.of(Initialiser.uniform(1.0, 1.1), Initialiser.uniform(-1.0, -0.9));
        }
        double[] ab = AdamsBashforth.values(k);
        List<Initialiser> init = new ArrayList<>(k - 1);
        for (int j = 0; j < k - 1; j++) {
            init.add(Initialiser.uniform(ab[j] - SPREAD, ab[j] + SPREAD));
        }
        return init;
    }
}
