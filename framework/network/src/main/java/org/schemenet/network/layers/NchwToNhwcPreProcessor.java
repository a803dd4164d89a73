package org.schemenet.network.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Converts the network input from {@code [mb, C, H, W]} to {@code [mb, H, W, C]} in front of the stem
 * ({@code y[e, h, w, c] = x[e, c, h, w]}, a permutation copied into C order); backward permutes the gradient
 * back. Stateless; a plain bean for DL4J's JSON configuration.
 */
public class NchwToNhwcPreProcessor implements InputPreProcessor {

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        requireRank4(input);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 3, 1), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        requireRank4(output);
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 3, 1, 2), 'c');
    }

    @Override
    public NchwToNhwcPreProcessor clone() {
        return new NchwToNhwcPreProcessor();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c) || c.getFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("NchwToNhwcPreProcessor expects an NCHW image input, got " + inputType);
        }
        return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels(), CNN2DFormat.NHWC);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NchwToNhwcPreProcessor;
    }

    @Override
    public int hashCode() {
        return NchwToNhwcPreProcessor.class.hashCode();
    }

    @Override
    public String toString() {
        return "NchwToNhwcPreProcessor()";
    }

    private static void requireRank4(INDArray a) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException("expected a rank-4 image batch, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
    }
}
