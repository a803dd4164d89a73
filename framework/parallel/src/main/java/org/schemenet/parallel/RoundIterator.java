package org.schemenet.parallel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.train.BatchFitting;

/**
 * The epoch's batches as {@link org.deeplearning4j.parallelism.ParallelWrapper} pulls them, with a
 * step reported after every round of the wrapper (one batch per worker, then waiting for all of
 * them and averaging).
 *
 * <p>The wrapper (prefetching off) asks {@code hasNext()} once at the top of every round, then
 * {@code hasNext()}/{@code next()} for each worker's batch and one more {@code hasNext()}, then
 * trains. So a {@code hasNext()} that follows another {@code hasNext()} comes after a finished
 * round: that is where the round's step is reported, and where a stop is answered with
 * {@code false}, so the wrapper ends the epoch without taking another batch.
 */
final class RoundIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient DataSetIterator batches;
    private final transient WorkerOutputs outputs;
    private final transient BatchFitting.Steps steps;
    private final int workers;
    private final transient Deque<DataSet> firstRound = new ArrayDeque<>();
    private boolean started;
    private boolean lastWasHasNext;
    private boolean stopped;
    private int pendingBatches;
    private long pendingImages;
    private long roundStart = System.nanoTime();
    private long loadingNanos;

    RoundIterator(DataSetIterator batches, int workers, WorkerOutputs outputs, BatchFitting.Steps steps) {
        this.batches = batches;
        this.workers = workers;
        this.outputs = outputs;
        this.steps = steps;
    }

    /** Reads the first round ahead, to know how many workers start, and gates their first forward pass. */
    private void start() {
        started = true;
        long t0 = System.nanoTime();
        while (firstRound.size() < workers && batches.hasNext()) {
            firstRound.add(batches.next());
        }
        loadingNanos += System.nanoTime() - t0;
        if (!firstRound.isEmpty()) {
            outputs.gate(firstRound.size());
        }
    }

    @Override
    public boolean hasNext() {
        if (stopped) {
            return false;
        }
        if (lastWasHasNext && pendingBatches > 0) {
            reportRound();
            if (stopped) {
                return false;
            }
        }
        lastWasHasNext = true;
        if (!started) {
            start();
        }
        return !firstRound.isEmpty() || batches.hasNext();
    }

    @Override
    public DataSet next() {
        lastWasHasNext = false;
        if (!started) {
            start();
        }
        long t0 = System.nanoTime();
        DataSet ds = firstRound.isEmpty() ? batches.next() : firstRound.poll();
        loadingNanos += System.nanoTime() - t0;
        pendingBatches++;
        pendingImages += ds.getFeatures().size(0);
        return ds;
    }

    /** Reports a round the wrapper has finished but not yet reported (the epoch's last). */
    void finish() {
        if (pendingBatches > 0 && !stopped) {
            reportRound();
        }
    }

    private void reportRound() {
        double[] totals = outputs.take();
        if ((int) totals[0] != pendingBatches) {
            throw new IllegalStateException("the workers reported " + (int) totals[0] + " batches of a round of "
                    + pendingBatches);
        }
        double seconds = (System.nanoTime() - roundStart - loadingNanos) / 1e9;
        BatchFitting.Step step = new BatchFitting.Step(pendingBatches, pendingImages, totals[1], (long) totals[2],
                seconds);
        pendingBatches = 0;
        pendingImages = 0;
        stopped = !steps.stepDone(step);
        loadingNanos = 0;
        roundStart = System.nanoTime();
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int inputColumns() {
        return batches.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return batches.totalOutcomes();
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
        throw new UnsupportedOperationException("an epoch's batches are read once");
    }

    @Override
    public int batch() {
        return batches.batch();
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
        return batches.getLabels();
    }
}
