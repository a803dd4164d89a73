package org.schemenet.data;

import java.util.SplittableRandom;

/**
 * The training augmentation of the seed paper's recipe (Lee et al., "Deeply-supervised nets"):
 * pad every side by {@code padding} pixels, take a random 32x32 crop, flip it horizontally with
 * probability {@code flipProbability}, normalise per channel. For a crop offset
 * {@code (dx, dy)} in {@code [0, 2·padding]} and flip {@code f}, output pixel (c, y, x) is
 * <pre>
 *   sx = (f ? 31 - x : x) + dx - padding,   sy = y + dy - padding
 *   out(c, y, x) = normalise_c(p(c, sy, sx))   if 0 &lt;= sx, sy &lt; 32
 *                = the fill value              otherwise (see {@link PadFill})
 * </pre>
 * Per image it draws, in this order, {@code dx = nextInt(2·padding+1)},
 * {@code dy = nextInt(2·padding+1)} and {@code f = nextDouble() < flipProbability}.
 */
public record Augmentation(int padding, double flipProbability, PadFill fill, Normalisation normalisation)
        implements ImageTransform {

    public Augmentation {
        if (padding < 0 || padding > Cifar10Layout.SIDE) {
            throw new IllegalArgumentException("padding must be 0-32 pixels, got " + padding);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        if (fill == null || normalisation == null) {
            throw new IllegalArgumentException("an augmentation needs a pad fill and a normalisation");
        }
    }

    /** Pad 4, random crop, flip with p = 0.5, CIFAR-10 normalisation, border = normalised zero (as the reference). */
    public static Augmentation standard() {
        return new Augmentation(4, 0.5, PadFill.NORMALISED_ZERO, Normalisation.CIFAR10);
    }

    @Override
    public void apply(ImageSet images, int index, float[] out, int offset, SplittableRandom random) {
        int dx = random.nextInt(2 * padding + 1);
        int dy = random.nextInt(2 * padding + 1);
        boolean flip = random.nextDouble() < flipProbability;
        crop(images, index, out, offset, dx, dy, flip);
    }

    /** The deterministic part: the crop at offset (dx, dy) of the padded image, flipped if asked, normalised. */
    public void crop(ImageSet images, int index, float[] out, int offset, int dx, int dy, boolean flip) {
        if (dx < 0 || dy < 0 || dx > 2 * padding || dy > 2 * padding) {
            throw new IllegalArgumentException("crop offset (" + dx + ", " + dy + ") outside [0, " + 2 * padding + "]");
        }
        final int side = Cifar10Layout.SIDE;
        byte[] pixels = images.pixels();
        int from = index * Cifar10Layout.IMAGE_BYTES;
        for (int c = 0; c < Cifar10Layout.CHANNELS; c++) {
            double a = normalisation.scale(c);
            double b = normalisation.shift(c);
            float border = fill == PadFill.NORMALISED_ZERO ? 0f : (float) b;
            int plane = from + c * Cifar10Layout.PLANE_BYTES;
            int target = offset + c * Cifar10Layout.PLANE_BYTES;
            for (int y = 0; y < side; y++) {
                int sy = y + dy - padding;
                int row = target + y * side;
                if (sy < 0 || sy >= side) {
                    java.util.Arrays.fill(out, row, row + side, border);
                    continue;
                }
                int source = plane + sy * side;
                for (int x = 0; x < side; x++) {
                    int sx = (flip ? side - 1 - x : x) + dx - padding;
                    out[row + x] = sx < 0 || sx >= side ? border : (float) ((pixels[source + sx] & 0xFF) * a + b);
                }
            }
        }
    }
}
