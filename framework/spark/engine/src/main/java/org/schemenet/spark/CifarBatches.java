package org.schemenet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.data.Augmentation;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.DataSetException;
import org.schemenet.data.EpochSeeds;
import org.schemenet.data.ImageSet;
import org.schemenet.data.ImageTransform;
import org.schemenet.data.Normalisation;

/**
 * The training batches of a Spark run, read by the executors themselves from the CIFAR-10 binary
 * files (3073-byte records: label, then 3×32×32 bytes) on a file system they share (a shared
 * folder, HDFS, S3): nothing is exported and nothing passes through the driver. Batch {@code k} of
 * epoch {@code e} is exactly batch {@code k} of a local run with the same seed
 * ({@link org.schemenet.data.Cifar10Iterator}): the images at positions {@code kB .. kB+B-1} of
 * the epoch's permutation (Fisher–Yates from {@link EpochSeeds#shuffle(int)}), transformed in that
 * order with one generator seeded by {@link EpochSeeds#batch(int, int)}. A batch is named by a
 * path that DL4J Spark hands to this loader on the executor ({@link #path(int, int)}); so a batch
 * is a function of (seed, epoch, batch) alone, wherever and whenever it is read.
 */
public final class CifarBatches implements DataSetLoader {
    private static final long serialVersionUID = 1L;
    private static final String MARK = "#schemenet-batch-";

    private final List<String> files;
    private final long[] firstRecord;
    private final long seed;
    private final boolean augment;
    private final int batchSize;
    private final SerializableHadoopConfig hadoop;

    private CifarBatches(List<String> files, long[] firstRecord, long seed, boolean augment, int batchSize,
                         Configuration hadoop) {
        this.files = List.copyOf(files);
        this.firstRecord = firstRecord.clone();
        this.seed = seed;
        this.augment = augment;
        this.batchSize = batchSize;
        this.hadoop = new SerializableHadoopConfig(hadoop);
    }

