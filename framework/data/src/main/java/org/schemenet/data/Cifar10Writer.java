package org.schemenet.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes image sets in the official binary layout (the inverse of {@link Cifar10Reader#parseBatch}). */
public final class Cifar10Writer {
    private Cifar10Writer() {
    }

    /** The records of images {@code [from, to)}: label byte then the 3072 pixel bytes, each. */
    public static byte[] records(ImageSet images, int from, int to) {
        if (from < 0 || to > images.size() || from > to) {
            throw new IllegalArgumentException("records [" + from + ", " + to + ") of " + images.size() + " images");
        }
        byte[] out = new byte[(to - from) * Cifar10Layout.RECORD_BYTES];
        for (int i = from; i < to; i++) {
            int at = (i - from) * Cifar10Layout.RECORD_BYTES;
            out[at] = images.labels()[i];
            System.arraycopy(images.pixels(), i * Cifar10Layout.IMAGE_BYTES, out, at + 1, Cifar10Layout.IMAGE_BYTES);
        }
        return out;
    }

    /** The class names, one per line. */
    public static byte[] classNames(List<String> names) {
        return (String.join("\n", names) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes a complete binary folder: the training set split evenly (in order) over the five
     * training batches, the test set, and the class names. Each file is written to a temporary
     * name and renamed.
     */
    public static void writeFolder(Path folder, ImageSet train, ImageSet test, List<String> classes) {
        int batches = Cifar10Layout.TRAINING_FILES.size();
        if (train.size() % batches != 0) {
            throw new IllegalArgumentException(train.size() + " training images do not split into " + batches
                    + " equal batches");
        }
        int per = train.size() / batches;
        for (int b = 0; b < batches; b++) {
            write(folder.resolve(Cifar10Layout.TRAINING_FILES.get(b)), records(train, b * per, (b + 1) * per));
        }
        write(folder.resolve(Cifar10Layout.TEST_FILE), records(test, 0, test.size()));
        write(folder.resolve(Cifar10Layout.META_FILE), classNames(classes));
    }

    /** Writes bytes to {@code file} through a temporary sibling that is then renamed over it. */
    public static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".part");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot be written: " + e, e);
        }
    }
}
