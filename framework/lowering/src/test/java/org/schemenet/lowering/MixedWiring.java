package org.schemenet.lowering;

import java.util.List;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * A test scheme that exercises every rule of the lowering (numbers are arbitrary: it tests the lowering, not
 * numerics). Its steps cycle through, each falling back to Euler without the history it needs:
 * <ol>
 *   <li>Euler, {@code y + f}, through a lone {@code 1·f} (no node of its own);</li>
 *   <li>terms on the same value merged: {@code 0.5 y + 0.5 y_{n-1} + 0.25 f + 0.25 f};</li>
 *   <li>one learnable {@code a} shared by two combinations: {@code z = y + a f(y)},
 *       {@code y' = y + (1 - a) f(y) + a f(z)} (one coefficient group, before {@code z});</li>
 *   <li>a learnable {@code k} that cancels, {@code (1 - k) y + k y + f}, and a learnable {@code r} that only rescales
 *       the step: neither is a parameter;</li>
 *   <li>an undecayed {@code β} and a decayed {@code γ} in one combination, {@code y + β f + γ f_{n-1}}, and a
 *       combination whose terms cancel, {@code f - f} (a zero), added to the next state.</li>
 * </ol>
 */
public final class MixedWiring extends CyclingTestScheme {

    public MixedWiring() {
        super("mixed test wiring");
    }

    @Override
    protected Next step(StageWiring.Builder b, int kind, int unit, Value y, Value yPrev, Value fPrev) {
        Value f = b.evaluate(y);
        if (kind % 5 == 1 && yPrev != null) {
            return new Next(f, b.step(b.combine(Term.of(0.5, y), Term.of(0.5, yPrev), Term.of(0.25, f),
                    Term.of(0.25, f))));
        } else if (kind % 5 == 2 && b.unitsLeft() >= 1) {
            Coefficient.Learnable a = Coefficient.learnable("unit" + unit + ".a", Initialiser.uniform(0.4, 0.6));
            Value z = b.combine(Term.of(1.0, y), Term.of(a, f));
            Value g = b.evaluate(z);
            return new Next(f, b.step(b.combine(Term.of(1.0, y),
                    Term.of(Coefficient.Derived.oneMinusSumOf(List.of(a)), f), Term.of(a, g))));
        } else if (kind % 5 == 3) {
            Coefficient.Learnable k = Coefficient.learnable("unit" + unit + ".k", Initialiser.uniform(-0.2, 0.2));
            Coefficient.Learnable r = Coefficient.learnable("unit" + unit + ".r", Initialiser.uniform(0.9, 1.1));
            return new Next(f, b.step(b.combine(Term.of(Coefficient.Derived.oneMinusSumOf(List.of(k)), y),
                    Term.of(k, y), Term.of(1.0, f)), r));
        } else if (kind % 5 == 4 && fPrev != null) {
            Coefficient.Learnable beta = Coefficient.learnable("unit" + unit + ".beta", Initialiser.uniform(1.4, 1.6));
            Coefficient.Learnable gamma = new Coefficient.Learnable("unit" + unit + ".gamma",
                    Initialiser.uniform(-0.6, -0.4), true);
            Value zero = b.combine(Term.of(1.0, f), Term.of(-1.0, f));
            return new Next(f, b.step(b.combine(Term.of(1.0, y), Term.of(beta, f), Term.of(gamma, fPrev),
                    Term.of(1.0, zero))));
        }
        return new Next(f, b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.combine(Term.of(1.0, f))))));
    }
}
