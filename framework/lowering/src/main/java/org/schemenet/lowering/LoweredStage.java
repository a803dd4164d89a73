package org.schemenet.lowering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * One stage of a scheme's wiring, lowered: the nodes a back end emits, in order (each reads only the stage's entry
 * and earlier nodes), and the node that holds the stage output.
 *
 * @param index       1-based stage number; nodes are named {@code stage<index>.*}
 * @param wiring      the wiring the scheme emitted for this stage
 * @param entry       the value the stage starts from ({@link LoweredNetwork#STEM} or the previous stage's output)
 * @param inChannels  width of the entry
 * @param outChannels width of the stage
 * @param nodes       units, shortcuts, coefficient groups and combinations, in emission order
 * @param output      the node computing the stage output (the last step's state)
 */
public record LoweredStage(int index, StageWiring wiring, String entry, int inChannels, int outChannels,
                           List<LoweredNode> nodes, String output) {

    public LoweredStage {
        if (index < 1 || wiring == null || entry == null || nodes == null || output == null) {
            throw new IllegalArgumentException("a lowered stage needs an index >= 1, its wiring, entry, nodes and "
                    + "output");
        }
        nodes = List.copyOf(nodes);
        Set<String> known = new HashSet<>(Set.of(entry));
        for (LoweredNode n : nodes) {
            for (String in : n.inputs()) {
                if (!known.contains(in)) {
                    throw new IllegalArgumentException("stage" + index + ": " + n.name() + " reads " + in
                            + ", which is neither the entry nor an earlier node");
                }
            }
            if (!known.add(n.name())) {
                throw new IllegalArgumentException("stage" + index + ": two values named " + n.name());
            }
        }
        if (!known.contains(output) || output.equals(entry)) {
            throw new IllegalArgumentException("stage" + index + ": the output " + output + " is not a node of the "
                    + "stage");
        }
    }

    /** Whether the stage starts with a transition (unit 0 strided, a shortcut). */
    public boolean transition() {
        return wiring.start() instanceof StageStart.Transition;
    }

    /**
     * The stage's learnable coefficients by coefficient group, in the order of the groups' first combination,
     * each group's undecayed coefficients first ({@link LoweredNode.CoefficientGroup#columns()}).
     */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (LoweredNode n : nodes) {
            if (n instanceof LoweredNode.CoefficientGroup g) {
                all.addAll(g.columns());
            }
        }
        return List.copyOf(all);
    }

    /** One node a line, e.g. {@code stage1.v2 = (1.0)*stem + (1.0)*stage1.unit0}. */
    public String listing() {
        StringBuilder s = new StringBuilder();
        for (LoweredNode n : nodes) {
            s.append(n).append('\n');
        }
        return s.append("output ").append(output).append('\n').toString();
    }
}
