package org.schemenet.network.layers;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A group of learnable scheme coefficients {@code θ = (θ_1 .. θ_p)} as one layer: its only parameter is
 * {@code W = θ} ({@code [1, p]}), its output is {@code Θ = θ} ({@code [1, p]}) whatever its input, and backward it
 * passes {@code dL/dθ = dL/dΘ} to the updater and a zero gradient to its input. Its input is an activation
 * that the combinations it feeds also read (the anchor), only so that it sorts right before them in the graph
 * (see {@code LoweredNode.CoefficientGroup}). L2 on {@code θ} is the layer's own regularisation, so decayed and
 * undecayed coefficients live in separate layers.
 *
 * <p>It carries the coefficients' network-wide names in column order, so that a graph restored from a file
 * still knows them ({@code org.schemenet.network.Coefficients#of}). Plain bean for DL4J's JSON configuration.
 *
 * <p>It replaces the earlier pair of a {@link ConstantOneVertex} and a bias-free {@code DenseLayer}
 * ({@code Θ = 1 · θ}): one vertex per group instead of two and no matrix product (docs/performance.md, attempt 20).
 */
public class CoefficientLayer extends FeedForwardLayer {

    /** The name of {@code θ} among the layer's parameters ({@code getParam}, the parameter table). */
    public static final String PARAMETER = CoefficientInitializer.WEIGHT_KEY;

    private String[] names = new String[0];

    /** For DL4J's JSON (Jackson) deserialisation only; fields are then set through the bean setters. */
    public CoefficientLayer() {
    }

    private CoefficientLayer(Builder builder) {
        super(builder);
        this.names = builder.names.clone();
    }

    /**
     * The layer for coefficients named {@code names} (network-wide names, column order), with L2 coefficient
     * {@code l2} on them (0: none). Initial values are 0; the compiler writes the scheme's initial values.
     */
    public static CoefficientLayer of(List<String> names, double l2) {
        if (names.isEmpty() || !(l2 >= 0)) {
            throw new IllegalArgumentException("a coefficient layer needs at least one coefficient and l2 >= 0, got "
                    + names + ", l2 " + l2);
        }
        Builder b = new Builder(names.toArray(String[]::new));
        b.nIn(1).nOut(names.size()).activation(Activation.IDENTITY);
        if (l2 > 0) {
            b.l2(l2);
        }
        return b.build();
    }

    /** The coefficients' network-wide names, column order of {@code θ}. */
    public String[] getNames() {
        return names.clone();
    }

    public void setNames(String[] names) {
        this.names = names.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        if (getNOut() != names.length) {
            throw new IllegalStateException("CoefficientLayer " + getLayerName() + ": " + getNOut()
                    + " coefficients but " + names.length + " names");
        }
        return LayerInstantiation.attach(new CoefficientLayerImpl(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return new CoefficientInitializer();
    }

    /** {@code Θ}: {@code p} values, whatever the input. */
    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(getNOut());
    }

    /** The input is read for its position in the graph only: no width to take from it. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
    }

    /** The input is read for its position in the graph only: never reshaped. */
    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long p = getNOut();
        return new LayerMemoryReport.Builder(layerName, CoefficientLayer.class, inputType, getOutputType(-1, inputType))
                .standardMemory(p, getIUpdater() == null ? 0 : getIUpdater().stateSize(p))
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public CoefficientLayer clone() {
        CoefficientLayer c = (CoefficientLayer) super.clone();
        c.names = names.clone();
        return c;
    }

    /** Equal to another {@code CoefficientLayer} with equal settings (DL4J's comparison of all fields) and names. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CoefficientLayer c && super.equals(o) && Arrays.equals(names, c.names);
    }

    /** Lombok's symmetry hook: another layer class's {@code equals} asks this and gets {@code false}. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof CoefficientLayer;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return "CoefficientLayer(" + String.join(", ", names) + ", regularization " + getRegularization() + ")";
    }

    /** DL4J's builder protocol (updater, L2 and the like from {@link FeedForwardLayer.Builder}). */
    static final class Builder extends FeedForwardLayer.Builder<Builder> {

        private final String[] names;

        Builder(String[] names) {
            this.names = names.clone();
        }

        @Override
        @SuppressWarnings("unchecked")
        public CoefficientLayer build() {
            return new CoefficientLayer(this);
        }
    }
}
