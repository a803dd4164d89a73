package org.schemenet.train;

/** Receives the trainer's events: progress bars, logs, metrics files, summaries. */
public interface RunObserver {

    /** Before the first epoch of this session; {@code resumed} holds the restored state. */
    default void started(TrainingPlan plan, TrainerState resumed) {
    }

    /** At the start of an epoch (1-based), or its continuation after a resume. */
    default void epochStarted(int epoch, int epochs, double learningRate, long images, long imagesDone) {
    }

    /** After every iteration. */
    default void iterationDone(BatchProgress progress) {
    }

    /** After an epoch's evaluation. */
    default void epochDone(EpochMetrics metrics, TrainerState state) {
    }

    /**
     * When the run ends, however it ends: also when an error stops it ({@link RunResult.Status#FAILED}, before the
     * trainer rethrows the error).
     */
    default void finished(RunResult result) {
    }

    /**
     * Progress inside an epoch.
     *
     * @param epoch           1-based
     * @param imagesDone      training images of this epoch so far
     * @param images          training images of the epoch
     * @param meanLoss        mean loss of the epoch so far
     * @param imagesPerSecond this epoch's rate so far
     * @param secondsLeft     estimated seconds to the end of the epoch's training
     */
    record BatchProgress(int epoch, long imagesDone, long images, double meanLoss, double imagesPerSecond,
                         double secondsLeft) {
    }
}
