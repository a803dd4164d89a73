package org.schemenet.data;

import java.nio.file.Path;
import java.util.List;

/** Small generated image sets whose pixels encode where they are, so tests can compute expected values by hand. */
final class TestImages {
    private TestImages() {
    }

    /**
     * {@code n} images; image i has label {@code labels[i]} and pixel (c, y, x) =
     * {@code (i + 3c + 5y + 7x) mod 256}, except that pixels (0, 0, 0) and (1, 0, 0) hold
     * {@code i mod 256} and {@code i / 256}, which identify the image.
     */
    static ImageSet patterned(int... labels) {
        int n = labels.length;
        byte[] pixels = new byte[n * 3072];
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) labels[i];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        pixels[i * 3072 + c * 1024 + y * 32 + x] = (byte) (i + 3 * c + 5 * y + 7 * x);
                    }
                }
            }
            pixels[i * 3072] = (byte) (i % 256);
            pixels[i * 3072 + 1024] = (byte) (i / 256);
        }
        return new ImageSet(pixels, labelBytes);
    }

    /** {@code n} images with labels cycling 0, 1, ..., 9, 0, 1, ... */
    static ImageSet cycling(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return patterned(labels);
    }

    /** The index of the image whose normalised features start at {@code offset} (inverts the id pixels). */
    static int identify(float[] features, int offset) {
        Normalisation n = Normalisation.CIFAR10;
        int low = (int) Math.round((features[offset] - n.shift(0)) / n.scale(0));
        int high = (int) Math.round((features[offset + 1024] - n.shift(1)) / n.scale(1));
        return high * 256 + low;
    }

    /** A complete binary folder: {@code train} training images (5 equal batches), {@code test} test images. */
    static Path folder(Path root, int train, int test) {
        Path folder = root.resolve(Cifar10Layout.FOLDER);
        Cifar10Writer.writeFolder(folder, cycling(train), cycling(test), Cifar10Layout.CLASS_NAMES);
        return folder;
    }

    static List<String> classes() {
        return Cifar10Layout.CLASS_NAMES;
    }
}
