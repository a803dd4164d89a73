package org.schemenet.network;

import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * The memory layout of the activations inside a compiled network. The network's input is always
 * {@code [minibatch, channels, height, width]} (NCHW, what the data pipeline produces); with {@link #NHWC}
 * the stem permutes it once and every convolution, batch normalisation and pooling runs channels-last.
 *
 * <ul>
 *   <li>{@link #NHWC} (default): {@code [minibatch, height, width, channels]}, the layout oneDNN's CPU
 *       convolutions and batch normalisation compute in, so no layout conversion is made around the forward
 *       convolutions and batch normalisation runs oneDNN's vectorised kernel (docs/performance.md, attempt 7:
 *       1.07x training and 1.2-1.8x inference for ResNet-20 with DL4J's own layers, before this module's
 *       convolution removed DL4J's copy of every NHWC input back to NCHW).</li>
 *   <li>{@link #NCHW}: DL4J's default layout; every forward convolution converts to channels-last and back.</li>
 * </ul>
 * The layout changes neither the parameters (convolution weights are {@code [out, in, kh, kw]} in both) nor,
 * up to floating-point rounding, what the network computes.
 */
public enum ActivationLayout {
    NCHW(CNN2DFormat.NCHW, 1),
    NHWC(CNN2DFormat.NHWC, 3);

    private final CNN2DFormat format;
    private final int channelAxis;

    ActivationLayout(CNN2DFormat format, int channelAxis) {
        this.format = format;
        this.channelAxis = channelAxis;
    }

    /** DL4J's name for the layout. */
    public CNN2DFormat format() {
        return format;
    }

    /** The axis of an activation {@code [minibatch, ., ., .]} that holds the channels: 1 or 3. */
    public int channelAxis() {
        return channelAxis;
    }
}
