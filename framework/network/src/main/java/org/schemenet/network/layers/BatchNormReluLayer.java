package org.schemenet.network.layers;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
import org.schemenet.network.layers.ChannelsLastBatchNorm.GradientSums;
import org.schemenet.network.layers.ChannelsLastBatchNorm.HostMatrix;
import org.schemenet.network.layers.ChannelsLastBatchNorm.Moments;

/**
 * The running form of {@link BatchNormRelu}: {@code y = max(0, z)}, {@code z = γ (x − μ) / σ̂ + β},
 * {@code σ̂ = sqrt(σ² + ε)}, with the batch statistics in training and the running averages at inference;
 * backward with {@code g = dL/dy · [y > 0]} (from the stored output: {@code y > 0} exactly where {@code z > 0}).
 *
 * <p>Two implementations of the same function:
 * <ul>
 *   <li><b>channels-last FLOAT training on the CPU back end</b> (what {@code runner} trains): the batch moments,
 *       the parameter gradients and {@code dL/dx} come from {@link ChannelsLastBatchNorm} (Java loops over the
 *       host buffers), the forward map and the ReLU from one cached oneDNN primitive
 *       ({@link OneDnnBatchNormRelu}); the
 *       running averages are updated exactly as DL4J's layer does (as "gradients" of the mean and log10 standard
 *       deviation that its updater subtracts, {@code Δμ = (1 − d)(μ_run − μ)},
 *       {@code Δlog10 s = log10(v / (d v + (1 − d) σ²)) / 2}, {@code v = s²});</li>
 *   <li><b>everything else</b> (NCHW, DOUBLE, inference, other back ends, non-contiguous inputs): DL4J's own
 *       batch normalisation (through its oneDNN or cuDNN helper where available), the ReLU in place on its
 *       output, and on the way back {@code relu_bp} into DL4J's BN backward pass.</li>
 * </ul>
 * Compared with a BN layer followed by DL4J's ReLU {@code ActivationLayer}, no second activation array is kept
 * for backpropagation and the ReLU's input is not copied on the way back.
 */
final class BatchNormReluLayer extends BatchNormalization {

    /** ReLU output of the last training forward pass (lives in the activation workspace until backprop). */
    private INDArray output;
    /** Batch moments of the last channels-last training forward pass; null when DL4J's path ran. */
    private Moments batch;
    /** Batch mean and variance as arrays for libnd4j's {@code batchnorm} op, outside any workspace. */
    private INDArray meanArray;
    private INDArray varianceArray;
    /** The forward map's oneDNN primitive per shape, made on the first channels-last training pass. */
    private OneDnnBatchNormRelu oneDnn;

    BatchNormReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        batch = null;
        if (training && channelsLastFloat(input)) {
            output = channelsLastForward(workspaceMgr);
            return output;
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
            if (batch != null) {
                return channelsLastBackward(epsilon, workspaceMgr);
            }
            INDArray eps = epsilon.castTo(dataType);
            INDArray g = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, eps.dataType(), eps.shape(),
                    'c');
            Nd4j.exec(new RectifiedLinearDerivative(output, eps, g));
            return super.backpropGradient(g, workspaceMgr);
        } finally {
            output = null;
            batch = null;
        }
    }

    @Override
    public void clear() {
        super.clear();
        output = null;
        batch = null;
    }

    /** Whether {@code x} takes the channels-last path: CPU, FLOAT, NHWC, dense c-order, learnable γ and β. */
    private boolean channelsLastFloat(INDArray x) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        return c.getCnn2DFormat() == CNN2DFormat.NHWC && !c.isLockGammaBeta() && dataType == DataType.FLOAT
                && x.dataType() == DataType.FLOAT && x.rank() == 4 && x.size(3) == c.getNOut()
                && Nd4j.getEnvironment().isCPU() && host(x) != null;
    }

    private INDArray channelsLastForward(LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        batch = ChannelsLastBatchNorm.moments(host(input));
        int channels = (int) c.getNOut();
        if (meanArray == null) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanArray = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varianceArray = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
        for (int k = 0; k < channels; k++) {
            meanArray.putScalar(k, batch.mean()[k]);
            varianceArray.putScalar(k, batch.variance()[k]);
        }
        INDArray gamma = getParam(BatchNormalizationParamInitializer.GAMMA);
        INDArray beta = getParam(BatchNormalizationParamInitializer.BETA);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        if (oneDnn == null) {
            oneDnn = new OneDnnBatchNormRelu();
        }
        oneDnn.forward(input, meanArray, varianceArray, gamma.reshape(channels), beta.reshape(channels), y,
                c.getEps());
        return y;
    }

    private Pair<Gradient, INDArray> channelsLastBackward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        INDArray eps = epsilon.castTo(DataType.FLOAT);
        if (host(eps) == null) {
            eps = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, eps, 'c');
        }
        HostMatrix x = host(input);
        HostMatrix y = host(output);
        HostMatrix dy = host(eps);
        double[] mean = batch.mean();
        double[] variance = batch.variance();
        int channels = x.channels();
        double rows = x.rows();
        double[] gamma = getParam(BatchNormalizationParamInitializer.GAMMA).toDoubleVector();
        GradientSums sums = ChannelsLastBatchNorm.gradientSums(y, dy, x, mean);
        double[] dGamma = new double[channels];
        double[] dBeta = sums.sum();
        double[] a = new double[channels];
        double[] b = new double[channels];
        double[] e = new double[channels];
        for (int k = 0; k < channels; k++) {
            double sigma = Math.sqrt(variance[k] + c.getEps());
            dGamma[k] = sums.centredProductSum()[k] / sigma;
            a[k] = gamma[k] / sigma;
            b[k] = -gamma[k] * dGamma[k] / (rows * sigma * sigma);
            e[k] = -a[k] * dBeta[k] / rows;
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        ChannelsLastBatchNorm.inputGradient(y, dy, x, host(dx), mean, a, b, e);

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA,
                write(BatchNormalizationParamInitializer.GAMMA, dGamma));
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA,
                write(BatchNormalizationParamInitializer.BETA, dBeta));
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

    /**
     * The host buffer of a dense c-order channels-last FLOAT array as a {@code [N·H·W, C]} matrix, or null when the
     * array is not one (a strided view, or a buffer that is itself a view).
     */
    private static HostMatrix host(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.rank() != 4 || a.ordering() != 'c'
                || !Shape.hasDefaultStridesForShape(a) || a.data().offset() != 0
                || a.offset() + a.length() > Integer.MAX_VALUE) {
            return null;
        }
        FloatBuffer buffer = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (a.offset() + a.length() > buffer.limit()) {
            return null;
        }
        int channels = (int) a.size(3);
        return new HostMatrix(buffer, (int) a.offset(), (int) (a.length() / channels), channels);
    }
}
