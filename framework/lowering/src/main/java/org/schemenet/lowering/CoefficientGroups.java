package org.schemenet.lowering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;

/**
 * Which learnable coefficients of a stage wiring become network parameters, and how they are grouped.
 *
 * <ul>
 *   <li>A learnable coefficient is a parameter if it changes what some combination computes: after merging the
 *       combination's terms on the same value, its net weight is not zero ({@link #effective}). One that only
 *       rescales a step (the time a step covers) or cancels (e.g. {@code (1 - k) y + k y} when a first step has no
 *       earlier state) gets none.</li>
 *   <li>A coefficient group is a smallest set of parameters such that every combination's parameters lie in one
 *       set: parameters shared by two combinations join their sets ({@link #groups}, union-find). For Adams and LM
 *       a group is one step's coefficients.</li>
 * </ul>
 */
final class CoefficientGroups {

    private CoefficientGroups() {
    }

    /** The parameters of {@code wiring}, in wiring order (the order their initial values are drawn in). */
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

    /** Maps each parameter of {@code wiring} to its group's representative. */
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
}
