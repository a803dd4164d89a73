package org.schemenet.runner;

import java.nio.file.Path;
import java.util.Random;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Writer;
import org.schemenet.data.ImageSet;

/**
 * Tiny synthetic CIFAR-10 in the official binary layout: noise images where class c has a bright
 * 8x8 block in position c, written with the data module's writer (real files, real reader).
 */
final class SyntheticCifar {

    static Path write(Path folder, int train, int test, long seed) {
        Random r = new Random(seed);
        Cifar10Writer.writeFolder(folder, images(train, r), images(test, r), Cifar10Layout.CLASS_NAMES);
        return folder;
    }

    /**
     * A folder as {@link #write} makes it whose {@code data_batch_2.bin} lost its last 100 bytes, so that its last
     * record is cut short: what the reader must refuse, naming that file.
     */
    static Path truncated(Path folder, int train, int test, long seed) {
        write(folder, train, test, seed);
        Path batch = folder.resolve("data_batch_2.bin");
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(batch);
            java.nio.file.Files.write(batch, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return folder;
    }

    private static ImageSet images(int n, Random r) {
        byte[] pixels = new byte[n * Cifar10Layout.IMAGE_BYTES];
        byte[] labels = new byte[n];
        int side = Cifar10Layout.SIDE;
        for (int i = 0; i < n; i++) {
            int c = i % Cifar10Layout.CLASSES;
            labels[i] = (byte) c;
            int bx = (c % 4) * 8;
            int by = (c / 4) * 8;
            for (int ch = 0; ch < Cifar10Layout.CHANNELS; ch++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        boolean block = x >= bx && x < bx + 8 && y >= by && y < by + 8;
                        int v = (block ? 200 : 60) + r.nextInt(40);
                        pixels[i * Cifar10Layout.IMAGE_BYTES + ch * side * side + y * side + x] = (byte) v;
                    }
                }
            }
        }
        return new ImageSet(pixels, labels);
    }

    private SyntheticCifar() {
    }
}
