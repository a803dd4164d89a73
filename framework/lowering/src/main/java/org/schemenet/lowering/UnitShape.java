package org.schemenet.lowering;

/**
 * The shape of one residual unit {@code f: R^{in x H x W} -> R^{out x H/stride x W/stride}}.
 *
 * @param inChannels  channels read
 * @param outChannels channels written
 * @param stride      spatial stride of the unit's first convolution (1, or 2 for a transition)
 */
public record UnitShape(int inChannels, int outChannels, int stride) {
    public UnitShape {
        if (inChannels < 1 || outChannels < 1 || stride < 1) {
            throw new IllegalArgumentException("unit shape needs positive channels and stride, got " + inChannels
                    + " -> " + outChannels + " stride " + stride);
        }
    }
}
