package org.example.leapfrog;

import java.util.List;
import org.pf4j.Extension;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * The two-step leapfrog (explicit midpoint) scheme {@code y_{n+1} = y_{n-1} + 2 f_n(y_n)}: second
 * order, zero-stable (ρ(ζ) = ζ² - 1, simple roots ±1), but only weakly stable: its interval of
 * absolute stability on the negative real axis is {0}.
 */
@Extension
public final class LeapfrogScheme implements Scheme {

    @Override
    public String name() {
        return "leapfrog";
    }

    @Override
    public String summary() {
        return "two-step leapfrog, y_{n+1} = y_{n-1} + 2 f_n(y_n)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public Discretisation configure(Options options) {
        return new Leapfrog();
    }

    /** The configured scheme: one new evaluation per step, one past state. */
    static final class Leapfrog implements Discretisation {

        @Override
        public String description() {
            return "leapfrog";
        }

        @Override
        public int order() {
            return 2;
        }

        @Override
        public int evaluationsPerStep() {
            return 1;
        }

        @Override
        public int historyDepth() {
            return 1;
        }

        /**
         * {@code y_{n+1} = y_{n-1} + 2 f_n(y_n)} for every unit. Without a past state (a cold start)
         * the first step is Euler, {@code y_1 = y_0 + f_0(y_0)}; after a transition the past state is
         * the projected entry state.
         */
        @Override
        public StageWiring wire(StageStart start) {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            Value previous = b.pastStates().isEmpty() ? null : b.pastStates().get(0);
            while (b.unitsLeft() > 0) {
                Value f = b.evaluate(y);
                Value next = previous == null
                        ? b.combine(Term.of(1.0, y), Term.of(1.0, f))
                        : b.combine(Term.of(1.0, previous), Term.of(2.0, f));
                previous = y;
                y = b.step(next);
            }
            return b.build();
        }
    }
}
