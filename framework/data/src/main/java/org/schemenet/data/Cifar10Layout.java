package org.schemenet.data;

import java.util.List;

/**
 * The official CIFAR-10 binary layout ({@code cifar-10-batches-bin/}). Each record is
 * {@value #RECORD_BYTES} bytes: one label byte (0-9), then the 32x32 red plane, the green plane
 * and the blue plane, each stored row by row, so pixel (c, y, x) of record r is byte
 * {@code r·3073 + 1 + c·1024 + y·32 + x}.
 */
public final class Cifar10Layout {
    /** The folder name inside the official archive and inside a data directory. */
    public static final String FOLDER = "cifar-10-batches-bin";
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Bytes of one colour plane: 32·32. */
    public static final int PLANE_BYTES = SIDE * SIDE;
    /** Bytes of one image: 3·32·32. */
    public static final int IMAGE_BYTES = CHANNELS * PLANE_BYTES;
    /** Bytes of one record: label byte + image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Number of classes; labels are 0 .. CLASSES-1. */
    public static final int CLASSES = 10;
    /** The training files, in official order. */
    public static final List<String> TRAINING_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The class names, one per line, in label order. */
    public static final String META_FILE = "batches.meta.txt";
    /** Every file a complete binary folder holds, in the canonical order used for checksums. */
    public static final List<String> ALL_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
            TEST_FILE, META_FILE);
    /** The official class names in label order. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    /** Where the official binary release is published. */
    public static final String OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    /** The MD5 of the official binary archive, as published on the CIFAR-10 page. */
    public static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private Cifar10Layout() {
    }
}
