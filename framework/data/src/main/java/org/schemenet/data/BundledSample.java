package org.schemenet.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.schemenet.run.DataSetNames;

/**
 * The sample shipped in this module under {@value #RESOURCE_FOLDER}: 2,000 training images (200 of
 * each class) and 500 test images (50 of each class), the first of each class in official order,
 * written in official order in the full binary file-name set (five training batches of 400
 * records, a test batch of 500, {@code batches.meta.txt}). Made by {@link SampleMaker} from the
 * JPEG-rebuilt copy of CIFAR-10, so its pixels are not bit-identical to the official release.
 */
public final class BundledSample {
    /** The class-path folder of the sample's files. */
    public static final String RESOURCE_FOLDER = "org/schemenet/data/sample";
    /** The sample's name in descriptions (and in a run's summary.json; the report uses the same constant). */
    public static final String NAME = DataSetNames.BUNDLED_SAMPLE;
    /**
     * The sample's checksum: the SHA-256 of the {@code sha256sum} listing of its seven files
     * (see {@link DataSetDescription#sha256()}).
     */
    public static final String SHA256 = "3a4f19f1992ae88679b2defa509b620e698cbbf816a420f7bce3f06357540ca6";
    static final int TRAIN_PER_CLASS = 200;
    static final int TEST_PER_CLASS = 50;

    private BundledSample() {
    }

    /** Loads the sample from the class path. */
    public static Cifar10 load() {
        List<Cifar10Reader.BinaryFile> files = new ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            String resource = RESOURCE_FOLDER + "/" + name;
            try (InputStream in = BundledSample.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new DataSetException("the bundled sample is incomplete: " + resource
                            + " is not on the class path (a broken schemenet-data jar?)");
                }
                byte[] bytes = in.readAllBytes(); // 1.2 MB per file: the sample is small
                files.add(new Cifar10Reader.BinaryFile("classpath:" + resource, bytes.length,
                        () -> new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new DataSetException("the bundled sample cannot be read: " + resource + ": " + e, e);
            }
        }
        return Cifar10Reader.read(files, "bundled sample (classpath:" + RESOURCE_FOLDER + ")", NAME,
                "a small balanced subset; " + Cifar10Reader.JPEG_REBUILT_NOTE);
    }
}
