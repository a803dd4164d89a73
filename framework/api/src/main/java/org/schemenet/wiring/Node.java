package org.schemenet.wiring;

import java.util.List;

/** One instruction of a stage wiring; node {@code i} computes value {@code v_i}. */
public sealed interface Node {

    /** The values this node reads. */
    List<Value> arguments();

    /** What an {@link Input} stands for. */
    enum Role {
        /** a state {@code y_{-lag}}; lag 0 is the stage entry. */
        STATE,
        /** a past evaluation {@code f_{-lag} = h·F(y_{-lag})}, lag >= 1 (only in warm starts). */
        EVALUATION
    }

    /**
     * A value given to the stage from outside. Networks give only the entry state
     * ({@code STATE}, lag 0); the ODE interpreter can also give exact history (a warm start).
     */
    record Input(Role role, int lag) implements Node {
        public Input {
            if (role == null) {
                throw new InvalidWiringException("input needs a role");
            }
            if (lag < 0 || (role == Role.EVALUATION && lag < 1)) {
                throw new InvalidWiringException("input " + role + " lag must be >= " + (role == Role.STATE ? 0 : 1)
                        + ", got " + lag);
            }
        }

        @Override
        public List<Value> arguments() {
            return List.of();
        }

        @Override
        public String toString() {
            return role == Role.STATE ? "input y[-" + lag + "]" : "input f[-" + lag + "]";
        }
    }

    /**
     * {@code f_unit(argument)}: a fresh residual unit with its own parameters. In the ODE
     * interpreter it means {@code h·F(argument)}. In a transition stage, unit 0 is the
     * downsampling unit.
     */
    record Evaluate(int unit, Value argument) implements Node {
        public Evaluate {
            if (unit < 0) {
                throw new InvalidWiringException("unit index must be >= 0, got " + unit);
            }
            if (argument == null) {
                throw new InvalidWiringException("evaluate needs an argument");
            }
        }

        @Override
        public List<Value> arguments() {
            return List.of(argument);
        }

        @Override
        public String toString() {
            return "f" + unit + "(" + argument + ")";
        }
    }

    /**
     * The projected entry state {@code P(argument)} of a transition: subsample and zero-pad
     * (option A) or a 1x1 projection (option B) in the network; the identity in the ODE.
     */
    record Shortcut(Value argument) implements Node {
        public Shortcut {
            if (argument == null) {
                throw new InvalidWiringException("shortcut needs an argument");
            }
        }

        @Override
        public List<Value> arguments() {
            return List.of(argument);
        }

        @Override
        public String toString() {
            return "shortcut(" + argument + ")";
        }
    }

    /** {@code Σ_i c_i · v_i}: a linear combination of earlier values. */
    record Combine(List<Term> terms) implements Node {
        public Combine {
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new InvalidWiringException("combine needs at least one term");
            }
        }

        @Override
        public List<Value> arguments() {
            return terms.stream().map(Term::value).toList();
        }

        @Override
        public String toString() {
            return String.join(" + ", terms.stream().map(Term::toString).toList());
        }
    }
}
