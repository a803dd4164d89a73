package org.schemenet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.data.Cifar10Iterator;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Reader;
import org.schemenet.data.DataSetException;
import org.schemenet.data.ImageSet;
import org.schemenet.train.EpochData;

/**
 * The data of a Spark run as the {@link org.schemenet.train.Trainer} sees it: no training batches
 * on the driver (the executors read them, see {@link CifarBatches}), the test set read by the
 * driver for the evaluation after every epoch. An epoch is ⌊N / (W·B)⌋ rounds of W batches of B
 * images (W workers): the N mod W·B images at the end of the epoch's permutation are not trained
 * in that epoch (a different set every epoch). Paths are Hadoop paths ({@code file:}, {@code hdfs:}, ...).
 */
public final class SparkEpochData implements EpochData {
    private final ImageSet test;
    private final int batchSize;
    private final int batchesPerEpoch;

    /**
     * @param training the training batches
     * @param testFile the test batch file
     * @param workers  batches per round
     * @throws DataSetException when the training set holds less than one round
     */
    public SparkEpochData(Configuration hadoop, CifarBatches training, String testFile, int workers) {
        this.batchSize = training.batchSize();
        long rounds = training.images() / ((long) workers * batchSize);
        if (rounds < 1) {
            throw new DataSetException(training.files() + ": " + training.images() + " training images are less than "
                    + "one round of " + workers + " workers x " + batchSize + " images; use a smaller --batch-size or "
                    + "fewer --spark-workers");
        }
        this.batchesPerEpoch = Math.toIntExact(rounds * workers);
        this.test = readTest(hadoop, testFile);
    }

    private static ImageSet readTest(Configuration hadoop, String file) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return Cifar10Reader.parseBatch(file, in.readAllBytes());
        } catch (java.io.FileNotFoundException e) {
            throw new DataSetException(file + ": missing; expected the CIFAR-10 test batch");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Which of the epoch's batches are left; {@link SparkFitting} trains them on the executors. */
    @Override
    public DataSetIterator trainingBatches(int epoch, int firstBatch) {
        return new EpochBatches(epoch, firstBatch, batchesPerEpoch);
    }

    @Override
    public DataSetIterator testBatches() {
        return Cifar10Iterator.test(test, batchSize, Cifar10Layout.CLASS_NAMES);
    }

    /** The images an epoch trains: its full rounds. */
    @Override
    public long trainingImages() {
        return (long) batchesPerEpoch * batchSize;
    }

    /** The test images. */
    public int testImages() {
        return test.size();
    }
}
