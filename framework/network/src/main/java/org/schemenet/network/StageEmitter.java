package org.schemenet.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.schemenet.lowering.Affine;
import org.schemenet.lowering.LoweredNode;
import org.schemenet.lowering.LoweredStage;
import org.schemenet.lowering.Parameter;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.network.layers.LinearCombinationVertex;

/**
 * Emits one lowered stage into DL4J graph vertices, node by node, in the lowered order:
 *
 * <ul>
 *   <li>{@code Unit}: the {@link ResidualUnit} {@code stageS.unitU.*};</li>
 *   <li>{@code Shortcut}: the {@link ShortcutProjection} {@code stageS.shortcut*};</li>
 *   <li>{@code CoefficientGroup} {@code stageS.vI.coefficients}: one {@link CoefficientLayer} of that name for the
 *       undecayed coefficients and one {@code stageS.vI.coefficients.decayed} for the decayed ones (L2 is a layer's
 *       setting), merged by a {@code MergeVertex} {@code stageS.vI.coefficients.all} if both exist; each reads the
 *       group's anchor only for its place in the graph (DL4J keeps a vertex's gradient workspace open until every
 *       reader has run backward: next to its combination the group costs a rank-0 zero gradient, read from the
 *       network input it kept every combination's gradients alive to the end of backpropagation, 4.2 instead of
 *       3.3 GB at depth 56 for Adams k=3);</li>
 *   <li>{@code Combination}: one {@link LinearCombinationVertex} {@code stageS.vI} with the coefficients'
 *       constants and weights, reading its group's {@code Θ} last when some coefficient is learnable (less work than
 *       DL4J's built-in scale and add vertices also for constants only: docs/performance.md);</li>
 *   <li>{@code Zero}: a {@link ScaleVertex} by 0.</li>
 * </ul>
 */
final class StageEmitter {

    /** Suffix of a group's layer whose coefficients get L2 decay. */
    static final String DECAYED = ".decayed";
    /** Suffix of the vertex merging a group's undecayed and decayed {@code Θ}. */
    static final String MERGED = ".all";

    private final ResidualUnit unit;
    private final ShortcutProjection shortcut;
    private final double l2;

    /**
     * @param l2 L2 weight decay of the decayed coefficients
     */
    StageEmitter(ResidualUnit unit, ShortcutProjection shortcut, double l2) {
        this.unit = unit;
        this.shortcut = shortcut;
        this.l2 = l2;
    }

    /**
     * Adds the stage's vertices to {@code graph}.
     *
     * @param entryVertex the vertex holding the stage input (the lowered stage's entry)
     */
    CompiledStage emit(ComputationGraphConfiguration.GraphBuilder graph, LoweredStage stage, String entryVertex) {
        Map<String, String> vertex = new HashMap<>();
        vertex.put(stage.entry(), entryVertex);
        Map<String, UnitVertices> units = new HashMap<>();
        List<CompiledStage.Slot> slots = new ArrayList<>();
        for (LoweredNode node : stage.nodes()) {
            String out;
            if (node instanceof LoweredNode.Unit u) {
                UnitVertices v = unit.add(graph, u.name(), vertex.get(u.input()), u.shape());
                units.put(u.name(), v);
                out = v.output();
            } else if (node instanceof LoweredNode.Shortcut s) {
                out = shortcut.add(graph, s, vertex.get(s.input()), s.transitionUnit().map(units::get).orElse(null));
            } else if (node instanceof LoweredNode.CoefficientGroup g) {
                out = group(graph, g, vertex.get(g.anchor()), slots);
            } else if (node instanceof LoweredNode.Combination c) {
                out = combination(graph, c, vertex);
            } else if (node instanceof LoweredNode.Zero z) {
                graph.addVertex(z.name(), new ScaleVertex(0.0), vertex.get(z.input()));
                out = z.name();
            } else {
                throw new IllegalArgumentException("unknown lowered node " + node);
            }
            vertex.put(node.name(), out);
        }
        return new CompiledStage(stage.index(), stage.wiring(), vertex.get(stage.output()), slots);
    }

    /** The group's coefficient layers (and their merge); returns the vertex computing its {@code Θ}. */
    private String group(ComputationGraphConfiguration.GraphBuilder graph, LoweredNode.CoefficientGroup g,
                         String anchor, List<CompiledStage.Slot> slots) {
        List<String> parts = new ArrayList<>();
        coefficientLayer(graph, g.name(), anchor, g.undecayed(), 0.0, slots, parts);
        coefficientLayer(graph, g.name() + DECAYED, anchor, g.decayed(), l2, slots, parts);
        if (parts.size() == 1) {
            return parts.get(0);
        }
        graph.addVertex(g.name() + MERGED, new MergeVertex(), parts.toArray(String[]::new));
        return g.name() + MERGED;
    }

    /** The {@link CoefficientLayer} {@code layer} of {@code coefficients} (nothing if there are none), its slots. */
    private static void coefficientLayer(ComputationGraphConfiguration.GraphBuilder graph, String layer, String anchor,
                                         List<Parameter> coefficients, double l2, List<CompiledStage.Slot> slots,
                                         List<String> parts) {
        if (coefficients.isEmpty()) {
            return;
        }
        for (int j = 0; j < coefficients.size(); j++) {
            Parameter q = coefficients.get(j);
            slots.add(new CompiledStage.Slot(q.name(), q.localName(), layer, j, q.initial()));
        }
        graph.addLayer(layer, CoefficientLayer.of(coefficients.stream().map(Parameter::name).toList(), l2), anchor);
        parts.add(layer);
    }

    private static String combination(ComputationGraphConfiguration.GraphBuilder graph, LoweredNode.Combination c,
                                      Map<String, String> vertex) {
        int m = c.inputs().size();
        double[] constants = new double[m];
        double[][] weights = new double[m][];
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Affine a = c.coefficients().get(i);
            constants[i] = a.constant();
            weights[i] = a.weights();
            inputs.add(vertex.get(c.inputs().get(i)));
        }
        c.group().ifPresent(g -> inputs.add(vertex.get(g)));
        graph.addVertex(c.name(), new LinearCombinationVertex(constants, weights), inputs.toArray(String[]::new));
        return c.name();
    }
}
