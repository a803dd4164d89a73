package org.schemenet.spark;

import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.data.Augmentation;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Reader;
import org.schemenet.data.ImageSet;
import org.schemenet.data.Normalisation;
import scala.Tuple2;

/**
 * The CIFAR-10 training set as Spark reads it: the executors read the binary batch files
 * themselves ({@link JavaSparkContext#binaryRecords}, 3073-byte records: label, then 3×32×32
 * bytes), so the images never pass through the driver. Every epoch gets a fresh permutation and
 * augmentation, both functions of the seed and the epoch: record {@code i} of epoch {@code e}
 * gets the key {@code k = mix(seed, e, i)}; records are sorted by key and image {@code i} is
 * augmented with {@code SplittableRandom(k)} (pad 4, random crop, flip, CIFAR-10 normalisation,
 * as the local pipeline).
 */
public final class CifarRecords {
    private final JavaRDD<byte[]> records;
    private final long seed;
    private final boolean augment;

    /**
     * @param files   the training files: a path or glob every executor can see (e.g.
     *                {@code hdfs:///cifar/data_batch_*.bin}, or a local folder's files on a shared disk)
     * @param augment augment as in the paper; false: normalisation only
     */
    public CifarRecords(JavaSparkContext sc, String files, long seed, boolean augment) {
        this.records = sc.binaryRecords(files, Cifar10Layout.RECORD_BYTES);
        this.seed = seed;
        this.augment = augment;
    }

    /**
     * The examples of epoch {@code epoch} (0-based), one {@link DataSet} per image, in the epoch's
     * order, in {@code partitions} partitions (one per worker: DL4J's parameter averaging splits
     * every partition's exported minibatches over its rounds, so a partition must hold at least
     * one minibatch per round).
     */
    public JavaRDD<DataSet> epoch(int epoch, int partitions) {
        long s = seed;
        boolean a = augment;
        return records.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(mix(s, epoch, t._2()), t._1()))
                .sortByKey(true, partitions)
                .map(t -> example(t._2(), new SplittableRandom(t._1()), a));
    }

    /** A 64-bit mix (SplitMix64's finaliser) of seed, epoch and record index. */
    static long mix(long seed, int epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One record as a one-image data set: features 1×3×32×32, one-hot labels 1×10. */
    static DataSet example(byte[] record, SplittableRandom random, boolean augment) {
        ImageSet one = Cifar10Reader.parseBatch("a training record", record);
        float[] pixels = new float[Cifar10Layout.IMAGE_BYTES];
        if (augment) {
            Augmentation.standard().apply(one, 0, pixels, 0, random);
        } else {
            Normalisation.CIFAR10.apply(one, 0, pixels, 0, random);
        }
        INDArray features = Nd4j.create(pixels, new long[] {1, Cifar10Layout.CHANNELS, Cifar10Layout.SIDE,
                Cifar10Layout.SIDE}, DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 1, Cifar10Layout.CLASSES);
        labels.putScalar(0, one.label(0), 1f);
        return new DataSet(features, labels);
    }
}
