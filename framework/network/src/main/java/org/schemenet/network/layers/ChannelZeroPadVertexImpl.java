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

/** The running form of {@link ChannelZeroPadVertex}: {@code y = concat_axis(x, 0)}, {@code dx = dy[first C]}. */
final class ChannelZeroPadVertexImpl extends ParameterFreeVertex {

    private final int pad;
    private final int axis;

    ChannelZeroPadVertexImpl(ComputationGraph graph, String name, int index, int pad, int axis, DataType dataType) {
        super(graph, name, index, dataType);
        this.pad = pad;
        this.axis = axis;
    }

    /** Indices selecting channels {@code [from, to)} on the channel axis, everything on the others. */
    private INDArrayIndex[] channels(long from, long to) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        index[axis] = NDArrayIndex.interval(from, to);
        return index;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: input not set");
        }
        INDArray x = inputs[0];
        long[] shape = x.shape().clone(); // shape() is the array's own shape: never write to it
        long c = shape[axis];
        shape[axis] = c + pad;
        INDArray y = workspaceMgr.create(ArrayType.ACTIVATIONS, x.dataType(), shape, 'c');
        y.get(channels(c, c + pad)).assign(0);
        y.get(channels(0, c)).assign(x);
        return y;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: input or epsilon not set");
        }
        long c = inputs[0].size(axis);
        INDArray dx = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(channels(0, c)), 'c');
        return new Pair<>(null, new INDArray[]{dx});
    }
}
