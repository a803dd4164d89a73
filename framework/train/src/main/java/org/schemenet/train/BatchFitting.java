package org.schemenet.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * How the {@link Trainer} fits one epoch's batches to the graph: one after another in this JVM
 * ({@link Trainer#SEQUENTIAL}, the default), or spread over several workers by a data-parallel
 * engine. Everything else of a run (schedule, evaluation, checkpoints, metrics, resume, stop and
 * divergence handling) stays in the trainer.
 *
 * <p>A fitting trains in <em>steps</em>: a step consumes one or more batches (one per worker for
 * a data-parallel engine) and ends with the graph holding the parameters and updater state all
 * later batches start from, so a checkpoint may be written after any step.
 */
public interface BatchFitting {

    /**
     * Fits {@code batches} to {@code graph}, in order, reporting every step to {@code steps}; returns
     * when the iterator is exhausted or {@code steps} answers false (then without taking another batch).
     *
     * @param outputs reads the training forward pass's logits: the loss and accuracy of a batch
     */
    void fitEpoch(ComputationGraph graph, DataSetIterator batches, TrainingOutputs outputs, Steps steps);

    /** Receives the steps of an epoch. */
    interface Steps {
        /** @return false to stop the epoch after this step */
        boolean stepDone(Step step);
    }

    /**
     * What one step trained.
     *
     * @param batches batches consumed
     * @param images  images in them
     * @param lossSum Σ over those images of the training forward pass's cross-entropy (non-finite when it diverged)
     * @param correct correctly classified images, or -1 when the logits were not available
     * @param seconds time spent fitting (data loading excluded)
     */
    record Step(int batches, long images, double lossSum, long correct, double seconds) {
        public Step {
            if (batches < 1 || images < 0) {
                throw new IllegalArgumentException("a step trains at least one batch: " + batches + ", " + images);
            }
        }
    }
}
