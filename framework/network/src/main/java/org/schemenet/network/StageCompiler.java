package org.schemenet.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * Compiles one stage wiring into graph vertices, node by node:
 *
 * <ul>
 *   <li>{@code Input(STATE, 0)}: the stage entry vertex (no vertex);</li>
 *   <li>{@code Evaluate(u, v)}: a fresh {@link ResidualUnit} {@code stageS.unitU} on {@code v}; in a transition
 *       stage unit 0 has stride 2 and maps the entry width to the stage width;</li>
 *   <li>{@code Shortcut(v)}: the {@link ShortcutProjection} {@code stageS.shortcut} (the identity in a cold stage);</li>
 *   <li>{@code Combine(Σ c_i v_i)}: a lone {@code 1·v} is the vertex of {@code v} itself (no cost); anything
 *       else is one {@link LinearCombinationVertex}, with constants only when the coefficients are fixed (it is
 *       less work than DL4J's built-in scale and add vertices: measured in docs/performance.md), reading the
 *       coefficient group's {@link CoefficientLayer} when some coefficient is learnable or derived. Terms on the
 *       same value are merged first and zero terms dropped (all-zero: a {@link ScaleVertex} by 0).</li>
 * </ul>
 *
 * <p>A step's rescaling (the LM scheme's {@code h / (1 + k)}) compiles to nothing: it only tells the ODE
 * interpreter how much time a step covers; the network computes the same states either way.
 */
final class StageCompiler {

    /** Suffix of the coefficient layer whose weights get L2 decay. */
    static final String DECAYED = ".coefficients.decayed";

    /** Values before the transition (entry resolution and width) vs after it. */
    private enum Space { ENTRY, STAGE }

    private final ResidualUnit unit;
    private final ShortcutProjection shortcut;
    private final CoefficientDecay decay;
    private final double l2;

    StageCompiler(ResidualUnit unit, ShortcutProjection shortcut, CoefficientDecay decay, double l2) {
        this.unit = unit;
        this.shortcut = shortcut;
        this.decay = decay;
        this.l2 = l2;
    }

    /**
     * Adds the stage's vertices to {@code graph}.
     *
     * @param index       1-based stage number; vertices are named {@code stage<index>.*}
     * @param entry       the vertex holding the stage input {@code y_0}
     * @param inChannels  width of the entry
     * @param outChannels width of the stage (equal to {@code inChannels} for a cold start)
     * @param random      draws the initial learnable coefficients, in wiring order
     */
    CompiledStage compile(ComputationGraphConfiguration.GraphBuilder graph, int index, String entry,
                          StageWiring wiring, int inChannels, int outChannels, RandomGenerator random) {
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

        // learnable coefficients: θ are the parameters of coefficient layers (so they train with the network's
        // updater, and L2 applies per layer). One such coefficient group per set of combinations that share
        // coefficients, created next to its first combination (see CoefficientGroup)
        Map<String, Double> initial = new LinkedHashMap<>();
        List<Coefficient.Learnable> learnables = combined(wiring);
        for (Coefficient.Learnable q : learnables) {
            initial.put(q.name(), q.initialiser().sample(random)); // drawn in wiring order
        }
        Map<String, String> groupOf = groups(wiring);
        Map<String, CoefficientGroup> groups = new HashMap<>();
        List<CompiledStage.Slot> slots = new ArrayList<>();

        List<Node> nodes = wiring.nodes();
        String[] vertex = new String[nodes.size()];
        Space[] space = new Space[nodes.size()];
        UnitVertices transitionUnit = null;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String where = prefix + ": v" + i + " = " + node;
            if (node instanceof Node.Input in) {
                if (in.role() != Node.Role.STATE || in.lag() != 0) {
                    throw new IllegalArgumentException(where + ": a network stage has only its entry state as input");
                }
                vertex[i] = entry;
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
                UnitVertices u = unit.add(graph, prefix + ".unit" + e.unit(), vertex[a],
                        strided ? transitionShape : regularShape);
                if (strided) {
                    transitionUnit = u;
                }
                vertex[i] = u.output();
                space[i] = Space.STAGE;
            } else if (node instanceof Node.Shortcut s) {
                int a = s.argument().id();
                if (transition) {
                    vertex[i] = shortcut.add(graph, prefix + ".shortcut", vertex[a], transitionUnit, transitionShape);
                } else {
                    vertex[i] = vertex[a]; // no change of width or resolution: P is the identity
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
                List<String> used = effective(c);
                CoefficientGroup group = null;
                if (!used.isEmpty()) {
                    String key = groupOf.get(used.get(0));
                    group = groups.get(key);
                    if (group == null) {
                        List<Coefficient.Learnable> members = new ArrayList<>();
                        for (Coefficient.Learnable q : learnables) {
                            if (key.equals(groupOf.get(q.name()))) {
                                members.add(q);
                            }
                        }
                        group = addGroup(graph, prefix, prefix + ".v" + i, vertex[c.terms().get(0).value().id()],
                                members, initial, slots);
                        groups.put(key, group);
                    }
                }
                vertex[i] = combine(graph, prefix + ".v" + i, c, vertex,
                        group == null ? Map.of() : group.column(), group == null ? 0 : group.column().size(),
                        group == null ? null : group.output());
                space[i] = sp;
            } else {
                throw new IllegalArgumentException(where + ": unknown node kind");
            }
        }
        Value out = wiring.output();
        if (space[out.id()] != Space.STAGE) {
            throw new IllegalArgumentException(prefix + ": the stage output " + out + " is the untransformed entry");
        }
        return new CompiledStage(index, wiring, vertex[out.id()], slots);
    }

