package org.schemenet.lowering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.InvalidWiringException;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * The network compiler's lowering pass: a scheme's stage wirings to a {@link LoweredNetwork}, node by node.
 *
 * <ul>
 *   <li>{@code Input(STATE, 0)}: the stage entry (no node);</li>
 *   <li>{@code Evaluate(u, v)}: a {@link LoweredNode.Unit} {@code stageS.unitU} on {@code v}; in a transition stage
 *       unit 0 has stride 2 and maps the entry width to the stage width;</li>
 *   <li>{@code Shortcut(v)}: a {@link LoweredNode.Shortcut} {@code stageS.shortcut} in a transition stage, nothing (the
 *       identity) in a cold one;</li>
 *   <li>{@code Combine(Σ c_i v_i)}: terms on the same value are merged and zero terms dropped; a lone {@code 1·v} is
 *       {@code v} itself (no node), nothing left is a {@link LoweredNode.Zero}, anything else a
 *       {@link LoweredNode.Combination} {@code stageS.vI} whose coefficients are {@link Affine} in its coefficient
 *       group's parameters; the group ({@link LoweredNode.CoefficientGroup} {@code stageS.vI.coefficients}, named
 *       after its first combination) comes right before that first combination.</li>
 * </ul>
 *
 * <p>Learnable coefficients that change no combination get no parameter ({@link CoefficientGroups}); the others'
 * initial values are drawn from their initialisers in wiring order with one generator per stage, split from the
 * seed. A step's rescaling (LM's {@code h / (1 + k)}) lowers to nothing: it only tells the ODE interpreter how much
 * time a step covers; the network computes the same states either way. No DL4J: a back end (framework/network)
 * emits the network from the result.
 *
 * @param shortcut the projection of every transition's entry state
 * @param decay    which learnable coefficients get L2 weight decay
 */
public record Lowering(ShortcutOption shortcut, CoefficientDecay decay) {

    /** Values before the transition (entry resolution and width) vs after it. */
    private enum Space { ENTRY, STAGE }

    public Lowering {
        if (shortcut == null || decay == null) {
            throw new IllegalArgumentException("lowering needs a shortcut option and a coefficient-decay policy");
        }
    }

    /**
     * Lowers every stage: stage 1 starts cold ({@code StageStart.Cold}) on {@code widths[0]} channels, every later
     * stage with a transition ({@code StageStart.Transition}) from the previous width.
     *
     * @param unitsPerStage residual units per stage, each >= 1
     * @param widths        channels per stage, one per stage
     * @param seed          seed of the initial learnable coefficients
     * @throws IllegalArgumentException if the scheme cannot wire a stage of the requested size, writes an invalid
     *                                  wiring ({@link InvalidWiringException}), or its wiring does not fit a network
     *                                  (the message names the stage and the rule)
     */
    public LoweredNetwork lower(Discretisation scheme, List<Integer> unitsPerStage, List<Integer> widths, long seed) {
        if (scheme == null || unitsPerStage == null || widths == null || unitsPerStage.isEmpty()
                || unitsPerStage.size() != widths.size()) {
            throw new IllegalArgumentException("lowering needs a scheme and one width per stage, got units "
                    + unitsPerStage + " and widths " + widths);
        }
        SplittableRandom coefficientSeeds = new SplittableRandom(seed);
        List<LoweredStage> stages = new ArrayList<>();
        String entry = LoweredNetwork.STEM;
        int width = widths.get(0);
        for (int s = 0; s < unitsPerStage.size(); s++) {
            int units = unitsPerStage.get(s);
            StageStart start = s == 0 ? new StageStart.Cold(units) : new StageStart.Transition(units);
            StageWiring wiring = wire(scheme, s + 1, start);
            if (!start.equals(wiring.start())) {
                throw new IllegalArgumentException("stage " + (s + 1) + ": " + scheme.description()
                        + " was asked for " + start + " but wired " + wiring.start());
            }
            int next = widths.get(s);
            LoweredStage stage = lowerStage(s + 1, entry, wiring, width, next, coefficientSeeds.split());
            stages.add(stage);
            entry = stage.output();
            width = next;
        }
        return new LoweredNetwork(scheme.description(), shortcut, stages);
    }