    /**
     * The training files matching {@code glob} (a Hadoop path: {@code file:/shared/cifar/data_batch_*.bin},
     * {@code hdfs://...}), in name order, with their record counts.
     *
     * @param augment pad 4, random crop and flip before the normalisation (the paper's), else normalisation only
     * @throws DataSetException when nothing matches or a file is not a whole number of records
     */
    public static CifarBatches list(Configuration hadoop, String glob, long seed, boolean augment, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        try {
            Path pattern = new Path(glob);
            FileStatus[] found = pattern.getFileSystem(hadoop).globStatus(pattern);
            if (found == null || found.length == 0) {
                throw new DataSetException(glob + ": no CIFAR-10 training files there (expected data_batch_*.bin)");
            }
            // in name order; empty files hold no record
            found = Arrays.stream(found).filter(f -> f.getLen() > 0)
                    .sorted((a, b) -> a.getPath().toString().compareTo(b.getPath().toString())).toArray(FileStatus[]::new);
            if (found.length == 0) {
                throw new DataSetException(glob + ": the CIFAR-10 training files there are empty");
            }
            List<String> files = new ArrayList<>();
            long[] first = new long[found.length + 1];
            for (int i = 0; i < found.length; i++) {
                long bytes = found[i].getLen();
                if (bytes % Cifar10Layout.RECORD_BYTES != 0) {
                    throw new DataSetException(found[i].getPath() + ": " + bytes + " bytes is not a whole number of "
                            + Cifar10Layout.RECORD_BYTES + "-byte CIFAR-10 records");
                }
                files.add(found[i].getPath().toString());
                first[i + 1] = first[i] + bytes / Cifar10Layout.RECORD_BYTES;
            }
            return new CifarBatches(files, first, seed, augment, batchSize, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
        }
    }

    /** Images in the training files. */
    public long images() {
        return firstRecord[firstRecord.length - 1];
    }

    public int batchSize() {
        return batchSize;
    }

    /** The files, in the order their records are numbered. */
    public List<String> files() {
        return files;
    }

    /** The name DL4J Spark passes to {@link #load(Source)} for batch {@code batch} of {@code epoch}. */
    public String path(int epoch, int batch) {
        return files.get(0) + MARK + epoch + "-" + batch;
    }

    /**
     * The order in which {@code epoch} visits the images: Fisher–Yates from
     * {@code SplittableRandom(EpochSeeds.shuffle(epoch))}, as {@link org.schemenet.data.Cifar10Iterator#order(int)}.
     */
    public int[] order(int epoch) {
        return new EpochSeeds(seed).permutation(Math.toIntExact(images()), epoch);
    }

    /** Batch {@code batch} of {@code epoch}: features B×3×32×32, one-hot labels B×10. */
    public DataSet batch(int epoch, int batch) {
        int[] order = order(epoch);
        int from = batch * batchSize;
        if (batch < 0 || from + batchSize > order.length) {
            throw new IllegalArgumentException("epoch " + epoch + " has " + order.length / batchSize + " full batches of "
                    + batchSize + ", not batch " + batch);
        }
        int[] images = Arrays.copyOfRange(order, from, from + batchSize);
        ImageSet read = read(images);
        ImageTransform transform = augment ? Augmentation.standard() : Normalisation.CIFAR10;
        float[] features = new float[batchSize * Cifar10Layout.IMAGE_BYTES];
        float[] oneHot = new float[batchSize * Cifar10Layout.CLASSES];
        SplittableRandom random = new SplittableRandom(new EpochSeeds(seed).batch(epoch, batch));
        for (int j = 0; j < batchSize; j++) {
            transform.apply(read, j, features, j * Cifar10Layout.IMAGE_BYTES, random);
            oneHot[j * Cifar10Layout.CLASSES + read.label(j)] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {batchSize, Cifar10Layout.CHANNELS, Cifar10Layout.SIDE,
            Cifar10Layout.SIDE}, 'c'), Nd4j.create(oneHot, new long[] {batchSize, Cifar10Layout.CLASSES}, 'c'));
    }

    /** The records {@code images} (record numbers across the files), in that order, read with positioned reads. */
    private ImageSet read(int[] images) {
        byte[] pixels = new byte[images.length * Cifar10Layout.IMAGE_BYTES];
        byte[] labels = new byte[images.length];
        byte[] record = new byte[Cifar10Layout.RECORD_BYTES];
        Configuration conf = hadoop.getConfiguration();
        FSDataInputStream[] open = new FSDataInputStream[files.size()];
        try {
            for (int j = 0; j < images.length; j++) {
                int f = file(images[j]);
                if (open[f] == null) {
                    Path p = new Path(files.get(f));
                    open[f] = FileSystem.get(p.toUri(), conf).open(p);
                }
                open[f].readFully((images[j] - firstRecord[f]) * Cifar10Layout.RECORD_BYTES, record);
                labels[j] = record[0];
                System.arraycopy(record, 1, pixels, j * Cifar10Layout.IMAGE_BYTES, Cifar10Layout.IMAGE_BYTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CIFAR-10 records of a batch from " + files + ": "
                    + e.getMessage(), e);
        } finally {
            for (FSDataInputStream in : open) {
                if (in != null) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // read already
                    }
                }
            }
        }
        return new ImageSet(pixels, labels);
    }

    private int file(long record) {
        int i = Arrays.binarySearch(firstRecord, record);
        return i >= 0 ? i : -i - 2;
    }

    /** The batch a {@link #path(int, int)} names (DL4J Spark's worker calls this on the executor). */
    @Override
    public DataSet load(Source source) {
        String p = source.getPath();
        int at = p.lastIndexOf(MARK);
        if (at < 0) {
            throw new IllegalArgumentException("not a batch of this run: " + p);
        }
        String[] eb = p.substring(at + MARK.length()).split("-");
        return batch(Integer.parseInt(eb[0]), Integer.parseInt(eb[1]));
    }
}
