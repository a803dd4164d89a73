package org.schemenet.network.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running form of {@link BatchNormRelu}: {@code y = max(0, z)}, {@code z = γ (x − μ) / σ̂ + β},
 * {@code σ̂ = sqrt(σ² + ε)}, with the batch statistics in training and the running averages at inference;
 * backward with {@code g = dL/dy · [y > 0]} (from the stored output: {@code y > 0} exactly where {@code z > 0}).
 *
 * <p>Two implementations of the same function:
 * <ul>
 *   <li><b>channels-last FLOAT on the CPU back end</b> (what {@code runner} trains and evaluates): oneDNN's
 *       batch-normalisation primitives with the ReLU fused ({@link OneDnnBatchNormRelu}: in training the batch
 *       statistics, forward map and ReLU mask, and the backward pass from the mask; at inference the forward map
 *       with the running averages); the running averages are updated exactly as DL4J's layer does
 *       (as "gradients" of the mean and log10 standard deviation that its updater subtracts,
 *       {@code Δμ = (1 − d)(μ_run − μ)}, {@code Δlog10 s = log10(v / (d v + (1 − d) σ²)) / 2}, {@code v = s²});</li>
 *   <li><b>everything else</b> (NCHW, DOUBLE, other back ends, non-contiguous inputs): DL4J's own
 *       batch normalisation (through its oneDNN or cuDNN helper where available), the ReLU in place on its
 *       output, and on the way back {@code relu_bp} into DL4J's BN backward pass.</li>
 * </ul>
 * Compared with a BN layer followed by DL4J's ReLU {@code ActivationLayer}, no second activation array is kept
 * for backpropagation and the ReLU's input is not copied on the way back.
 */
final class BatchNormReluLayer extends BatchNormalization {

    /** ReLU output of the last training forward pass (lives in the activation workspace until backprop). */
    private INDArray output;
    /**
     * oneDNN's ReLU mask of the last channels-last training forward pass (in the activations workspace, like
     * {@link #output}); null when DL4J's path ran.
     */
    private INDArray mask;
    /** Batch mean and biased variance of the last channels-last training forward pass, outside any workspace. */
    private INDArray meanArray;
    private INDArray varianceArray;
    /** The running variance {@code (10^{log10 s})²} for inference when DL4J stores log10 of the deviation. */
    private INDArray runningVariance;
    /** oneDNN's primitives per shape, made on the first channels-last pass. */
    private OneDnnBatchNormRelu oneDnn;

    BatchNormReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        mask = null;
        if (channelsLastFloat(input)) {
            if (training) {
                output = channelsLastForward(workspaceMgr);
                return output;
            }
            output = null;
            return channelsLastInference(workspaceMgr);
        }
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
        try {
            if (mask != null) {
                return channelsLastBackward(epsilon, workspaceMgr);
            }
            INDArray eps = epsilon.castTo(dataType);
            INDArray g = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, eps.dataType(), eps.shape(),
                    'c');
            Nd4j.exec(new RectifiedLinearDerivative(output, eps, g));
            return super.backpropGradient(g, workspaceMgr);
        } finally {
            output = null;
            mask = null;
        }
    }

    @Override
    public void clear() {
        super.clear();
        output = null;
        mask = null;
    }

    /** Whether {@code x} takes the channels-last path: CPU, FLOAT, NHWC, dense c-order, learnable γ and β. */
    private boolean channelsLastFloat(INDArray x) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        return c.getCnn2DFormat() == CNN2DFormat.NHWC && !c.isLockGammaBeta() && dataType == DataType.FLOAT
                && x.dataType() == DataType.FLOAT && x.rank() == 4 && x.size(3) == c.getNOut()
                && Nd4j.getEnvironment().isCPU() && dense(x);
    }

    private INDArray channelsLastForward(LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        prepare((int) c.getNOut());
        long maskBytes = oneDnn.maskBytes(OneDnnBatchNormRelu.Geometry.of(input, c.getEps()));
        mask = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.BYTE, new long[]{maskBytes}, 'c');
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        oneDnn.forward(input, perChannel(getParam(BatchNormalizationParamInitializer.GAMMA)),
                perChannel(getParam(BatchNormalizationParamInitializer.BETA)), c.getEps(), y, meanArray,
                varianceArray, mask, workspaceMgr);
        return y;
    }

    /** {@code y = max(0, γ (x − μ_run) / sqrt(σ²_run + ε) + β)}, {@code σ²_run = (10^{log10 s})²} or the stored one. */
    private INDArray channelsLastInference(LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        prepare((int) c.getNOut());
        INDArray variance;
        if (c.isUseLogStd()) {
            double[] log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).toDoubleVector();
            for (int k = 0; k < log10Std.length; k++) {
                runningVariance.putScalar(k, Math.pow(10.0, 2 * log10Std[k]));
            }
            variance = runningVariance;
        } else {
            variance = perChannel(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
        }
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        oneDnn.infer(input, perChannel(getParam(BatchNormalizationParamInitializer.GAMMA)),
                perChannel(getParam(BatchNormalizationParamInitializer.BETA)), c.getEps(),
                perChannel(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)), variance, y, workspaceMgr);
        return y;
    }

    private Pair<Gradient, INDArray> channelsLastBackward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        INDArray dy = epsilon.castTo(DataType.FLOAT);
        if (!dense(dy)) {
            dy = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, dy, 'c');
        }
        int channels = (int) c.getNOut();
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
        INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
        oneDnn.backward(input, perChannel(getParam(BatchNormalizationParamInitializer.GAMMA)),
                perChannel(getParam(BatchNormalizationParamInitializer.BETA)), c.getEps(), meanArray,
                varianceArray, mask, dy, dx, perChannel(dGamma), perChannel(dBeta), workspaceMgr);
        double[] mean = meanArray.toDoubleVector();
        double[] variance = varianceArray.toDoubleVector();

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
        double decay = c.getDecay();
        double[] runningMean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
        double[] dMean = new double[channels];
        for (int k = 0; k < channels; k++) {
            dMean[k] = (runningMean[k] - mean[k]) * (1 - decay);
        }
        gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                write(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean));
        double[] dSpread = new double[channels];
        if (c.isUseLogStd()) {
            double[] log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).toDoubleVector();
            for (int k = 0; k < channels; k++) {
                double v = Math.pow(10.0, 2 * log10Std[k]);
                dSpread[k] = Math.log(v / (decay * v + (1 - decay) * variance[k])) * ONE_ON_2LOGE_10;
            }
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
                    write(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dSpread));
        } else {
            double[] runningVariance = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).toDoubleVector();
            for (int k = 0; k < channels; k++) {
                dSpread[k] = (runningVariance[k] - variance[k]) * (1 - decay);
            }
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR,
                    write(BatchNormalizationParamInitializer.GLOBAL_VAR, dSpread));
        }
        return new Pair<>(gradient, dx);
    }

    /** Writes per-channel values into the named gradient view and returns the view. */
    private INDArray write(String parameter, double[] values) {
        INDArray view = gradientViews.get(parameter);
        for (int k = 0; k < values.length; k++) {
            view.putScalar(k, values[k]);
        }
        return view;
    }

    /** The primitives and the per-channel arrays outside any workspace, on the first channels-last pass. */
    private void prepare(int channels) {
        if (oneDnn == null) {
            oneDnn = new OneDnnBatchNormRelu();
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanArray = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varianceArray = Nd4j.createUninitialized(DataType.FLOAT, channels);
                runningVariance = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
    }

    /** Whether {@code a} is dense c-order (a view with an offset is fine). */
    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    /**
     * A {@code [1, C]} parameter or gradient view as the rank-1 {@code [C]} view oneDNN's per-channel arguments take
     * (the same memory: the views are contiguous).
     */
    private static INDArray perChannel(INDArray row) {
        INDArray v = row.reshape(row.length());
        if (Dnnl.address(v).address() != Dnnl.address(row).address()) {
            throw new IllegalStateException("reshaping a [1, C] view copied it: " + row.shapeInfoToString());
        }
        return v;
    }
}
