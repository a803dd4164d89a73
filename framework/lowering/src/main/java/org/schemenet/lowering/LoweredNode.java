package org.schemenet.lowering;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node of a lowered stage ({@link LoweredStage}): a value of the network named {@link #name()}, computed from the
 * values named by {@link #inputs()} (earlier nodes of the stage, or the stage's entry). Node names are the names of
 * the network's parts ({@code stage2.unit3}, {@code stage2.v7}, ...); a back end names its layers after them.
 */
public sealed interface LoweredNode {

    /** The value this node computes. */
    String name();

    /** The values it reads. */
    List<String> inputs();

    /**
     * A residual unit with its own parameters, {@code f(input)} (the wiring's {@code Evaluate}); the back end decides
     * what a unit is (the pre-activation unit {@code BN-ReLU-conv3x3-BN-ReLU-conv3x3} in the CIFAR networks).
     *
     * @param shape channels in and out, and the stride of its first convolution (2 for a transition's unit 0)
     */
    record Unit(String name, String input, UnitShape shape) implements LoweredNode {
        public Unit {
            requireNames(name, input);
            if (shape == null) {
                throw new IllegalArgumentException(name + ": a unit needs a shape");
            }
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public String toString() {
            return name + " = unit(" + input + ") " + shape.inChannels() + " -> " + shape.outChannels() + " channels"
                    + (shape.stride() == 1 ? "" : ", stride " + shape.stride());
        }
    }

    /**
     * The projection {@code P(input)} of a transition's entry state (the wiring's {@code Shortcut} in a transition
     * stage; in a cold stage {@code P} is the identity and has no node).
     *
     * @param option         A (subsample and zero-pad channels) or B (1x1 projection of the transition unit's
     *                       pre-activation)
     * @param shape          the transition unit's shape: {@code P} maps its input shape to its output shape
     * @param transitionUnit the stage's unit 0 when it was evaluated before the shortcut; option B reads its
     *                       pre-activation, so it is required there
     */
    record Shortcut(String name, String input, ShortcutOption option, UnitShape shape,
                    Optional<String> transitionUnit) implements LoweredNode {
        public Shortcut {
            requireNames(name, input);
            if (option == null || shape == null || transitionUnit == null) {
                throw new IllegalArgumentException(name + ": a shortcut needs an option, a shape and its transition "
                        + "unit (or none)");
            }
            if (option == ShortcutOption.B && transitionUnit.isEmpty()) {
                throw new IllegalArgumentException(name + ": shortcut B projects the transition unit's pre-activation, "
                        + "so unit 0 must be evaluated on the stage entry before the shortcut");
            }
            if (option == ShortcutOption.A && shape.outChannels() < shape.inChannels()) {
                throw new IllegalArgumentException(name + ": shortcut A cannot shrink channels " + shape.inChannels()
                        + " -> " + shape.outChannels());
            }
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public String toString() {
            return name + " = shortcut " + option + "(" + input + ") " + shape.inChannels() + " -> "
                    + shape.outChannels() + " channels, stride " + shape.stride()
                    + transitionUnit.map(u -> option == ShortcutOption.B ? ", projects " + u + "'s pre-activation" : "")
                    .orElse("");
        }
    }

    /**
     * A coefficient group: the learnable coefficients {@code θ} some combinations share, as the network's
     * parameters ({@code Θ}, {@link #columns()} order). It reads the first input of its first combination (the
     * anchor) only for its place in the graph: it comes right before that combination, so that a back end that
     * keeps a value's gradient alive until every reader has run backward does not keep it for long (measured in
     * docs/performance.md, attempt 13).
     *
     * @param undecayed its coefficients without L2 weight decay, first in {@link #columns()}
     * @param decayed   its coefficients with L2 weight decay, after them
     */
    record CoefficientGroup(String name, String anchor, List<Parameter> undecayed, List<Parameter> decayed)
            implements LoweredNode {
        public CoefficientGroup {
            requireNames(name, anchor);
            undecayed = List.copyOf(undecayed);
            decayed = List.copyOf(decayed);
            if (undecayed.isEmpty() && decayed.isEmpty()) {
                throw new IllegalArgumentException(name + ": a coefficient group needs at least one coefficient");
            }
        }

        /** {@code θ}: the undecayed coefficients, then the decayed ones. */
        public List<Parameter> columns() {
            List<Parameter> all = new ArrayList<>(undecayed);
            all.addAll(decayed);
            return List.copyOf(all);
        }

        @Override
        public List<String> inputs() {
            return List.of(anchor);
        }

        @Override
        public String toString() {
            return name + " = θ(" + String.join(", ", columns().stream().map(Parameter::name).toList()) + ")"
                    + (decayed.isEmpty() ? "" : ", decayed from θ" + undecayed.size()) + "; anchored on " + anchor;
        }
    }

    /**
     * {@code y = Σ_i c_i · x_i}, {@code x_i} = {@code inputs[i]} (distinct), {@code c_i = coefficients[i]}, affine
     * in the parameters of {@code group} (none: every coefficient is a constant).
     */
    record Combination(String name, List<String> inputs, List<Affine> coefficients, Optional<String> group)
            implements LoweredNode {
        public Combination {
            if (name == null || inputs == null || coefficients == null || group == null) {
                throw new IllegalArgumentException("a combination needs a name, inputs, coefficients and a group "
                        + "(or none)");
            }
            inputs = List.copyOf(inputs);
            coefficients = List.copyOf(coefficients);
            if (inputs.isEmpty() || inputs.size() != coefficients.size()) {
                throw new IllegalArgumentException(name + ": a combination needs one coefficient per input, got "
                        + inputs.size() + " inputs and " + coefficients.size() + " coefficients");
            }
            if (inputs.stream().distinct().count() != inputs.size()) {
                throw new IllegalArgumentException(name + ": terms on the same value must be merged, got " + inputs);
            }
            int p = coefficients.get(0).parameters();
            for (Affine a : coefficients) {
                if (a.parameters() != p) {
                    throw new IllegalArgumentException(name + ": every coefficient needs the same " + p
                            + " parameters, got " + coefficients);
                }
            }
            if ((p > 0) != group.isPresent()) {
                throw new IllegalArgumentException(name + ": coefficients with parameters need a coefficient group, "
                        + "constant ones none; got " + p + " parameters and group " + group);
            }
        }

        /** Number of learnable parameters the coefficients depend on (0: all constant). */
        public int parameters() {
            return coefficients.get(0).parameters();
        }

        @Override
        public String toString() {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                terms.add("(" + coefficients.get(i) + ")*" + inputs.get(i));
            }
            return name + " = " + String.join(" + ", terms) + group.map(g -> "   ; θ from " + g).orElse("");
        }
    }

    /** {@code y = 0 · input}: a combination whose coefficients all vanish. */
    record Zero(String name, String input) implements LoweredNode {
        public Zero {
            requireNames(name, input);
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public String toString() {
            return name + " = 0*" + input;
        }
    }

    private static void requireNames(String name, String input) {
        if (name == null || name.isBlank() || input == null || input.isBlank()) {
            throw new IllegalArgumentException("a lowered node needs a name and an input, got " + name + ", " + input);
        }
    }
}
