package org.schemenet.parallel;

import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.train.BatchFitting;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingOutputs;

/**
 * Data-parallel training in one JVM through DL4J's {@link ParallelWrapper}: {@code workers}
 * replicas of the graph (one per device on a GPU build, CPU threads otherwise) each fit every
 * {@code workers}-th batch; a step of the {@link org.schemenet.train.Trainer} is one round of the
 * wrapper, i.e. {@code workers} batches, after which (in {@link ParallelMode#AVERAGING}, averaging
 * frequency 1) the graph holds θ = (1/N) Σ_w θ_w and the averaged updater state. Worker 0 trains
 * on the graph itself; the others are rebuilt from it at the start of every epoch, so a checkpoint
 * of the graph is a checkpoint of the run and resuming works as for a single worker.
 *
 * <p>Effective batch: N × the configured batch size per step (see docs/scaling.md for the
 * learning rate).
 */
public final class DataParallelFitting implements BatchFitting {
    private final int workers;
    private final ParallelMode mode;

    /**
     * @param workers the number of replicas, at least 1
     * @param mode    how their updates are combined
     */
    public DataParallelFitting(int workers, ParallelMode mode) {
        if (workers < 1) {
            throw new IllegalArgumentException("the number of workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
    }

    public int workers() {
        return workers;
    }

    public ParallelMode mode() {
        return mode;
    }

    @Override
    public void fitEpoch(ComputationGraph graph, DataSetIterator batches, TrainingOutputs outputs, Steps steps) {
        if (workers == 1) { // the wrapper needs two; one worker is the single-worker run
            Trainer.SEQUENTIAL.fitEpoch(graph, batches, outputs, steps);
            return;
        }
        Collection<TrainingListener> own = List.copyOf(graph.getListeners());
        graph.setListeners(List.of()); // the wrapper would hand the graph's listeners to every replica
        WorkerOutputs workerOutputs = new WorkerOutputs(outputs);
        RoundIterator rounds = new RoundIterator(batches, workers, workerOutputs, steps);
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(graph)
                .workers(workers)
                .averagingFrequency(1)
                .averageUpdaters(true)
                .prefetchBuffer(0) // RoundIterator relies on the wrapper pulling batches itself
                .trainingMode(mode.wrapperMode())
                .reportScoreAfterAveraging(false)
                .build();
        try {
            wrapper.setListeners(workerOutputs);
            wrapper.fit(rounds);
            rounds.finish();
        } finally {
            wrapper.shutdown();
            graph.setListeners(own);
        }
    }

    @Override
    public String toString() {
        return workers + " workers, " + mode.label();
    }
}
