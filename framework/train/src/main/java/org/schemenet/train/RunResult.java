package org.schemenet.train;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended.
 *
 * @param status             completed, interrupted (Ctrl-C), diverged (non-finite loss) or failed (an error stopped the
 *                           training; the trainer tells its observers, then rethrows the error)
 * @param epochsDone         completed epochs
 * @param finalTestErrorPct  test error after the last completed epoch (NaN if none)
 * @param bestTestErrorPct   lowest test error of a completed epoch (NaN if none)
 * @param bestEpoch          the epoch that reached it (0 if none)
 * @param wallSeconds        wall-clock seconds over all sessions of the run
 * @param trainImagesPerSecond training throughput over the whole run (evaluation excluded)
 * @param lastCheckpoint     the newest checkpoint written, or null
 * @param message            what happened, one line
 * @param history            the metrics of every completed epoch of this session
 */
public record RunResult(Status status, int epochsDone, double finalTestErrorPct, double bestTestErrorPct, int bestEpoch,
                        double wallSeconds, double trainImagesPerSecond, Path lastCheckpoint, String message,
                        List<EpochMetrics> history) {

    /** How a run ended. */
    public enum Status {
        COMPLETED, INTERRUPTED, DIVERGED,
        /** An error stopped the training (observers hear it; the caller gets the error itself). */
        FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RunResult {
        history = List.copyOf(history);
    }
}
