package org.schemenet.lowering;

/**
 * The projection {@code P} of a transition's entry state (He et al. 2016).
 *
 * <ul>
 *   <li>{@link #A}: {@code P(x) = pad_channels(x[:, :, ::2, ::2])}, subsample by 2 and zero-pad the new
 *       channels; no parameters (the CIFAR ResNets of the paper);</li>
 *   <li>{@link #B}: {@code P(x) = conv1x1_stride2(ReLU(BN(x)))}, a projection of the transition unit's own
 *       pre-activation (the BN and ReLU are shared with the unit), without bias.</li>
 * </ul>
 */
public enum ShortcutOption {
    A,
    B
}
