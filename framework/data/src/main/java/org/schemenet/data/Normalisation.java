package org.schemenet.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Per-channel normalisation {@code x_c = (p / 255 - mean_c) / std_c} of a pixel {@code p} in
 * 0-255, computed as {@code p · a_c + b_c} with {@code a_c = 1 / (255 std_c)} and
 * {@code b_c = -mean_c / std_c} in double precision, then rounded to float. As an
 * {@link ImageTransform} it is the test-time transform: it draws nothing from the generator.
 */
public record Normalisation(double[] mean, double[] std) implements ImageTransform {
    /** The CIFAR-10 training-set statistics of the seed paper's recipe. */
    public static final Normalisation CIFAR10 = new Normalisation(new double[] {0.4914, 0.4822, 0.4465},
            new double[] {0.2470, 0.2435, 0.2616});

    public Normalisation {
        if (mean == null || std == null || mean.length != Cifar10Layout.CHANNELS
                || std.length != Cifar10Layout.CHANNELS) {
            throw new IllegalArgumentException("a normalisation needs a mean and a std for each of the 3 channels");
        }
        mean = mean.clone();
        std = std.clone();
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite, got " + Arrays.toString(std));
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("mean must be finite, got " + Arrays.toString(mean));
            }
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The slope {@code a_c = 1 / (255 std_c)}. */
    public double scale(int channel) {
        return 1.0 / (255.0 * std[channel]);
    }

    /** The offset {@code b_c = -mean_c / std_c}, i.e. the normalised value of a black pixel. */
    public double shift(int channel) {
        return -mean[channel] / std[channel];
    }

    /** The normalised value of pixel {@code p} (0-255) in {@code channel}. */
    public float apply(int channel, int p) {
        return (float) (p * scale(channel) + shift(channel));
    }

    @Override
    public void apply(ImageSet images, int index, float[] out, int offset, SplittableRandom random) {
        byte[] pixels = images.pixels();
        int from = index * Cifar10Layout.IMAGE_BYTES;
        for (int c = 0; c < Cifar10Layout.CHANNELS; c++) {
            double a = scale(c);
            double b = shift(c);
            int base = c * Cifar10Layout.PLANE_BYTES;
            for (int i = 0; i < Cifar10Layout.PLANE_BYTES; i++) {
                out[offset + base + i] = (float) ((pixels[from + base + i] & 0xFF) * a + b);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalisation n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
