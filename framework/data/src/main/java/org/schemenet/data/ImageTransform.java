package org.schemenet.data;

import java.util.SplittableRandom;

/**
 * Turns one stored image (3x32x32 bytes) into 3x32x32 floats, channel-major (C, H, W), the layout
 * of one example in an NCHW batch. Implementations are values: the randomness comes in through
 * the generator, so the same generator state gives the same output.
 */
public interface ImageTransform {

    /**
     * Writes image {@code index} of {@code images} to {@code out[offset .. offset + 3072)}.
     *
     * @param random the batch's generator; transforms draw from it in a documented order
     */
    void apply(ImageSet images, int index, float[] out, int offset, SplittableRandom random);
}
