package org.schemenet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.schemenet.run.DataSetNames;

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

    /** Records read per chunk (768 KB): large reads for the disk, small against the images. */
    private static final int CHUNK_RECORDS = 256;

    private Cifar10Reader() {
    }

    /** Reads a complete binary folder (the five training batches, the test batch and the class names). */
    public static Cifar10 readFolder(Path folder) {
        requireComplete(folder);
        List<BinaryFile> files = new ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            Path file = folder.resolve(name);
            files.add(new BinaryFile(file.toString(), size(file), () -> Files.newInputStream(file)));
        }
        String where = folder.toAbsolutePath().normalize().toString();
        return read(files, where, DataSetNames.CIFAR_10, null);
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
     * One file of a binary folder: its name in messages, its length in bytes and how to open it.
     * Each file is read once, in chunks of whole records, straight into the arrays of its set.
     */
    record BinaryFile(String file, long size, Opener opener) {
        BinaryFile {
            if (file == null || opener == null || size < 0) {
                throw new IllegalArgumentException("a binary file needs a name, a size >= 0 and a way to open it");
            }
        }
    }

    /** Opens a stream over one file's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Reads the seven files given in {@link Cifar10Layout#ALL_FILES} order. The training batches go straight into
     * one pair of arrays and the test batch into another (no whole-file copies: the memory a load touches is about
     * the images' own 3073 bytes each), each file's SHA-256 computed from the same chunks as they pass.
     *
     * @param source the description's source
     * @param note   the provenance note, or null to derive it from the checksum
     */
    static Cifar10 read(List<BinaryFile> files, String source, String name, String note) {
        if (files.size() != Cifar10Layout.ALL_FILES.size()) {
            throw new IllegalArgumentException("a binary folder has " + Cifar10Layout.ALL_FILES.size() + " files, got "
                    + files.size());
        }
        int batches = Cifar10Layout.TRAINING_FILES.size();
        long trainRecords = 0;
        for (int i = 0; i <= batches; i++) {
            checkSize(files.get(i).file(), files.get(i).size());
            trainRecords += i < batches ? files.get(i).size() / Cifar10Layout.RECORD_BYTES : 0;
        }
        if (trainRecords * Cifar10Layout.IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DataSetException(source + ": " + trainRecords + " training images are too many for one set");
        }
        byte[] chunk = new byte[CHUNK_RECORDS * Cifar10Layout.RECORD_BYTES];
        List<String> sha256s = new ArrayList<>();
        byte[] trainLabels = new byte[(int) trainRecords];
        byte[] trainPixels = new byte[(int) trainRecords * Cifar10Layout.IMAGE_BYTES];
        int at = 0;
        for (int i = 0; i < batches; i++) {
            sha256s.add(readRecords(files.get(i), chunk, trainLabels, trainPixels, at));
            at += (int) (files.get(i).size() / Cifar10Layout.RECORD_BYTES);
        }
        BinaryFile testFile = files.get(batches);
        int testRecords = (int) (testFile.size() / Cifar10Layout.RECORD_BYTES);
        byte[] testLabels = new byte[testRecords];
        byte[] testPixels = new byte[testRecords * Cifar10Layout.IMAGE_BYTES];
        sha256s.add(readRecords(testFile, chunk, testLabels, testPixels, 0));
        BinaryFile meta = files.get(batches + 1);
        byte[] metaBytes;
        try (InputStream in = meta.opener().open()) {
            metaBytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DataSetException(meta.file() + ": missing", e);
        } catch (IOException e) {
            throw new DataSetException(meta.file() + ": cannot be read: " + DataSetException.causeInWords(e), e);
        }
        sha256s.add(Digests.sha256Hex(metaBytes));
        List<String> classes = parseClassNames(meta.file(), metaBytes);
        ImageSet train = new ImageSet(trainPixels, trainLabels);
        ImageSet test = new ImageSet(testPixels, testLabels);
        String sha256 = Digests.listingSha256(Cifar10Layout.ALL_FILES, sha256s);
        String provenance = note != null ? note : sha256.equals(JPEG_REBUILT_COPY_SHA256) ? JPEG_REBUILT_NOTE : "";
        return new Cifar10(train, test, classes, new DataSetDescription(name, source, sha256, train.size(),
                test.size(), train.size(), test.size(), provenance));
    }

    /**
     * Streams the records of one batch file through {@code chunk} into {@code labels[at..]} and
     * {@code pixels[at·3072..]}, and returns the file's SHA-256 (hex) computed from the same bytes.
     */
    private static String readRecords(BinaryFile batch, byte[] chunk, byte[] labels, byte[] pixels, int at) {
        MessageDigest digest = Digests.sha256();
        int records = (int) (batch.size() / Cifar10Layout.RECORD_BYTES);
        int perChunk = chunk.length / Cifar10Layout.RECORD_BYTES;
        try (InputStream in = batch.opener().open()) {
            for (int r = 0; r < records; r += perChunk) {
                int n = Math.min(perChunk, records - r);
                int bytes = n * Cifar10Layout.RECORD_BYTES;
                int got = in.readNBytes(chunk, 0, bytes);
                if (got < bytes) {
                    throw new DataSetException(batch.file() + ": the file shrank while it was read ("
                            + ((long) r * Cifar10Layout.RECORD_BYTES + got) + " of " + batch.size() + " bytes)");
                }
                digest.update(chunk, 0, bytes);
                splitRecords(batch.file(), chunk, r, n, labels, pixels, at + r);
            }
        } catch (NoSuchFileException e) {
            throw new DataSetException(batch.file() + ": missing", e);
        } catch (IOException e) {
            throw new DataSetException(batch.file() + ": cannot be read: " + DataSetException.causeInWords(e), e);
        }
        return Digests.hex(digest);
    }

    /**
     * Splits {@code count} records at the start of {@code bytes} (records {@code first, first + 1, ...} of the
     * file) into {@code labels[to..]} and {@code pixels[to·3072..]}, checking each label.
     *
     * @param file names the file in messages
     */
    private static void splitRecords(String file, byte[] bytes, int first, int count, byte[] labels, byte[] pixels,
                                     int to) {
        for (int k = 0; k < count; k++) {
            int at = k * Cifar10Layout.RECORD_BYTES;
            int label = bytes[at] & 0xFF;
            if (label >= Cifar10Layout.CLASSES) {
                long record = (long) first + k;
                throw new DataSetException(file + ": record " + record + " (byte "
                        + record * Cifar10Layout.RECORD_BYTES + ") has label " + label
                        + "; CIFAR-10 labels are 0-9 (is this a CIFAR-10 binary batch?)");
            }
            labels[to + k] = (byte) label;
            System.arraycopy(bytes, at + 1, pixels, (to + k) * Cifar10Layout.IMAGE_BYTES, Cifar10Layout.IMAGE_BYTES);
        }
    }

    /** Reads one batch file (e.g. {@code data_batch_1.bin}). */
    public static ImageSet readBatch(Path file) {
        if (!Files.exists(file)) {
            throw new DataSetException(file + ": missing; expected a CIFAR-10 binary batch file");
        }
        BinaryFile batch = new BinaryFile(file.toString(), size(file), () -> Files.newInputStream(file));
        checkSize(batch.file(), batch.size());
        int records = (int) (batch.size() / Cifar10Layout.RECORD_BYTES);
        byte[] labels = new byte[records];
        byte[] pixels = new byte[records * Cifar10Layout.IMAGE_BYTES];
        readRecords(batch, new byte[CHUNK_RECORDS * Cifar10Layout.RECORD_BYTES], labels, pixels, 0);
        return new ImageSet(pixels, labels);
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
        splitRecords(file, bytes, 0, records, labels, pixels, 0);
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
}
