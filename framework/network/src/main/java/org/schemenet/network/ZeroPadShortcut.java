package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * Shortcut option A: {@code P(x) = concat_channels(x[:, :, ::s, ::s], 0)}, subsample by the stride and
 * append {@code out - in} zero channels; no parameters. The subsampling is a 1x1 max pooling with
 * stride {@code s} (picks {@code x[:, :, ::s, ::s]}); the zero block is {@code 0 · x_sub}, cut or repeated
 * to {@code out - in} channels.
 */
final class ZeroPadShortcut implements ShortcutProjection {

    @Override
    public String add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                      UnitVertices transitionUnit, UnitShape shape) {
        String sub = input;
        if (shape.stride() != 1) {
            sub = name + ".subsample";
            graph.addLayer(sub, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1)
                    .stride(shape.stride(), shape.stride()).convolutionMode(ConvolutionMode.Truncate).build(), input);
        }
        int in = shape.inChannels();
        int pad = shape.outChannels() - in;
        if (pad < 0) {
            throw new IllegalArgumentException("shortcut A cannot shrink channels " + in + " -> " + shape.outChannels());
        }
        if (pad == 0) {
            return sub;
        }
        String zeros = name + ".zeros";
        graph.addVertex(zeros, new ScaleVertex(0.0), sub);
        int copies = (pad + in - 1) / in;
        String block = zeros;
        if (copies > 1) {
            String[] repeated = new String[copies];
            java.util.Arrays.fill(repeated, zeros);
            block = name + ".zerosRepeated";
            graph.addVertex(block, new MergeVertex(), repeated);
        }
        if (copies * in != pad) {
            String cut = name + ".zerosCut";
            graph.addVertex(cut, new SubsetVertex(0, pad - 1), block);
            block = cut;
        }
        graph.addVertex(name, new MergeVertex(), sub, block);
        return name;
    }
}
