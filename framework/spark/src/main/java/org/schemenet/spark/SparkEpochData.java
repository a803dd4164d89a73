package org.schemenet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.data.Cifar10Iterator;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Reader;
import org.schemenet.data.DataSetException;
import org.schemenet.data.ImageSet;
import org.schemenet.train.EpochData;

/**
 * The data of a Spark run as the {@link org.schemenet.train.Trainer} sees it: no training batches
 * on the driver (the executors read them, see {@link CifarRecords}), the test set read by the
 * driver for the evaluation after every epoch, and the number of training images from the sizes of
 * the training files. Paths are Hadoop paths ({@code file:}, {@code hdfs:}, ...).
 */
public final class SparkEpochData implements EpochData {
    private final ImageSet test;
    private final int batchSize;
    private final long trainingImages;

    /**
     * @param trainingFiles the training files (path or glob), as for {@link CifarRecords}
     * @param testFile      the test batch file
     */
    public SparkEpochData(Configuration hadoop, String trainingFiles, String testFile, int batchSize) {
        this.batchSize = batchSize;
        this.trainingImages = countRecords(hadoop, trainingFiles);
        this.test = readTest(hadoop, testFile);
    }

    static long countRecords(Configuration hadoop, String files) {
        try {
            org.apache.hadoop.fs.Path glob = new org.apache.hadoop.fs.Path(files);
            FileStatus[] found = glob.getFileSystem(hadoop).globStatus(glob);
            if (found == null || found.length == 0) {
                throw new DataSetException(files + ": no CIFAR-10 training files there (expected data_batch_*.bin)");
            }
            long bytes = 0;
            for (FileStatus f : found) {
                if (f.getLen() % Cifar10Layout.RECORD_BYTES != 0) {
                    throw new DataSetException(f.getPath() + ": " + f.getLen() + " bytes is not a whole number of "
                            + Cifar10Layout.RECORD_BYTES + "-byte CIFAR-10 records");
                }
                bytes += f.getLen();
            }
            return bytes / Cifar10Layout.RECORD_BYTES;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + files + ": " + e.getMessage(), e);
        }
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

    @Override
    public DataSetIterator trainingBatches(int epoch, int firstBatch) {
        return new ListDataSetIterator<>(List.<DataSet>of(), 1);
    }

    @Override
    public DataSetIterator testBatches() {
        return Cifar10Iterator.test(test, batchSize, Cifar10Layout.CLASS_NAMES);
    }

    @Override
    public long trainingImages() {
        return trainingImages;
    }
}
