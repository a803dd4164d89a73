package org.schemenet.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.schemenet.lowering.LoweredNode;
import org.schemenet.lowering.LoweredStage;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.scheme.Count;

/**
 * A compiled scheme network: the DL4J graph, ready to {@code fit}, and what the compiler knows about it.
 *
 * <p>Learnable coefficients are named network-wide by prefixing the stage to the wiring's name
 * ({@code stage2.unit3.beta0}) and read from the graph's current parameters, so their values follow training.
 */
public final class CompiledNetwork {

    private final ComputationGraph graph;
    private final NetworkSpec spec;
    private final String scheme;
    private final List<CompiledStage> stages;
    private final List<LoweredStage> lowered;
    private final Map<String, CompiledStage.Slot> locators = new LinkedHashMap<>();

    /**
     * @param stages  where each stage's wiring ended up in the graph
     * @param lowered the stages as lowered (the back end's input: the same on every back end)
     */
    CompiledNetwork(ComputationGraph graph, NetworkSpec spec, String scheme, List<CompiledStage> stages,
                    List<LoweredStage> lowered) {
        this.graph = graph;
        this.spec = spec;
        this.scheme = scheme;
        this.stages = List.copyOf(stages);
        this.lowered = List.copyOf(lowered);
        for (CompiledStage s : this.stages) {
            for (CompiledStage.Slot slot : s.coefficients()) {
                locators.put(slot.name(), slot);
            }
        }
    }

