package org.schemenet.network.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shortcut option A's two steps: subsamples by the stride {@code s} and appends {@code pad} zero channels,
 * {@code y = concat_channels(x[:, ::s, ::s], 0)}, so {@code y} has {@code C + pad} channels and
 * {@code ceil(H/s) x ceil(W/s)} pixels; backward {@code dx[:, ::s, ::s] = dy[channels 0 .. C-1]}, zero elsewhere.
 * The channel axis is that of the layout (1 for NCHW, 3 for NHWC). No parameters; a plain bean for DL4J's JSON
 * configuration (its property {@code layout} is {@code "NCHW"} or {@code "NHWC"}, as in files written when it was
 * typed by schemenet's own layout enum; {@code stride} is 1 in files written before it existed, when a 1x1
 * pooling layer subsampled). Only ND4J array operations: runs on any back end.
 */
public class ChannelZeroPadVertex extends ParameterFreeGraphVertex {

    private int pad;
    private int stride = 1;
    private CNN2DFormat layout = CNN2DFormat.NCHW;

    public ChannelZeroPadVertex() {
    }

    /**
     * No subsampling: {@code y = concat_channels(x, 0)}.
     *
     * @param pad    number of zero channels appended, >= 1
     * @param layout layout of the input and output
     */
    public ChannelZeroPadVertex(int pad, CNN2DFormat layout) {
        this(pad, 1, layout);
    }

    /**
     * @param pad    number of zero channels appended, >= 0
     * @param stride subsampling stride in both spatial directions, >= 1; {@code pad = 0, stride = 1} (the
     *               identity) is refused
     * @param layout layout of the input and output
     */
    public ChannelZeroPadVertex(int pad, int stride, CNN2DFormat layout) {
        if (pad < 0 || stride < 1 || pad == 0 && stride == 1 || layout == null) {
            throw new IllegalArgumentException("shortcut A needs pad >= 0 zero channels, a stride >= 1, not both "
                    + "the identity (0, 1), and a layout; got pad " + pad + ", stride " + stride + ", " + layout);
        }
        this.pad = pad;
        this.stride = stride;
        this.layout = layout;
    }

    public int getPad() {
        return pad;
    }

    public void setPad(int pad) {
        this.pad = pad;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        this.stride = stride;
    }

    public CNN2DFormat getLayout() {
        return layout;
    }

    public void setLayout(CNN2DFormat layout) {
        this.layout = layout;
    }

    @Override
    public ChannelZeroPadVertex clone() {
        ChannelZeroPadVertex copy = new ChannelZeroPadVertex();
        copy.pad = pad;
        copy.stride = stride;
        copy.layout = layout;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelZeroPadVertex v && v.pad == pad && v.stride == stride && v.layout == layout;
    }

    @Override
    public int hashCode() {
        return (31 * pad + stride) * 31 + layout.hashCode();
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                     INDArray paramsView, boolean initializeParams,
                                                                     DataType networkDatatype) {
        return new ChannelZeroPadVertexImpl(graph, name, idx, pad, stride,
                layout == CNN2DFormat.NHWC ? 3 : 1, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (!(vertexInputs[0] instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("channel zero padding needs an image input, got " + vertexInputs[0]);
        }
        CNN2DFormat format = c.getFormat();
        if (format != layout) {
            throw new IllegalArgumentException("channel zero padding configured for " + layout + " got " + format);
        }
        return InputType.convolutional(subsampled(c.getHeight()), subsampled(c.getWidth()), c.getChannels() + pad,
                format);
    }

    /** Pixels left of {@code size} after subsampling: {@code ceil(size / stride)}. */
    private long subsampled(long size) {
        return (size + stride - 1) / stride;
    }

    @Override
    public String toString() {
        return "ChannelZeroPadVertex(pad=" + pad + ", stride=" + stride + ", layout=" + layout + ")";
    }
}
