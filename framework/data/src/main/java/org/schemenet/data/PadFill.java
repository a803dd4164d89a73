package org.schemenet.data;

/**
 * What the padding border of a random crop holds. The recipe says "pad with zeros"; the two
 * common readings differ by where the zeros are put.
 */
public enum PadFill {
    /**
     * Zeros after normalisation, i.e. the training-set mean colour: the border reads 0 in every
     * channel. This is what the project's PyTorch reference ({@code torch_reference.py}: normalise,
     * then {@code F.pad}) and fb.resnet.torch do. The default.
     */
    NORMALISED_ZERO,
    /**
     * Zeros before normalisation, i.e. black pixels: the border reads {@code -mean_c / std_c}
     * (torchvision's {@code RandomCrop(32, padding=4)} before {@code Normalize}).
     */
    BLACK
}
