package org.schemenet.wiring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stage wiring: a straight-line program over one stage of residual units. Node {@code i}
 * computes value {@code v_i} from earlier values only; {@link Node.Evaluate} nodes apply fresh
 * residual units {@code 0, 1, 2, ...} (each exactly once, in order); {@link Node.Combine} nodes
 * form linear combinations; {@link Step}s mark the states {@code y_1, y_2, ...} after each step, the
 * last of which is the stage output.
 *
 * <p>Immutable and validated at construction: no reference to a value that does not exist yet,
 * finite coefficients, at least one evaluation per step, each learnable name with one meaning,
 * no node after the last step.
 *
 * <p>Schemes build it with {@link #builder(StageStart)}, which also writes the start's prologue.
 */
public record StageWiring(StageStart start, List<Node> nodes, List<Step> steps) {

    public StageWiring {
        if (start == null) {
            throw new InvalidWiringException("a wiring needs its stage start");
        }
        nodes = List.copyOf(nodes);
        steps = List.copyOf(steps);
        validate(start, nodes, steps);
    }

    public static Builder builder(StageStart start) {
        return new Builder(start);
    }

    /** The stage output: the state after the last step. */
    public Value output() {
        return steps.get(steps.size() - 1).state();
    }

    /** Number of residual units the wiring applies. */
    public int units() {
        return (int) nodes.stream().filter(n -> n instanceof Node.Evaluate).count();
    }

    public Node node(Value v) {
        return nodes.get(v.id());
    }

    /** Every distinct learnable coefficient, in order of first use, by name. */
    public Map<String, Coefficient.Learnable> learnables() {
        Map<String, Coefficient.Learnable> found = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n instanceof Node.Combine c) {
                c.terms().forEach(t -> t.coefficient().parameters().forEach(p -> found.putIfAbsent(p.name(), p)));
            }
        }
        for (Step s : steps) {
            s.rescaling().parameters().forEach(p -> found.putIfAbsent(p.name(), p));
        }
        return Collections.unmodifiableMap(found);
    }

    /** The program, one node a line, for humans and docs. */
    public String listing() {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < nodes.size(); i++) {
            out.append("v").append(i).append(" = ").append(nodes.get(i));
            if (next < steps.size() && steps.get(next).state().id() == i) {
                out.append("    ; y").append(next + 1);
                if (!steps.get(next).rescaling().equals(Step.UNIT)) {
                    out.append(", covers h/(").append(steps.get(next).rescaling()).append(")");
                }
                next++;
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void validate(StageStart start, List<Node> nodes, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new InvalidWiringException("a wiring needs at least one step");
        }
        Map<String, Coefficient.Learnable> names = new HashMap<>();
        int nextUnit = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node == null) {
                throw new InvalidWiringException("node v" + i + " is null");
            }
            for (Value arg : node.arguments()) {
                if (arg.id() >= i) {
                    throw new InvalidWiringException("v" + i + " = " + node + " reads " + arg
                            + ", which does not exist yet (only v0..v" + (i - 1) + " do)");
                }
            }
            if (node instanceof Node.Evaluate e) {
                if (e.unit() != nextUnit) {
                    throw new InvalidWiringException("v" + i + " applies unit " + e.unit()
                            + ", but units must be applied once each in order; expected unit " + nextUnit);
                }
                nextUnit++;
            } else if (node instanceof Node.Shortcut s) {
                if (!(nodes.get(s.argument().id()) instanceof Node.Input)) {
                    throw new InvalidWiringException("v" + i + " = " + node
                            + ": a shortcut projects an input state, not a computed value");
                }
            } else if (node instanceof Node.Combine c) {
                String where = "v" + i;
                c.terms().forEach(t -> checkNames(names, t.coefficient(), where));
            } else if (node instanceof Node.Input in) {
                if (in.role() == Node.Role.EVALUATION && !(start instanceof StageStart.Warm)) {
                    throw new InvalidWiringException("v" + i + " = " + node
                            + ": past evaluations are inputs only in a warm start");
                }
            }
        }
        if (nextUnit != start.units()) {
            throw new InvalidWiringException("the wiring applies " + nextUnit + " residual units but the stage has "
                    + start.units() + "; every unit must be used exactly once");
        }
        int previous = -1;
        int evaluationsSeen = 0;
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            int id = step.state().id();
            if (id >= nodes.size()) {
                throw new InvalidWiringException("step " + (s + 1) + " ends at " + step.state()
                        + ", which does not exist (last value v" + (nodes.size() - 1) + ")");
            }
            if (id <= previous) {
                throw new InvalidWiringException("step " + (s + 1) + " ends at " + step.state()
                        + ", not after the previous step's v" + previous);
            }
            int evaluations = 0;
            for (int i = previous + 1; i <= id; i++) {
                if (nodes.get(i) instanceof Node.Evaluate) {
                    evaluations++;
                }
            }
            if (evaluations == 0) {
                throw new InvalidWiringException("step " + (s + 1) + " (v" + (previous + 1) + ".." + step.state()
                        + ") evaluates no residual unit; every step needs at least one evaluation");
            }
            evaluationsSeen += evaluations;
            checkNames(names, step.rescaling(), "step " + (s + 1));
            previous = id;
        }
        if (previous != nodes.size() - 1) {
            throw new InvalidWiringException("v" + (previous + 1) + ".." + "v" + (nodes.size() - 1)
                    + " come after the last step and are never used");
        }
        assert evaluationsSeen == nextUnit;
    }

    private static void checkNames(Map<String, Coefficient.Learnable> names, Coefficient c, String where) {
        for (Coefficient.Learnable p : c.parameters()) {
            Coefficient.Learnable seen = names.putIfAbsent(p.name(), p);
            if (seen != null && !seen.equals(p)) {
                throw new InvalidWiringException(where + ": learnable '" + p.name() + "' is declared twice with "
                        + "different settings (" + seen.initialiser() + ", decay " + seen.weightDecay() + " vs "
                        + p.initialiser() + ", decay " + p.weightDecay() + ")");
            }
        }
    }

    /**
     * Writes a stage wiring. Created for a {@link StageStart}, it first writes that start's
     * prologue, then exposes the history the scheme may use: {@link #state()},
     * {@link #pastStates()} and {@link #pastEvaluations()} (newest first).
     */
    public static final class Builder {
        private final StageStart start;
        private final List<Node> nodes = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final Value state;
        private final List<Value> pastStates;
        private final List<Value> pastEvaluations;
        private int nextUnit;

        private Builder(StageStart start) {
            if (start == null) {
                throw new InvalidWiringException("a wiring needs its stage start");
            }
            this.start = start;
            if (start instanceof StageStart.Transition) {
                Value entry = add(new Node.Input(Node.Role.STATE, 0));
                Value residual = evaluate(entry);
                Value projected = add(new Node.Shortcut(entry));
                state = step(combine(Term.of(1.0, projected), Term.of(1.0, residual)));
                pastStates = List.of(projected);
                pastEvaluations = List.of(residual);
            } else if (start instanceof StageStart.Warm w) {
                state = add(new Node.Input(Node.Role.STATE, 0));
                List<Value> states = new ArrayList<>();
                List<Value> evaluations = new ArrayList<>();
                for (int j = 1; j <= w.depth(); j++) {
                    states.add(add(new Node.Input(Node.Role.STATE, j)));
                }
                for (int j = 1; j <= w.depth(); j++) {
                    evaluations.add(add(new Node.Input(Node.Role.EVALUATION, j)));
                }
                pastStates = List.copyOf(states);
                pastEvaluations = List.copyOf(evaluations);
            } else {
                state = add(new Node.Input(Node.Role.STATE, 0));
                pastStates = List.of();
                pastEvaluations = List.of();
            }
        }

        public StageStart start() {
            return start;
        }

        /** The current state when the scheme takes over (after any transition). */
        public Value state() {
            return state;
        }

        /** Earlier states, newest first: {@code y_{-1}, y_{-2}, ...}; empty for a cold start. */
        public List<Value> pastStates() {
            return pastStates;
        }

        /** Earlier evaluations, newest first: {@code f_{-1}, f_{-2}, ...}; empty for a cold start. */
        public List<Value> pastEvaluations() {
            return pastEvaluations;
        }

        /** Residual units not yet applied. */
        public int unitsLeft() {
            return start.units() - nextUnit;
        }

        /** Applies the next fresh residual unit: {@code f_u(argument)}. */
        public Value evaluate(Value argument) {
            if (unitsLeft() == 0) {
                throw new InvalidWiringException("all " + start.units() + " residual units of the stage are used");
            }
            return add(new Node.Evaluate(nextUnit++, argument));
        }

        /** {@code Σ c_i v_i}. */
        public Value combine(Term... terms) {
            return combine(List.of(terms));
        }

        public Value combine(List<Term> terms) {
            return add(new Node.Combine(terms));
        }

        /** Marks {@code state} as the end of a step covering time {@code h}. */
        public Value step(Value state) {
            return step(state, Step.UNIT);
        }

        /** Marks {@code state} as the end of a step covering time {@code h / rescaling}. */
        public Value step(Value state, Coefficient rescaling) {
            steps.add(new Step(state, rescaling));
            return state;
        }

        public StageWiring build() {
            return new StageWiring(start, nodes, steps);
        }

        private Value add(Node node) {
            nodes.add(node);
            return new Value(nodes.size() - 1);
        }
    }
}