    /** The DL4J network (initialised). */
    public ComputationGraph graph() {
        return graph;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** The scheme's description, e.g. {@code forward Euler}. */
    public String scheme() {
        return scheme;
    }

    public List<CompiledStage> stages() {
        return stages;
    }

    public List<Integer> unitsPerStage() {
        return stages.stream().map(CompiledStage::units).toList();
    }

    public List<Integer> stepsPerStage() {
        return stages.stream().map(CompiledStage::steps).toList();
    }

    /** Names of every learnable coefficient, stage by stage in wiring order, e.g. {@code stage2.unit3.beta0}. */
    public List<String> coefficientNames() {
        return List.copyOf(locators.keySet());
    }

    /** The current value of one learnable coefficient. */
    public double coefficient(String name) {
        CompiledStage.Slot l = locators.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no learnable coefficient '" + name + "'"
                    + (locators.isEmpty() ? "; this network has none" : "; e.g. " + locators.keySet().iterator().next()));
        }
        return graph.getLayer(l.layer()).getParam(CoefficientLayer.PARAMETER).getDouble(0, l.column());
    }

    /** The current value of every learnable coefficient, by name, in {@link #coefficientNames()} order. */
    public Map<String, Double> coefficients() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : locators.keySet()) {
            values.put(name, coefficient(name));
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * The trainable parameters, counted as PyTorch counts them: every weight, bias, BN gamma and beta and
     * learnable coefficient, but not BN's running mean and variance (DL4J stores those as parameters).
     */
    public long trainableParameters() {
        long n = 0;
        for (GraphVertex v : graph.getVertices()) {
            Map<String, INDArray> table = v.paramTable(false);
            if (table == null) {
                continue;
            }
            boolean batchNorm = v.hasLayer() && isBatchNorm(v.getLayer());
            for (Map.Entry<String, INDArray> e : table.entrySet()) {
                if (batchNorm && !("gamma".equals(e.getKey()) || "beta".equals(e.getKey()))) {
                    continue;
                }
                n += e.getValue().length();
            }
        }
        return n;
    }

    /**
     * The network's fingerprint: SHA-256 (hex) of the text with one line {@code name [shape]} per stored parameter,
     * sorted by name, then one line {@code coefficient name} per learnable coefficient in
     * {@link #coefficientNames()} order. The same for the same architecture whatever the coefficients' values and
     * the layer classes' names, so a run records it and a resumed run is checked against it (the run records
     * written so far hold values of exactly this text: it must not change). It does not see how the values are
     * combined: {@link #connectionsFingerprint} and {@link #fixedCoefficientsFingerprint} do.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(graph.paramTable()).forEach((name, array) -> text.append(name).append(' ')
                .append(Arrays.toString(array.shape())).append('\n'));
        coefficientNames().forEach(c -> text.append("coefficient ").append(c).append('\n'));
        return sha256(text);
    }

    /**
     * What the {@link #fingerprint} leaves out of the wiring, part one: which values every part of the scheme's
     * wiring takes. SHA-256 (hex) of one line {@code name <- input, input, ...} per node of every lowered stage (its
     * units, shortcuts, coefficient groups and combinations, in order) and one line {@code output name} per stage.
     * Taken from the lowered network, the back end's input, so it is the same on every back end (the CUDA build
     * names other layers). Networks with the same parameters differ here when a scheme combines other values.
     */
    public String connectionsFingerprint() {
        StringBuilder text = new StringBuilder();
        for (LoweredStage stage : lowered) {
            for (LoweredNode n : stage.nodes()) {
                text.append(n.name()).append(" <- ").append(String.join(", ", n.inputs())).append('\n');
            }
            text.append("output ").append(stage.output()).append('\n');
        }
        return sha256(text);
    }

    /**
     * What the {@link #fingerprint} leaves out of the wiring, part two: the fixed coefficients. SHA-256 (hex) of one
     * line {@code vertex constants [c, ...] weights [[w, ...], ...]} per linear combination, sorted by name (every
     * number exactly, as {@link Double#toString}): the fixed coefficients, and how the derived ones follow from the
     * learnable ones. Networks with the same parameters and connections differ here when a scheme uses other
     * values (another Butcher tableau, other Adams coefficients). The learnable coefficients' values are
     * parameters, not covered.
     */
    public String fixedCoefficientsFingerprint() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(graph.getConfiguration().getVertices()).forEach((name, vertex) -> {
            if (vertex instanceof org.schemenet.network.layers.LinearCombinationVertex c) {
                text.append(name).append(" constants ").append(Arrays.toString(c.getConstants())).append(" weights ")
                        .append(Arrays.deepToString(c.getWeights())).append('\n');
            }
        });
        return sha256(text);
    }

    private static String sha256(CharSequence text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Learnable scheme coefficients (the parameters a scheme adds to the plain ResNet). */
    public int coefficientCount() {
        return locators.size();
    }

    /** Every number DL4J stores as a parameter, BN running statistics and coefficients included. */
    public long storedParameters() {
        long n = 0;
        for (GraphVertex v : graph.getVertices()) {
            Map<String, INDArray> table = v.paramTable(false);
            if (table != null) {
                for (INDArray a : table.values()) {
                    n += a.length();
                }
            }
        }
        return n;
    }

    private static boolean isBatchNorm(Layer layer) {
        return layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
    }

    /** One paragraph for {@code --dry-run}: scheme, depth, shapes, units and steps, parameters, coefficients. */
    public String summary() {
        List<String> perStage = new ArrayList<>();
        for (CompiledStage s : stages) {
            perStage.add("stage " + s.index() + ": " + Count.of(s.units(), "unit") + ", " + Count.of(s.steps(), "step")
                    + ", width " + spec.widths().get(s.index() - 1) + (s.coefficients().isEmpty() ? ""
                    : ", " + Count.of(s.coefficients().size(), "learnable coefficient")));
        }
        return String.format("%s network, depth %d (%s), shortcut %s, input %dx%dx%d, %d classes, %s; "
                        + "%,d trainable parameters (%d learnable coefficients), %,d stored by DL4J; seed %d.",
                scheme, spec.depth(), String.join("; ", perStage), spec.shortcut(), spec.height(), spec.width(),
                spec.channels(), spec.classes(), spec.dataType().name().toLowerCase(), trainableParameters(),
                coefficientCount(), storedParameters(), spec.seed());
    }

    @Override
    public String toString() {
        return summary();
    }
}
