package org.schemenet.network.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Appends {@code pad} zero channels: {@code y = concat_channels(x, 0)}, so {@code y} has {@code C + pad}
 * channels; backward {@code dx = dy[channels 0 .. C-1]}. The channel axis is that of the layout (1 for NCHW,
 * 3 for NHWC). This is the padding of shortcut option A. No parameters; a plain bean for DL4J's JSON
 * configuration (its property {@code layout} is {@code "NCHW"} or {@code "NHWC"}, as in files written when it was
 * typed by schemenet's own layout enum). Only ND4J array operations: runs on any back end.
 */
public class ChannelZeroPadVertex extends ParameterFreeGraphVertex {

    private int pad;
    private CNN2DFormat layout = CNN2DFormat.NCHW;

    public ChannelZeroPadVertex() {
    }

    /**
     * @param pad    number of zero channels appended, >= 1
     * @param layout layout of the input and output
     */
    public ChannelZeroPadVertex(int pad, CNN2DFormat layout) {
        if (pad < 1 || layout == null) {
            throw new IllegalArgumentException("zero padding needs at least one channel and a layout, got " + pad
                    + ", " + layout);
        }
        this.pad = pad;
        this.layout = layout;
    }

    public int getPad() {
        return pad;
    }

    public void setPad(int pad) {
        this.pad = pad;
    }

    public CNN2DFormat getLayout() {
        return layout;
    }

    public void setLayout(CNN2DFormat layout) {
        this.layout = layout;
    }

    @Override
    public ChannelZeroPadVertex clone() {
        return new ChannelZeroPadVertex(pad, layout);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelZeroPadVertex v && v.pad == pad && v.layout == layout;
    }

    @Override
    public int hashCode() {
        return 31 * pad + layout.hashCode();
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
        return new ChannelZeroPadVertexImpl(graph, name, idx, pad, layout == CNN2DFormat.NHWC ? 3 : 1,
                networkDatatype);
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
        return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels() + pad, format);
    }

    @Override
    public String toString() {
        return "ChannelZeroPadVertex(pad=" + pad + ", layout=" + layout + ")";
    }
}