    /**
     * The learnable coefficients that change what some combination computes, in wiring order: after merging
     * the terms on the same value, a coefficient with non-zero net weight. One that only rescales a step (the
     * time a step covers), or cancels (e.g. {@code (1 - k) y + k y} when a first step has no earlier state),
     * does not change what the network computes, so it gets no parameter.
     */
    static List<Coefficient.Learnable> combined(StageWiring wiring) {
        Map<String, Coefficient.Learnable> found = new LinkedHashMap<>();
        Map<String, Coefficient.Learnable> byName = new HashMap<>();
        for (Node n : wiring.nodes()) {
            if (n instanceof Node.Combine c) {
                for (Term t : c.terms()) {
                    for (Coefficient.Learnable q : t.coefficient().parameters()) {
                        byName.put(q.name(), q);
                    }
                }
                for (String name : effective(c)) {
                    found.putIfAbsent(name, byName.get(name));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The learnable coefficients with non-zero net weight in one combination (after merging the terms on the same
     * value), in first-use order.
     */
    static List<String> effective(Node.Combine c) {
        Map<Integer, Map<String, Double>> net = new LinkedHashMap<>();
        for (Term t : c.terms()) {
            Map<String, Double> w = net.computeIfAbsent(t.value().id(), k -> new LinkedHashMap<>());
            Coefficient k = t.coefficient();
            if (k instanceof Coefficient.Learnable l) {
                w.merge(l.name(), 1.0, Double::sum);
            } else if (k instanceof Coefficient.Derived d) {
                for (Coefficient.Weighted q : d.terms()) {
                    w.merge(q.parameter().name(), q.weight(), Double::sum);
                }
            }
        }
        List<String> used = new ArrayList<>();
        for (Term t : c.terms()) {
            for (Coefficient.Learnable q : t.coefficient().parameters()) {
                boolean nonZero = net.values().stream().anyMatch(w -> w.getOrDefault(q.name(), 0.0) != 0.0);
                if (nonZero && !used.contains(q.name())) {
                    used.add(q.name());
                }
            }
        }
        return used;
    }

    /**
     * Coefficient groups: the smallest sets of learnable coefficients such that every combination's coefficients
     * lie in one set (coefficients shared by two combinations join their sets). Maps each coefficient to its
     * group's representative.
     */
    static Map<String, String> groups(StageWiring wiring) {
        Map<String, String> parent = new HashMap<>();
        for (Node n : wiring.nodes()) {
            if (n instanceof Node.Combine c) {
                List<String> used = effective(c);
                for (String name : used) {
                    parent.putIfAbsent(name, name);
                }
                for (int k = 1; k < used.size(); k++) {
                    String a = root(parent, used.get(0));
                    String b = root(parent, used.get(k));
                    if (!a.equals(b)) {
                        parent.put(b, a);
                    }
                }
            }
        }
        Map<String, String> group = new HashMap<>();
        for (String name : parent.keySet()) {
            group.put(name, root(parent, name));
        }
        return group;
    }

    private static String root(Map<String, String> parent, String name) {
        String r = name;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }

    /**
     * Where one coefficient group lives: {@code output} is the vertex holding {@code Θ = θ} (its columns are
     * the group's coefficients, undecayed first), {@code column} maps a stage-local coefficient name to its column.
     */
    private record CoefficientGroup(String output, Map<String, Integer> column) {
    }

    /**
     * Adds a coefficient group's vertices, named {@code <name>.coefficients*} after the first combination that
     * uses it: one {@link CoefficientLayer} for the undecayed coefficients and one for the decayed ones (L2 is a
     * layer's setting), merged if both exist. Each reads that combination's first input (the anchor) only for its
     * place in the graph.
     *
     * <p>Why next to the combination and not once per stage: DL4J keeps a vertex's gradient workspace open until
     * every input of that vertex has run its backward pass. A coefficient layer read from the network input
     * sorts first, so it runs its backward pass last, and every combination reading it would hold its
     * activation-sized gradients until the end of backpropagation (measured: 4.2 GB instead of 3.3 GB at depth
     * 56 for Adams k=3). Anchored on the combination's own input, the group's layer sorts right before the
     * combination; the price is a rank-0 zero gradient added to that input's.
     */
    private CoefficientGroup addGroup(ComputationGraphConfiguration.GraphBuilder graph, String prefix, String name,
                                      String anchorVertex, List<Coefficient.Learnable> members,
                                      Map<String, Double> initial, List<CompiledStage.Slot> slots) {
        List<Coefficient.Learnable> undecayed = new ArrayList<>();
        List<Coefficient.Learnable> decayed = new ArrayList<>();
        for (Coefficient.Learnable q : members) {
            (decay.decays(q.weightDecay()) ? decayed : undecayed).add(q);
        }
        Map<String, Integer> column = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        addCoefficientLayer(graph, prefix, name + ".coefficients", anchorVertex, undecayed, 0.0, initial, slots,
                column, parts);
        addCoefficientLayer(graph, prefix, name + DECAYED, anchorVertex, decayed, l2, initial, slots, column, parts);
        String output = parts.get(0);
        if (parts.size() > 1) {
            output = name + ".coefficients.all";
            graph.addVertex(output, new MergeVertex(), parts.toArray(String[]::new));
        }
        return new CoefficientGroup(output, column);
    }

    /**
     * Adds the {@link CoefficientLayer} {@code layer} for {@code coefficients} (nothing if there are none), its
     * slots, and its columns of {@code Θ} after those already in {@code column}.
     */
    private static void addCoefficientLayer(ComputationGraphConfiguration.GraphBuilder graph, String prefix,
                                            String layer, String anchorVertex,
                                            List<Coefficient.Learnable> coefficients, double l2,
                                            Map<String, Double> initial, List<CompiledStage.Slot> slots,
                                            Map<String, Integer> column, List<String> parts) {
        if (coefficients.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < coefficients.size(); j++) {
            Coefficient.Learnable q = coefficients.get(j);
            slots.add(new CompiledStage.Slot(prefix + "." + q.name(), q.name(), layer, j, initial.get(q.name())));
            column.put(q.name(), column.size());
            names.add(prefix + "." + q.name());
        }
        graph.addLayer(layer, CoefficientLayer.of(names, l2), anchorVertex);
        parts.add(layer);
    }

    /** {@code c = constant + Σ_j weights[j] θ_j}. */
    private record Affine(double constant, double[] weights) {
        boolean fixed() {
            for (double w : weights) {
                if (w != 0.0) {
                    return false;
                }
            }
            return true;
        }

        Affine plus(Affine o) {
            double[] w = weights.clone();
            for (int j = 0; j < w.length; j++) {
                w[j] += o.weights[j];
            }
            return new Affine(constant + o.constant, w);
        }
    }

    private static Affine affine(Coefficient c, Map<String, Integer> column, int p) {
        double[] w = new double[p];
        if (c instanceof Coefficient.Fixed f) {
            return new Affine(f.value(), w);
        } else if (c instanceof Coefficient.Learnable l) {
            // a learnable without a column has net weight 0 in every combination (see combined())
            if (column.containsKey(l.name())) {
                w[column.get(l.name())] = 1.0;
            }
            return new Affine(0.0, w);
        } else if (c instanceof Coefficient.Derived d) {
            for (Coefficient.Weighted t : d.terms()) {
                if (column.containsKey(t.parameter().name())) {
                    w[column.get(t.parameter().name())] += t.weight();
                }
            }
            return new Affine(d.constant(), w);
        }
        throw new IllegalArgumentException("unknown coefficient kind " + c);
    }

    private static String combine(ComputationGraphConfiguration.GraphBuilder graph, String name, Node.Combine c,
                                  String[] vertex, Map<String, Integer> column, int p, String coefficients) {
        Map<String, Affine> byVertex = new LinkedHashMap<>();
        for (Term t : c.terms()) {
            byVertex.merge(vertex[t.value().id()], affine(t.coefficient(), column, p), Affine::plus);
        }
        byVertex.values().removeIf(a -> a.fixed() && a.constant() == 0.0);
        if (byVertex.isEmpty()) {
            graph.addVertex(name, new ScaleVertex(0.0), vertex[c.terms().get(0).value().id()]);
            return name;
        }
        boolean fixed = byVertex.values().stream().allMatch(Affine::fixed);
        List<String> inputs = new ArrayList<>(byVertex.keySet());
        if (fixed && inputs.size() == 1 && byVertex.get(inputs.get(0)).constant() == 1.0) {
            return inputs.get(0); // 1·v: the vertex of v itself
        }
        double[] constants = new double[inputs.size()];
        double[][] weights = new double[inputs.size()][];
        for (int k = 0; k < inputs.size(); k++) {
            Affine a = byVertex.get(inputs.get(k));
            constants[k] = a.constant();
            weights[k] = fixed ? new double[0] : a.weights();
        }
        List<String> all = new ArrayList<>(inputs);
        if (!fixed) {
            all.add(coefficients);
        }
        graph.addVertex(name, new LinearCombinationVertex(constants, weights), all.toArray(String[]::new));
        return name;
    }
}
