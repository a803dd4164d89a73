package org.schemenet.train;

import java.nio.file.Path;

/**
 * What a training run does, beyond the network and the data.
 *
 * @param epochs          the total number of epochs of the run (a resumed run continues to this)
 * @param seed            the run's seed; ND4J's generator is re-seeded from it at every epoch
 * @param runDirectory    where metrics, summary and checkpoints go
 * @param keepCheckpoints how many of the newest checkpoints to keep (at least 1)
 * @param runId           the run's id, written into its checkpoints and required of restored ones; null: no check
 * @param acceptUnmarkedCheckpoints also restore checkpoints that carry no run id (written before run ids existed)
 */
public record TrainingPlan(int epochs, long seed, Path runDirectory, int keepCheckpoints, String runId,
                           boolean acceptUnmarkedCheckpoints) {

    /**
     * The divergence rule's factor: a batch whose mean cross-entropy exceeds {@code 100 · ln C} (C
     * classes: 230 for CIFAR-10) has diverged. A network that has learned nothing scores about
     * {@code ln C} (2.3), one that learns scores less; a hundred times that is not a bad start or a
     * spike after a learning-rate step but a run whose weights are blowing up.
     */
    public static final double DIVERGENCE_FACTOR = 100;

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

    /** Keeps the last two checkpoints; no run id. */
    public TrainingPlan(int epochs, long seed, Path runDirectory) {
        this(epochs, seed, runDirectory, 2, null, true);
    }

    /** The largest mean batch loss of a run that has not diverged: {@code 100 · ln C}. */
    public static double divergenceBound(long classes) {
        return DIVERGENCE_FACTOR * Math.log(Math.max(2, classes));
    }
}
