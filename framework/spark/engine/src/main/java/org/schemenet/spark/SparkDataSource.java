package org.schemenet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.ImageCounts;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.RunData;
import org.schemenet.run.DataSetNames;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;

/**
 * The data of a Spark run: training images stay with the executors, which read them from the
 * binary files ({@link CifarBatches}); the driver reads the test set, and checksums the files for
 * the run's identity (a resumed run must train on the same data). The data set is named as a local run names
 * it ({@link DataSetNames}: {@code cifar-10}, or {@code cifar-10-sample} for {@code --data sample}), so a report
 * puts Spark and local runs on the same data in one cell; the summary's {@code reader} says the executors read it.
 */
public final class SparkDataSource implements DataSource {
    /** Who reads the training images, in the summary's data description ({@code reader}). */
    static final String READER = "the Spark executors";

    @Override
    public RunData open(RunSettings config) {
        SparkData data = SparkData.of(config);
        int workers = SparkEngine.workers(config);
        Configuration hadoop = new Configuration();
        CifarBatches training = CifarBatches.list(hadoop, data.training(), config.get(Settings.SEED), true,
                config.integer(Settings.BATCH_SIZE));
        SparkEpochData epochs = new SparkEpochData(hadoop, training, data.test(), workers);
        Map<String, Object> description = new LinkedHashMap<>();
        // named as a local run on the same data names it, so that the report puts both runs in one cell
        description.put("name", DataSetNames.of(config.get(Settings.DATA)));
        description.put("reader", READER);
        description.put("source", data.training());
        description.put("sha256", sha256(hadoop, training.files(), data.test()));
        description.put("trainImages", training.images());
        description.put("testImages", epochs.testImages());
        description.put("trainedPerEpoch", epochs.trainingImages());
        description.put("test", data.test());
        return new RunData(epochs, Cifar10Layout.SIDE, Cifar10Layout.SIDE, Cifar10Layout.CHANNELS,
                Cifar10Layout.CLASSES, description, "cifar-10 binary files " + data.training() + " ("
                + training.images() + " training images, read by the executors, " + epochs.trainingImages()
                + " per epoch in full rounds) and " + data.test());
    }

    /** The files' record counts (the executors read whole files: no subsets). */
    @Override
    public ImageCounts check(RunSettings config) {
        SparkData data = SparkData.of(config);
        Configuration hadoop = new Configuration();
        CifarBatches training = CifarBatches.list(hadoop, data.training(), 0, false, 1);
        return new ImageCounts(Math.toIntExact(training.images()), Math.toIntExact(CifarBatches.list(hadoop,
                data.test(), 0, false, 1).images()));
    }

    /**
     * The SHA-256 of the files' {@code sha256sum} listing (training files in order, then the test
     * file), as the local data source computes it for the same files.
     */
    static String sha256(Configuration hadoop, List<String> training, String test) {
        List<String> files = new ArrayList<>(training);
        files.add(test);
        StringBuilder listing = new StringBuilder();
        byte[] buffer = new byte[1 << 16];
        for (String f : files) {
            Path p = new Path(f);
            MessageDigest d = digest();
            try (InputStream in = p.getFileSystem(hadoop).open(p)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    d.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            listing.append(HexFormat.of().formatHex(d.digest())).append("  ").append(p.getName()).append('\n');
        }
        return HexFormat.of().formatHex(digest().digest(listing.toString().getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
