package org.schemenet.network.layers;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The running form of {@link ChannelZeroPadVertex}: {@code y = concat_axis(x[:, ::s, ::s], 0)} (one zero fill of
 * the appended channels, one strided copy), {@code dx[:, ::s, ::s] = dy[first C]} and zero elsewhere.
 */
final class ChannelZeroPadVertexImpl extends ParameterFreeVertex {

    private final int pad;
    private final int stride;
    private final int axis;

    ChannelZeroPadVertexImpl(ComputationGraph graph, String name, int index, int pad, int stride, int axis,
                             DataType dataType) {
        super(graph, name, index, dataType);
        this.pad = pad;
        this.stride = stride;
        this.axis = axis;
    }

    /** Indices selecting channels {@code [from, to)} on the channel axis, everything on the others. */
    private INDArrayIndex[] channels(long from, long to) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        index[axis] = NDArrayIndex.interval(from, to);
        return index;
    }

    /** Indices selecting every {@code stride}-th pixel of {@code x} in both spatial directions. */
    private INDArrayIndex[] subsampled(INDArray x) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        if (stride != 1) {
            int height = axis == 3 ? 1 : 2;
            index[height] = NDArrayIndex.interval(0, stride, x.size(height));
            index[height + 1] = NDArrayIndex.interval(0, stride, x.size(height + 1));
        }
        return index;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: input not set");
        }
        INDArray x = inputs[0];
        INDArray kept = stride == 1 ? x : x.get(subsampled(x));
        long[] shape = kept.shape().clone(); // shape() is the array's own shape: never write to it
        long c = shape[axis];
        shape[axis] = c + pad;
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), shape, 'c');
        if (pad > 0) {
            y.get(channels(c, c + pad)).assign(0);
        }
        y.get(channels(0, c)).assign(kept);
        return y;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: input or epsilon not set");
        }
        INDArray x = inputs[0];
        long c = x.size(axis);
        INDArray dy = pad > 0 ? epsilon.get(channels(0, c)) : epsilon;
        INDArray dx;
        if (stride == 1) {
            dx = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dy, 'c');
        } else {
            dx = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c'); // zeros
            dx.get(subsampled(x)).assign(dy);
        }
        return new Pair<>(null, new INDArray[]{dx});
    }
}
