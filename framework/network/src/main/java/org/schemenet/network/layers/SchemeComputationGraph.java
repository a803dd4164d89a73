package org.schemenet.network.layers;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.common.primitives.Triple;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link ComputationGraph} whose backward pass hands the gradient {@code dL/dy} of a
 * {@link LinearCombinationVertex} {@code y = Σ_i c_i x_i} to its inputs itself instead of through the vertex's
 * {@code doBackward}: each input {@code x_i} receives {@code c_i dL/dy}, added into the gradient it already has
 * ({@code g_i ← g_i + c_i dL/dy}, one {@code axpy}) or, when it has none yet, {@code dL/dy} itself for
 * {@code c_i = 1} (no pass at all) or a scaled copy; the learnable coefficients' gradient {@code dc_i = <dL/dy, x_i>}
 * is the vertex's ({@code LinearCombinationVertexImpl.thetaGradient}). DL4J's own backward pass makes one new array
 * per input and then adds it into the gradient already there (one copy and one addition per term), because it
 * requires every array a vertex returns to live in that vertex's own gradient workspace, which it closes as soon as
 * the vertex's inputs have run backward (docs/performance.md, "Why the rest is DL4J's graph").
 *
 * <p>Every other vertex runs its own {@code doBackward} as in DL4J, and the gradients of a value read by several
 * vertices are summed as there. What changes is who may hold an array: a gradient array handed on unchanged is
 * shared, never written in place (the first sum into a shared array writes a new one), and the workspace an array
 * lives in is closed when the last vertex holding one of its arrays has run backward (DL4J: when the vertex that
 * made it has had all its inputs run backward). Everything else (forward pass, output layer, updater, parameters,
 * serialisation, {@code clone()} to a plain graph) is DL4J's; truncated BPTT, external errors, frozen layers and
 * training without workspaces take DL4J's own backward pass.
 */
public final class SchemeComputationGraph extends ComputationGraph {

    /**
     * The activation-gradient workspaces' names: DL4J's own pool ({@code ComputationGraph} names it
     * {@code "WS_LAYER_ACT_" + index} and uses it for its backward pass and for inference), so that inference reuses
     * the workspaces training sized instead of growing a second pool beside them.
     */
    private static final String WS_GRADIENTS = "WS_LAYER_ACT_";

    /** The labels as last set (DL4J's field is private to {@link ComputationGraph}). */
    private transient INDArray[] labelArrays;
    private transient Boolean ownBackward;

    public SchemeComputationGraph(ComputationGraphConfiguration configuration) {
        super(configuration);
    }

    /**
     * The same network as {@code graph} (configuration, parameters, updater state, iteration and epoch counts) with
     * this class's backward pass: for a graph restored from a file with DL4J's {@code ModelSerializer}, which
     * restores a plain {@code ComputationGraph} (it trains to the same gradients up to rounding, with DL4J's own
     * backward pass).
     */
    public static SchemeComputationGraph of(ComputationGraph graph) {
        SchemeComputationGraph g = new SchemeComputationGraph(graph.getConfiguration().clone());
        g.init(graph.params().dup(), false);
        g.getConfiguration().setIterationCount(graph.getIterationCount());
        g.getConfiguration().setEpochCount(graph.getEpochCount());
        INDArray state = graph.getUpdater(false) == null ? null : graph.getUpdater(false).getStateViewArray();
        if (state != null) {
            g.getUpdater().setStateViewArray(state.dup());
        }
        g.setListeners(graph.getListeners());
        return g;
    }

    @Override
    public void setLabels(INDArray... labels) {
        super.setLabels(labels);
        labelArrays = labels == null ? null : labels.clone();
    }

    @Override
    public void setLabel(int labelNum, INDArray label) {
        super.setLabel(labelNum, label);
        int n = getConfiguration().getNetworkOutputs().size();
        if (labelArrays == null || labelArrays.length != n) {
            labelArrays = new INDArray[n];
        }
        labelArrays[labelNum] = label;
    }

    /** Whether this graph's backward pass can be the one below: no frozen layers, workspaces on. */
    private boolean ownBackward() {
        if (ownBackward == null) {
            boolean ok = configuration.getTrainingWorkspaceMode() != WorkspaceMode.NONE
                    && configuration.getInferenceWorkspaceMode() != WorkspaceMode.NONE
                    && configuration.getBackpropType() != BackpropType.TruncatedBPTT;
            for (GraphVertex v : vertices) {
                ok &= !(v instanceof FrozenVertex) && !(v.hasLayer() && v.getLayer() instanceof FrozenLayer);
            }
            ownBackward = ok;
        }
        return ownBackward;
    }

    /** One activation-gradient workspace of the pool, and how many vertices hold an array of it as their gradient. */
    private static final class GradientWorkspace {
        final LayerWorkspaceMgr manager;
        MemoryWorkspace open;
        int holders;

