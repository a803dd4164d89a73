package org.schemenet.lowering;

import java.util.List;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * A test scheme whose wiring uses every IR node kind and every coefficient kind, built with
 * {@link StageWiring#builder}. Steps cycle through (each needing history falls back to Euler without it):
 * <ol>
 *   <li>AB2, learnable: {@code y + β0 f_n + (1 - β0) f_{n-1}} (learnable, derived, fixed 1: one combination vertex);</li>
 *   <li>a two-evaluation step sharing one learnable between two combinations:
 *       {@code z = y + a f(y)}, {@code y' = y + (1 - a) f(y) + a f(z)};</li>
 *   <li>LM two-step with a rescaled step: {@code y' = (1 - k) y + k y_{n-1} + f_n}, covering {@code h / (1 + k)};</li>
 *   <li>AB2, fixed, written with a subtraction: {@code d = f_n - f_{n-1}}, {@code y' = y + f_n + 0.5 d};</li>
 *   <li>fixed equal coefficients after merging repeated terms: {@code 0.5 y + 0.5 y_{n-1} + 0.25 f_n + 0.25 f_n}
 *       = {@code 0.5 (y + y_{n-1} + f_n)}, one addition and one scaling.</li>
 * </ol>
 * The transition prologue supplies the shortcut node. Numbers are arbitrary: this scheme tests the compiler,
 * not numerics. (Shared with framework/network's tests through this module's test jar.)
 */
public final class AllNodeKinds extends CyclingTestScheme {

    public AllNodeKinds() {
        super("all-node-kinds test wiring");
    }

    @Override
    protected Next step(StageWiring.Builder b, int kind, int unit, Value y, Value yPrev, Value fPrev) {
        Value f = b.evaluate(y);
        if (kind % 5 == 1 && b.unitsLeft() >= 1) {
            Coefficient.Learnable a = Coefficient.learnable("unit" + unit + ".a", Initialiser.uniform(0.4, 0.6));
            Value z = b.combine(Term.of(1.0, y), Term.of(a, f));
            Value g = b.evaluate(z);
            return new Next(f, b.step(b.combine(Term.of(1.0, y),
                    Term.of(Coefficient.Derived.oneMinusSumOf(List.of(a)), f), Term.of(a, g))));
        } else if (fPrev == null || yPrev == null || kind % 5 == 1) {
            return new Next(f, b.step(b.combine(Term.of(1.0, y), Term.of(1.0, f))));
        } else if (kind % 5 == 0) {
            Coefficient.Learnable beta = Coefficient.learnable("unit" + unit + ".beta0", Initialiser.uniform(1.4, 1.6));
            return new Next(f, b.step(b.combine(Term.of(1.0, y), Term.of(beta, f),
                    Term.of(Coefficient.Derived.oneMinusSumOf(List.of(beta)), fPrev))));
        } else if (kind % 5 == 2) {
            Coefficient.Learnable k = new Coefficient.Learnable("unit" + unit + ".k", Initialiser.uniform(-0.1, 0.0),
                    true);
            Coefficient oneMinusK = Coefficient.Derived.oneMinusSumOf(List.of(k));
            return new Next(f, b.step(b.combine(Term.of(oneMinusK, y), Term.of(k, yPrev), Term.of(1.0, f)),
                    new Coefficient.Derived(1.0, List.of(new Coefficient.Weighted(1.0, k)))));
        } else if (kind % 5 == 3) {
            Value d = b.combine(Term.of(1.0, f), Term.of(-1.0, fPrev));
            return new Next(f, b.step(b.combine(Term.of(1.0, y), Term.of(1.0, f), Term.of(0.5, d))));
        }
        return new Next(f, b.step(b.combine(Term.of(0.5, y), Term.of(0.5, yPrev), Term.of(0.25, f),
                Term.of(0.25, f))));
    }
}
