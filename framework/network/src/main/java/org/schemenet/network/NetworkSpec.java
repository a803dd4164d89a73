package org.schemenet.network;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.schemenet.lowering.ShortcutOption;

/**
 * What network to build, independent of the scheme: the pre-activation CIFAR ResNet family.
 *
 * <p>Stem {@code conv3x3(channels -> widths[0])}; stage {@code s} has {@code unitsPerStage[s]} residual
 * units of width {@code widths[s]}; stage 1 starts cold, every later stage starts with a transition
 * unit (stride 2, width {@code widths[s-1] -> widths[s]}) and a shortcut of kind {@code shortcut};
 * head {@code BN -> ReLU -> global average pooling -> dense(classes) -> softmax}. With three stages of
 * {@code n} units the depth (weighted layers: stem, two convolutions per unit, dense) is {@code 6n + 2}.
 *
 * @param unitsPerStage residual units per stage, each >= 1 (a transition stage's unit 0 included)
 * @param widths        channels per stage, each >= 1; with shortcut A non-decreasing (A zero-pads channels)
 * @param shortcut      the projection of a transition's entry state
 * @param height        input height, >= 1
 * @param width         input width, >= 1
 * @param channels      input channels, >= 1
 * @param classes       output classes, >= 2
 * @param seed          seed for weights and initial learnable coefficients
 * @param dataType      {@link DataType#FLOAT} or {@link DataType#DOUBLE}
 */
public record NetworkSpec(List<Integer> unitsPerStage, List<Integer> widths, ShortcutOption shortcut,
                          int height, int width, int channels, int classes, long seed, DataType dataType) {

    /** The CIFAR widths of He et al.: 16, 32, 64. */
    public static final List<Integer> CIFAR_WIDTHS = List.of(16, 32, 64);

    public NetworkSpec {
        if (unitsPerStage == null || widths == null || shortcut == null || dataType == null) {
            throw new IllegalArgumentException("network spec: units per stage, widths, shortcut and data type are required");
        }
        unitsPerStage = List.copyOf(unitsPerStage);
        widths = List.copyOf(widths);
        if (unitsPerStage.isEmpty()) {
            throw new IllegalArgumentException("network spec: at least one stage is needed");
        }
        if (unitsPerStage.size() != widths.size()) {
            throw new IllegalArgumentException("network spec: " + unitsPerStage.size() + " stages of units "
                    + unitsPerStage + " but " + widths.size() + " widths " + widths + "; give one width per stage");
        }
        for (int s = 0; s < unitsPerStage.size(); s++) {
            if (unitsPerStage.get(s) < 1) {
                throw new IllegalArgumentException("network spec: stage " + (s + 1) + " has "
                        + unitsPerStage.get(s) + " residual units; each stage needs at least 1");
            }
            if (widths.get(s) < 1) {
                throw new IllegalArgumentException("network spec: stage " + (s + 1) + " width " + widths.get(s)
                        + " must be >= 1");
            }
            if (s > 0 && shortcut == ShortcutOption.A && widths.get(s) < widths.get(s - 1)) {
                throw new IllegalArgumentException("network spec: shortcut A zero-pads channels, so widths must not "
                        + "shrink, but stage " + (s + 1) + " goes from " + widths.get(s - 1) + " to " + widths.get(s)
                        + "; use shortcut B");
            }
        }
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("network spec: input shape " + height + "x" + width + "x" + channels
                    + " (height x width x channels) must be positive");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("network spec: classes must be >= 2, got " + classes);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("network spec: data type must be FLOAT or DOUBLE, got " + dataType);
        }
    }

    /**
     * The CIFAR-10 network of the given depth: three stages of {@code n = (depth - 2) / 6} units,
     * widths 16/32/64, shortcut A, 32x32x3 input, 10 classes, seed 42, float.
     *
     * @throws IllegalArgumentException unless depth = 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...)
     */
    public static NetworkSpec cifar(int depth) {
        return new NetworkSpec(List.of(units(depth), units(depth), units(depth)), CIFAR_WIDTHS, ShortcutOption.A,
                32, 32, 3, 10, 42L, DataType.FLOAT);
    }

    /** {@code n = (depth - 2) / 6}, checked. */
    public static int units(int depth) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("depth must be 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...), got "
                    + depth);
        }
        return (depth - 2) / 6;
    }

    /** Weighted layers: stem, two convolutions per unit, the dense layer ({@code 6n + 2} for three equal stages). */
    public int depth() {
        return 2 + 2 * unitsPerStage.stream().mapToInt(Integer::intValue).sum();
    }

    public int stages() {
        return unitsPerStage.size();
    }

    public NetworkSpec withShortcut(ShortcutOption option) {
        return new NetworkSpec(unitsPerStage, widths, option, height, width, channels, classes, seed, dataType);
    }

    public NetworkSpec withWidths(List<Integer> stageWidths) {
        return new NetworkSpec(unitsPerStage, stageWidths, shortcut, height, width, channels, classes, seed, dataType);
    }

    public NetworkSpec withUnitsPerStage(List<Integer> units) {
        return new NetworkSpec(units, widths, shortcut, height, width, channels, classes, seed, dataType);
    }

    public NetworkSpec withInput(int inputHeight, int inputWidth, int inputChannels) {
        return new NetworkSpec(unitsPerStage, widths, shortcut, inputHeight, inputWidth, inputChannels, classes, seed,
                dataType);
    }

    public NetworkSpec withClasses(int outputClasses) {
        return new NetworkSpec(unitsPerStage, widths, shortcut, height, width, channels, outputClasses, seed, dataType);
    }

    public NetworkSpec withSeed(long newSeed) {
        return new NetworkSpec(unitsPerStage, widths, shortcut, height, width, channels, classes, newSeed, dataType);
    }

    public NetworkSpec withDataType(DataType type) {
        return new NetworkSpec(unitsPerStage, widths, shortcut, height, width, channels, classes, seed, type);
    }
}