        GradientWorkspace(LayerWorkspaceMgr manager) {
            this.manager = manager;
        }
    }

    /** A vertex's gradient so far, the workspace it lives in, and whether this vertex alone holds it. */
    private static final class Held {
        INDArray array;
        GradientWorkspace workspace;
        boolean own;
    }

    @Override
    protected void calcBackpropGradients(boolean clearLayers, boolean truncatedBPTT, INDArray... externalEpsilons) {
        if (truncatedBPTT || (externalEpsilons != null && externalEpsilons.length > 0) || !ownBackward()) {
            super.calcBackpropGradients(clearLayers, truncatedBPTT, externalEpsilons);
            return;
        }
        if (flattenedGradients == null) {
            initGradientsView();
        }
        List<GradientWorkspace> all = new ArrayList<>();
        List<GradientWorkspace> free = new ArrayList<>();
        Held[] held = new Held[vertices.length];
        LinkedList<Triple<String, INDArray, Character>> gradients = new LinkedList<>();
        MemoryWorkspace initial = Nd4j.getMemoryManager().getCurrentWorkspace();
        Throwable failure = null;
        try {
            for (int i = topologicalOrder.length - 1; i >= 0; i--) {
                GraphVertex current = vertices[topologicalOrder[i]];
                int index = current.getVertexIndex();
                if (current.isInputVertex()) {
                    release(held, index, free);
                    continue;
                }
                GradientWorkspace ws = free.isEmpty() ? newWorkspace(all) : free.remove(free.size() - 1);
                ws.manager.setHelperWorkspacePointers(helperWorkspaces);
                ws.open = ws.manager.notifyScopeEntered(ArrayType.ACTIVATION_GRAD);
                ws.open.setPreviousWorkspace(initial);
                ws.holders = 1; // this vertex, until its backward pass is done

                if (current.isOutputVertex()) {
                    int output = configuration.getNetworkOutputs().indexOf(current.getVertexName());
                    Layer layer = current.getLayer();
                    if (!(layer instanceof IOutputLayer out) || labelArrays == null) {
                        throw new IllegalStateException("output vertex " + current.getVertexName()
                                + " is not an output layer with labels");
                    }
                    out.setLabels(labelArrays[output]);
                } else {
                    Held mine = held[index];
                    if (mine == null) {
                        throw new IllegalStateException("no gradient reached vertex " + current.getVertexName());
                    }
                    current.setEpsilon(mine.array);
                }

                VertexIndices[] inputs = current.getInputVertices();
                if (current instanceof LinearCombinationVertexImpl combination) {
                    distribute(combination, inputs, held, ws, free);
                } else {
                    Pair<Gradient, INDArray[]> pair;
                    try (MemoryWorkspace working = ws.manager.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                        pair = current.doBackward(false, ws.manager);
                    }
                    INDArray[] epsilons = pair.getSecond();
                    for (int j = 0; j < inputs.length; j++) {
                        for (int k = 0; k < j; k++) {
                            if (epsilons[k] == epsilons[j] && epsilons[j] != null) { // one array for two inputs
                                try (MemoryWorkspace scope = ws.manager.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                                    epsilons[j] = epsilons[j].dup();
                                }
                            }
                        }
                        add(held, inputs[j].getVertexIndex(), epsilons[j], ws, free);
                    }
                    collect(current, pair.getFirst(), gradients);
                }
                release(held, index, free);
                done(ws, free);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            for (GradientWorkspace ws : all) {
                if (ws.open != null) {
                    try {
                        ws.open.close();
                    } catch (Throwable t) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                    ws.open = null;
                }
            }
            Nd4j.getMemoryManager().setCurrentWorkspace(initial);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new RuntimeException("backpropagation failed", failure);
        }
        Gradient gradient = new DefaultGradient(flattenedGradients);
        for (Triple<String, INDArray, Character> t : gradients) {
            gradient.setGradientFor(t.getFirst(), t.getSecond(), t.getThird());
        }
        this.gradient = gradient;
        if (clearLayers) {
            for (GraphVertex v : vertices) {
                v.clear();
            }
        }
    }

    /**
     * The combination's backward pass: {@code g_i ← g_i + c_i dL/dy} for every term, and {@code dL/dΘ} for the
     * coefficient input when the coefficients are learnable.
     */
    private void distribute(LinearCombinationVertexImpl combination, VertexIndices[] inputs, Held[] held,
                            GradientWorkspace ws, List<GradientWorkspace> free) {
        Held dy = held[combination.getVertexIndex()];
        INDArray thetaGradient;
        try (MemoryWorkspace working = ws.manager.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            thetaGradient = combination.thetaGradient(ws.manager);
        }
        double[] c = combination.currentCoefficients();
        int m = combination.terms();
        Held sharedTo = null;
        int shares = 0;
        for (int j = 0; j < m; j++) {
            int target = inputs[j].getVertexIndex();
            Held h = held[target];
            if (h == null) {
                if (c[j] == 1.0) {
                    held[target] = sharedTo = share(dy);
                    shares++;
                } else {
                    held[target] = owned(scaled(dy.array, c[j], ws), ws);
                }
            } else if (h.own) {
                Nd4j.getExecutioner().exec(new Axpy(dy.array, h.array, h.array, c[j]));
            } else {
                INDArray sum;
                try (MemoryWorkspace scope = ws.manager.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                    sum = h.array.ulike();
                }
                Nd4j.getExecutioner().exec(new Axpy(dy.array, h.array, sum, c[j]));
                replace(h, sum, ws, free);
            }
        }
        if (dy.own && shares == 1 && sharedTo.array == dy.array && !sharedTo.own) {
            sharedTo.own = true; // the combination, its only other holder, is done with dL/dy
        }
        if (thetaGradient != null) {
            add(held, inputs[m].getVertexIndex(), thetaGradient, ws, free);
        }
    }

    private static INDArray scaled(INDArray dy, double c, GradientWorkspace ws) {
        try (MemoryWorkspace scope = ws.manager.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return dy.mul(c);
        }
    }

    /**
     * Adds {@code epsilon}, made by the vertex now running backward in {@code ws}, to the gradient of vertex
     * {@code target}. A zero scalar (a coefficient layer's gradient for the activation it reads only for its place)
     * adds nothing.
     */
    private static void add(Held[] held, int target, INDArray epsilon, GradientWorkspace ws,
                            List<GradientWorkspace> free) {
        if (epsilon == null || epsilon.rank() == 0 && epsilon.getDouble(0) == 0.0) {
            return;
        }
        if (!epsilon.isAttached()
                || epsilon.data().getParentWorkspace() != ws.open) {
            try (MemoryWorkspace scope = ws.manager.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                epsilon = epsilon.dup();
            }
        }
        Held h = held[target];
        if (h == null) {
            held[target] = owned(epsilon, ws);
        } else if (h.own) {
            h.array.addi(epsilon);
        } else {
            epsilon.addi(h.array);
            replace(h, epsilon, ws, free);
        }
    }

    private static Held share(Held of) {
        Held h = new Held();
        h.array = of.array;
        h.workspace = of.workspace;
        h.own = false;
        h.workspace.holders++;
        return h;
    }

    private static Held owned(INDArray array, GradientWorkspace ws) {
        Held h = new Held();
        h.array = array;
        h.workspace = ws;
        h.own = true;
        ws.holders++;
        return h;
    }

    /** {@code h} now holds its own {@code array} in {@code ws} instead of a shared one. */
    private static void replace(Held h, INDArray array, GradientWorkspace ws, List<GradientWorkspace> free) {
        GradientWorkspace before = h.workspace;
        h.array = array;
        h.workspace = ws;
        h.own = true;
        ws.holders++;
        done(before, free);
    }

    /** Vertex {@code index} has run backward: it no longer holds its gradient. */
    private static void release(Held[] held, int index, List<GradientWorkspace> free) {
        Held h = held[index];
        if (h != null) {
            held[index] = null;
            done(h.workspace, free);
        }
    }

    /** One holder fewer of {@code ws}'s arrays; with none left the workspace closes and goes back to the pool. */
    private static void done(GradientWorkspace ws, List<GradientWorkspace> free) {
        if (--ws.holders == 0) {
            ws.open.close();
            ws.open = null;
            free.add(ws);
        }
    }

    private GradientWorkspace newWorkspace(List<GradientWorkspace> all) {
        String name = WS_GRADIENTS + all.size();
        GradientWorkspace ws = new GradientWorkspace(LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
                .with(ArrayType.ACTIVATION_GRAD, name, WS_LAYER_ACT_X_CONFIG)
                .with(ArrayType.ACTIVATIONS, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
                .with(ArrayType.FF_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
                .with(ArrayType.BP_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
                .build());
        all.add(ws);
        return ws;
    }

    /** The vertex's parameter gradients, named and ordered as DL4J's backward pass names them. */
    private static void collect(GraphVertex vertex, Gradient g, LinkedList<Triple<String, INDArray, Character>> out) {
        if (g == null) {
            return;
        }
        LinkedList<Triple<String, INDArray, Character>> mine = new LinkedList<>();
        for (Map.Entry<String, INDArray> e : g.gradientForVariable().entrySet()) {
            mine.addFirst(new Triple<>(vertex.getVertexName() + "_" + e.getKey(), e.getValue(),
                    g.flatteningOrderForVariable(e.getKey())));
        }
        for (Triple<String, INDArray, Character> t : mine) {
            out.addFirst(t);
        }
    }
}
