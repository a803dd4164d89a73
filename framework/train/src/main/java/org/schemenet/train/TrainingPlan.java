package org.schemenet.train;

import java.nio.file.Path;

/**
 * What a training run does, beyond the network and the data.
 *
 * @param epochs          the total number of epochs of the run (a resumed run continues to this)
 * @param seed            the run's seed; ND4J's generator is re-seeded from it at every epoch
 * @param runDirectory    where metrics, summary and checkpoints go
 * @param keepCheckpoints how many of the newest checkpoints to keep (at least 1)
 */
public record TrainingPlan(int epochs, long seed, Path runDirectory, int keepCheckpoints) {
    public TrainingPlan {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keepCheckpoints must be >= 1, got " + keepCheckpoints);
        }
        if (runDirectory == null) {
            throw new IllegalArgumentException("a run directory is required");
        }
    }

    /** Keeps the last two checkpoints. */
    public TrainingPlan(int epochs, long seed, Path runDirectory) {
        this(epochs, seed, runDirectory, 2);
    }
}
