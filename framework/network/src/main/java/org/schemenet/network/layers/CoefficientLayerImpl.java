package org.schemenet.network.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link CoefficientLayer}: forward {@code Θ = θ} ({@code [1, p]}, a copy in the activation
 * workspace), backward {@code dL/dθ = dL/dΘ} and a zero input gradient, returned as a rank-0 array: the
 * input's gradient is already set by the combination this layer feeds (it precedes this layer in
 * backpropagation), and DL4J adds this one to it (a scalar addition; an activation-sized zero array would cost a
 * memset and a full addition).
 */
final class CoefficientLayerImpl extends BaseLayer<CoefficientLayer> {

    CoefficientLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, getParam(CoefficientInitializer.WEIGHT_KEY));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray view = gradientViews.get(CoefficientInitializer.WEIGHT_KEY);
        view.assign(epsilon);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(CoefficientInitializer.WEIGHT_KEY, view);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return new Pair<>(gradient, Nd4j.scalar(input.dataType(), 0.0));
        }
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }
}