    /**
     * {@code scheme.wire(start)} for stage {@code stage} (1-based) of a network, with a failure named: an
     * {@link InvalidWiringException} (the IR's own checks) is a wiring the scheme got wrong ("stage 1: NAME wrote an
     * invalid wiring for Cold[units=2]: ..."), any other {@link IllegalArgumentException} a unit count it refuses
     * ("stage 1: NAME cannot wire 2 residual units (Cold[units=2]): ...").
     *
     * @throws IllegalArgumentException with that message, the scheme's exception as its cause
     */
    public static StageWiring wire(Discretisation scheme, int stage, StageStart start) {
        try {
            return scheme.wire(start);
        } catch (InvalidWiringException e) {
            throw new IllegalArgumentException("stage " + stage + ": " + scheme.description()
                    + " wrote an invalid wiring for " + start + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stage " + stage + ": " + scheme.description() + " cannot wire "
                    + start.units() + " residual units (" + start + "): " + e.getMessage(), e);
        }
    }

    /**
     * Lowers one stage wiring.
     *
     * @param index       1-based stage number; nodes are named {@code stage<index>.*}
     * @param entry       the value holding the stage input {@code y_0}
     * @param inChannels  width of the entry
     * @param outChannels width of the stage (equal to {@code inChannels} for a cold start)
     * @param random      draws the initial learnable coefficients, in wiring order
     */
    public LoweredStage lowerStage(int index, String entry, StageWiring wiring, int inChannels, int outChannels,
                                   RandomGenerator random) {
        String prefix = "stage" + index;
        boolean transition = wiring.start() instanceof StageStart.Transition;
        if (!transition && !(wiring.start() instanceof StageStart.Cold)) {
            throw new IllegalArgumentException(prefix + ": a network stage starts cold or with a transition, not "
                    + wiring.start() + " (warm starts exist only in the ODE interpreter)");
        }
        if (!transition && inChannels != outChannels) {
            throw new IllegalArgumentException(prefix + ": a cold stage keeps its width, got " + inChannels + " -> "
                    + outChannels);
        }
        UnitShape transitionShape = new UnitShape(inChannels, outChannels, 2);
        UnitShape regularShape = new UnitShape(outChannels, outChannels, 1);

        Map<String, Double> initial = new LinkedHashMap<>();
        List<Coefficient.Learnable> learnables = CoefficientGroups.combined(wiring);
        for (Coefficient.Learnable q : learnables) {
            initial.put(q.name(), q.initialiser().sample(random)); // drawn in wiring order
        }
        Map<String, String> groupOf = CoefficientGroups.groups(wiring);
        Map<String, LoweredNode.CoefficientGroup> groups = new HashMap<>();

        List<LoweredNode> lowered = new ArrayList<>();
        List<Node> nodes = wiring.nodes();
        String[] value = new String[nodes.size()];
        Space[] space = new Space[nodes.size()];
        String transitionUnit = null;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String where = prefix + ": v" + i + " = " + node;
            if (node instanceof Node.Input in) {
                if (in.role() != Node.Role.STATE || in.lag() != 0) {
                    throw new IllegalArgumentException(where + ": a network stage has only its entry state as input");
                }
                value[i] = entry;
                space[i] = transition ? Space.ENTRY : Space.STAGE;
            } else if (node instanceof Node.Evaluate e) {
                int a = e.argument().id();
                boolean strided = transition && e.unit() == 0;
                Space expected = strided ? Space.ENTRY : Space.STAGE;
                if (space[a] != expected) {
                    throw new IllegalArgumentException(where + ": unit " + e.unit() + " reads "
                            + (expected == Space.ENTRY ? "the stage entry" : "values after the transition")
                            + ", but v" + a + " is " + (space[a] == Space.ENTRY ? "the entry" : "after the transition"));
                }
                String name = prefix + ".unit" + e.unit();
                lowered.add(new LoweredNode.Unit(name, value[a], strided ? transitionShape : regularShape));
                if (strided) {
                    transitionUnit = name;
                }
                value[i] = name;
                space[i] = Space.STAGE;
            } else if (node instanceof Node.Shortcut s) {
                int a = s.argument().id();
                if (transition) {
                    String name = prefix + ".shortcut";
                    lowered.add(new LoweredNode.Shortcut(name, value[a], shortcut, transitionShape,
                            Optional.ofNullable(transitionUnit)));
                    value[i] = name;
                } else {
                    value[i] = value[a]; // no change of width or resolution: P is the identity
                }
                space[i] = Space.STAGE;
            } else if (node instanceof Node.Combine c) {
                Space sp = space[c.terms().get(0).value().id()];
                for (Term t : c.terms()) {
                    if (space[t.value().id()] != sp) {
                        throw new IllegalArgumentException(where + ": combines the stage entry with values after the "
                                + "transition, which differ in width and resolution");
                    }
                }
                String name = prefix + ".v" + i;
                List<String> used = CoefficientGroups.effective(c);
                LoweredNode.CoefficientGroup group = null;
                if (!used.isEmpty()) {
                    String key = groupOf.get(used.get(0));
                    group = groups.get(key);
                    if (group == null) {
                        group = group(prefix, name + ".coefficients", value[c.terms().get(0).value().id()],
                                learnables.stream().filter(q -> key.equals(groupOf.get(q.name()))).toList(), initial);
                        groups.put(key, group);
                        lowered.add(group);
                    }
                }
                value[i] = combine(name, c, value, group, lowered);
                space[i] = sp;
            } else {
                throw new IllegalArgumentException(where + ": unknown node kind");
            }
        }
        Value out = wiring.output();
        if (space[out.id()] != Space.STAGE) {
            throw new IllegalArgumentException(prefix + ": the stage output " + out + " is the untransformed entry");
        }
        return new LoweredStage(index, wiring, entry, inChannels, outChannels, lowered, value[out.id()]);
    }

    /** A coefficient group of {@code members} (wiring order), split by {@link #decay} into undecayed and decayed. */
    private LoweredNode.CoefficientGroup group(String prefix, String name, String anchor,
                                               List<Coefficient.Learnable> members, Map<String, Double> initial) {
        List<Parameter> undecayed = new ArrayList<>();
        List<Parameter> decayed = new ArrayList<>();
        for (Coefficient.Learnable q : members) {
            (decay.decays(q.weightDecay()) ? decayed : undecayed)
                    .add(new Parameter(prefix + "." + q.name(), q.name(), initial.get(q.name())));
        }
        return new LoweredNode.CoefficientGroup(name, anchor, undecayed, decayed);
    }

    /**
     * Lowers {@code Σ c_i v_i}: merges the terms on the same value, drops zero terms, and returns the value that holds
     * the result (a new node added to {@code lowered}, or {@code v} itself for {@code 1·v}).
     */
    private static String combine(String name, Node.Combine c, String[] value, LoweredNode.CoefficientGroup group,
                                  List<LoweredNode> lowered) {
        Map<String, Integer> column = new HashMap<>();
        if (group != null) {
            for (Parameter q : group.columns()) {
                column.put(q.localName(), column.size());
            }
        }
        int p = column.size();
        Map<String, Affine> byValue = new LinkedHashMap<>();
        for (Term t : c.terms()) {
            byValue.merge(value[t.value().id()], Affine.of(t.coefficient(), column, p), Affine::plus);
        }
        byValue.values().removeIf(a -> a.fixed() && a.constant() == 0.0);
        if (byValue.isEmpty()) {
            lowered.add(new LoweredNode.Zero(name, value[c.terms().get(0).value().id()]));
            return name;
        }
        boolean fixed = byValue.values().stream().allMatch(Affine::fixed);
        List<String> inputs = new ArrayList<>(byValue.keySet());
        if (fixed && inputs.size() == 1 && byValue.get(inputs.get(0)).constant() == 1.0) {
            return inputs.get(0); // 1·v: v itself
        }
        List<Affine> coefficients = new ArrayList<>();
        for (String in : inputs) {
            Affine a = byValue.get(in);
            coefficients.add(fixed ? new Affine(a.constant(), new double[0]) : a);
        }
        lowered.add(new LoweredNode.Combination(name, inputs, coefficients,
                fixed ? Optional.empty() : Optional.of(group.name())));
        return name;
    }
}
