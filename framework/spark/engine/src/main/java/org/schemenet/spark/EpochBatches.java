package org.schemenet.spark;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What the {@link org.schemenet.train.Trainer} hands a Spark fitting for an epoch: not the batches
 * (the executors read them, {@link CifarBatches}) but which of them are left: batches
 * {@code position .. batches-1} of {@code epoch}. {@link SparkFitting} advances it round by round,
 * so the trainer's "is there more of this epoch" (a stop between rounds checkpoints mid-epoch) and
 * its resume point ({@code firstBatch}) mean what they mean for a local run.
 */
final class EpochBatches implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batches;
    private int position;

    EpochBatches(int epoch, int firstBatch, int batches) {
        if (firstBatch < 0 || firstBatch > batches) {
            throw new IllegalArgumentException("epoch " + epoch + " has " + batches + " batches; cannot start at batch "
                    + firstBatch);
        }
        this.epoch = epoch;
        this.position = firstBatch;
        this.batches = batches;
    }

    int epoch() {
        return epoch;
    }

    /** The next batch to train. */
    int position() {
        return position;
    }

    /** Batches left in the epoch. */
    int remaining() {
        return batches - position;
    }

    /** Marks {@code n} more batches as trained. */
    void advance(int n) {
        position = Math.min(batches, position + n);
    }

    @Override
    public boolean hasNext() {
        return position < batches;
    }

    /** The batches are never materialised on the driver. */
    @Override
    public DataSet next() {
        throw new NoSuchElementException("a Spark epoch's batches are read by the executors");
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public int inputColumns() {
        return 0;
    }

    @Override
    public int totalOutcomes() {
        return 0;
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("an epoch's batches are trained once");
    }

    @Override
    public int batch() {
        return 0;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
