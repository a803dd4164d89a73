package org.schemenet.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the official CIFAR-10 binary layout (see {@link Cifar10Layout}) into primitive arrays.
 * Every check runs before anything is returned, so a bad file never yields a half-loaded set:
 * either all of a folder loads or a {@link DataSetException} names the file and the fault.
 */
public final class Cifar10Reader {
    /** The SHA-256 listing checksum of the JPEG-rebuilt copy this project was developed with. */
    static final String JPEG_REBUILT_COPY_SHA256 = "386dc089293895d48becf6b25fa1ab0d45de155c2250b129d6802396a18e4aac";
    static final String JPEG_REBUILT_NOTE = "pixels rebuilt from JPEG copies (about 30 dB PSNR), not bit-identical to"
            + " the official release";

    private Cifar10Reader() {
    }

    /** Reads a complete binary folder (the five training batches, the test batch and the class names). */
    public static Cifar10 readFolder(Path folder) {
        requireComplete(folder);
        List<byte[]> contents = new ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            Path file = folder.resolve(name);
            if (!name.equals(Cifar10Layout.META_FILE)) {
                checkSize(file.toString(), size(file));
            }
            contents.add(readAll(file));
        }
        String where = folder.toAbsolutePath().normalize().toString();
        return fromFiles(contents, where, where, "cifar-10", null);
    }

    /** A binary folder with all seven files, or one message naming the missing ones. */
    private static void requireComplete(Path folder) {
        ReleaseCheck.requireBinaryFolder(folder);
        List<String> missing = new ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataSetException(folder + ": missing " + String.join(", ", missing)
                    + "; a CIFAR-10 binary folder holds " + String.join(", ", Cifar10Layout.ALL_FILES)
                    + " (get them from " + Cifar10Layout.OFFICIAL_URL + ")");
        }
    }

    /** The image counts of a complete binary folder, from the file sizes (checked as {@link #readFolder} checks them). */
    public static ImageCounts countFolder(Path folder) {
        requireComplete(folder);
        long train = 0;
        for (String name : Cifar10Layout.TRAINING_FILES) {
            long size = size(folder.resolve(name));
            checkSize(folder.resolve(name).toString(), size);
            train += size / Cifar10Layout.RECORD_BYTES;
        }
        long test = size(folder.resolve(Cifar10Layout.TEST_FILE));
        checkSize(folder.resolve(Cifar10Layout.TEST_FILE).toString(), test);
        return new ImageCounts(Math.toIntExact(train), Math.toIntExact(test / Cifar10Layout.RECORD_BYTES));
    }

    /**
     * Parses the seven files given in {@link Cifar10Layout#ALL_FILES} order.
     *
     * @param where  the folder or resource folder, prefixed to file names in messages
     * @param source the description's source
     * @param note   the provenance note, or null to derive it from the checksum
     */
    static Cifar10 fromFiles(List<byte[]> contents, String where, String source, String name, String note) {
        List<String> sha256s = new ArrayList<>();
        for (byte[] bytes : contents) {
            sha256s.add(Digests.sha256Hex(bytes));
        }
        ImageSet[] batches = new ImageSet[Cifar10Layout.TRAINING_FILES.size()];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = parseBatch(where + "/" + Cifar10Layout.ALL_FILES.get(i), contents.get(i));
        }
        ImageSet test = parseBatch(where + "/" + Cifar10Layout.TEST_FILE, contents.get(batches.length));
        List<String> classes = parseClassNames(where + "/" + Cifar10Layout.META_FILE,
                contents.get(batches.length + 1));
        ImageSet train = ImageSet.concatenate(batches);
        String sha256 = Digests.listingSha256(Cifar10Layout.ALL_FILES, sha256s);
        String provenance = note != null ? note : sha256.equals(JPEG_REBUILT_COPY_SHA256) ? JPEG_REBUILT_NOTE : "";
        return new Cifar10(train, test, classes, new DataSetDescription(name, source, sha256, train.size(),
                test.size(), train.size(), test.size(), provenance));
    }

    /** Reads one batch file (e.g. {@code data_batch_1.bin}). */
    public static ImageSet readBatch(Path file) {
        if (!Files.exists(file)) {
            throw new DataSetException(file + ": missing; expected a CIFAR-10 binary batch file");
        }
        checkSize(file.toString(), size(file));
        return parseBatch(file.toString(), readAll(file));
    }

    /**
     * Splits the records of one batch into labels and pixels.
     *
     * @param file names the file in messages
     */
    public static ImageSet parseBatch(String file, byte[] bytes) {
        checkSize(file, bytes.length);
        int records = bytes.length / Cifar10Layout.RECORD_BYTES;
        byte[] labels = new byte[records];
        byte[] pixels = new byte[records * Cifar10Layout.IMAGE_BYTES];
        for (int r = 0; r < records; r++) {
            int at = r * Cifar10Layout.RECORD_BYTES;
            int label = bytes[at] & 0xFF;
            if (label >= Cifar10Layout.CLASSES) {
                throw new DataSetException(file + ": record " + r + " (byte " + at + ") has label " + label
                        + "; CIFAR-10 labels are 0-9 (is this a CIFAR-10 binary batch?)");
            }
            labels[r] = (byte) label;
            System.arraycopy(bytes, at + 1, pixels, r * Cifar10Layout.IMAGE_BYTES, Cifar10Layout.IMAGE_BYTES);
        }
        return new ImageSet(pixels, labels);
    }

    /** The class names: the non-blank lines of {@code batches.meta.txt}, exactly ten. */
    public static List<String> parseClassNames(String file, byte[] bytes) {
        List<String> names = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != Cifar10Layout.CLASSES) {
            throw new DataSetException(file + ": holds " + names.size() + " class names; expected 10, one per line ("
                    + String.join(", ", Cifar10Layout.CLASS_NAMES) + ")");
        }
        return names;
    }

    /** The record-size checks that need only the length: not empty, a whole number of 3073-byte records. */
    static void checkSize(String file, long size) {
        if (size == 0) {
            throw new DataSetException(file + ": the file is empty; a CIFAR-10 binary batch holds records of "
                    + Cifar10Layout.RECORD_BYTES + " bytes (1 label byte + 3072 pixel bytes)");
        }
        long remainder = size % Cifar10Layout.RECORD_BYTES;
        if (remainder != 0) {
            long record = size / Cifar10Layout.RECORD_BYTES;
            throw new DataSetException(file + ": " + size + " bytes is not a whole number of "
                    + Cifar10Layout.RECORD_BYTES + "-byte records; record " + record + " (counting from 0) is truncated: "
                    + remainder + " of " + Cifar10Layout.RECORD_BYTES + " bytes");
        }
        if (size / Cifar10Layout.RECORD_BYTES * Cifar10Layout.IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DataSetException(file + ": " + size + " bytes is too large for one CIFAR-10 batch");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read its size: " + e, e);
        }
    }

    /** The whole file through one NIO channel into one array. */
    static byte[] readAll(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataSetException(file + ": " + size + " bytes is too large for a CIFAR-10 file");
            }
            byte[] bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new DataSetException(file + ": the file shrank while it was read (" + buffer.position()
                            + " of " + size + " bytes)");
                }
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new DataSetException(file + ": missing", e);
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot be read: " + e, e);
        }
    }
}
