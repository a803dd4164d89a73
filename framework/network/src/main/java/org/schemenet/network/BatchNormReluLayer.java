package org.schemenet.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running form of {@link BatchNormRelu}: DL4J's batch normalisation (through its oneDNN helper for float),
 * then {@code y = max(0, z)} applied in place on BN's output; backward {@code g = dL/dy · [y > 0]} (one pass,
 * using the stored output: {@code y > 0} exactly where {@code z > 0}), then DL4J's BN backward on {@code g}.
 * Compared with a BN layer followed by DL4J's ReLU {@code ActivationLayer}, no second activation array is kept
 * for backpropagation and the ReLU's input is not copied on the way back.
 */
final class BatchNormReluLayer extends BatchNormalization {

    /** ReLU output of the last training forward pass (lives in the activation workspace until backprop). */
    private INDArray output;

    BatchNormReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = super.activate(training, workspaceMgr);
        Transforms.relu(z, false);
        output = training ? z : null;
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (output == null) {
            throw new IllegalStateException(layerId() + ": backprop without a training forward pass");
        }
        INDArray eps = epsilon.castTo(dataType);
        INDArray g = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, eps.dataType(), eps.shape(), 'c');
        Nd4j.exec(new RectifiedLinearDerivative(output, eps, g));
        output = null;
        return super.backpropGradient(g, workspaceMgr);
    }
}
