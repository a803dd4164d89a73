package org.schemenet.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

// Also used by framework/parallel's tests through this module's test-jar.
/**
 * Small random images whose class is visible in the data (class c brightens channel c mod 2 in
 * quadrant c), shuffled per epoch by {@code Random(seed * 1000 + epoch)}.
 */
public final class InMemoryEpochData implements EpochData {
    private final List<DataSet> train;
    private final List<DataSet> test;
    private final long seed;
    private final int batch;
    private final Integer poisonedEpoch;

    public InMemoryEpochData(int trainSize, int testSize, int batch, long seed, Integer poisonedEpoch) {
        Random r = new Random(seed);
        this.train = images(trainSize, r);
        this.test = images(testSize, r);
        this.seed = seed;
        this.batch = batch;
        this.poisonedEpoch = poisonedEpoch;
    }

    public InMemoryEpochData(int trainSize, int testSize, int batch, long seed) {
        this(trainSize, testSize, batch, seed, null);
    }

    private static List<DataSet> images(int n, Random r) {
        List<DataSet> out = new ArrayList<>();
        int s = TinyNetworks.SIZE;
        for (int i = 0; i < n; i++) {
            int c = i % TinyNetworks.CLASSES;
            float[] pixels = new float[TinyNetworks.CHANNELS * s * s];
            for (int ch = 0; ch < TinyNetworks.CHANNELS; ch++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        boolean marked = ch == c % 2 && (y < s / 2) == (c < 2) && (x < s / 2) == (c % 2 == 0);
                        pixels[(ch * s + y) * s + x] = (float) (r.nextGaussian() * 0.5 + (marked ? 1.5 : 0));
                    }
                }
            }
            INDArray f = Nd4j.create(pixels, new long[] {1, TinyNetworks.CHANNELS, s, s}, DataType.FLOAT);
            INDArray l = Nd4j.zeros(DataType.FLOAT, 1, TinyNetworks.CLASSES);
            l.putScalar(0, c, 1f);
            out.add(new DataSet(f, l));
        }
        return out;
    }

    @Override
    public DataSetIterator trainingBatches(int epoch, int firstBatch) {
        List<DataSet> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(seed * 1000 + epoch));
        if (poisonedEpoch != null && poisonedEpoch == epoch) {
            DataSet first = order.get(0).copy();
            first.getFeatures().putScalar(0, Float.NaN);
            order.set(0, first);
        }
        List<DataSet> all = batches(order);
        return new ListDataSetIterator<>(all.subList(firstBatch, all.size()), 1);
    }

    @Override
    public DataSetIterator testBatches() {
        return new ListDataSetIterator<>(batches(test), 1);
    }

    private List<DataSet> batches(List<DataSet> items) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batch) {
            out.add(DataSet.merge(items.subList(i, Math.min(items.size(), i + batch))));
        }
        return out;
    }

    @Override
    public long trainingImages() {
        return train.size();
    }
}
