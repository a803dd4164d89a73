package org.schemenet.schemes.euler;

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

/** Forward Euler, {@code y_{n+1} = y_n + f_n(y_n)}: the residual network (ResNet). */
@Extension
public final class EulerScheme implements Scheme {

    @Override
    public String name() {
        return "euler";
    }

    @Override
    public String summary() {
        return "forward Euler, y_{n+1} = y_n + f_n(y_n): the ResNet";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public Discretisation configure(Options options) {
        return new Euler();
    }

    /** The configured scheme: one evaluation per step, no history, order 1. */
    static final class Euler implements Discretisation {
        @Override
        public String description() {
            return "forward Euler";
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public int evaluationsPerStep() {
            return 1;
        }

        @Override
        public int historyDepth() {
            return 0;
        }

        /** {@code y_{n+1} = y_n + f_n(y_n)} for every unit left in the stage. */
        @Override
        public StageWiring wire(StageStart start) {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            while (b.unitsLeft() > 0) {
                y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
            }
            return b.build();
        }
    }
}
