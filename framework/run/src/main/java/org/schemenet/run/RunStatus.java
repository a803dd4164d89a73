package org.schemenet.run;

/**
 * How far a run directory got, as a sweep sees it: from the lock and the records, never from
 * process listings.
 */
public sealed interface RunStatus {

    /** No run there yet ({@code config.toml} missing): start it. */
    record NotStarted() implements RunStatus {
    }

    /** A process holds the run's lock and trains it. */
    record Running(long pid) implements RunStatus {
    }

    /** Every planned epoch done. */
    record Finished(int epochsDone) implements RunStatus {
    }

    /** Stopped by a diverging loss: a new attempt with the same seed would diverge again. */
    record Diverged(String message) implements RunStatus {
    }

    /**
     * Started and not finished, nobody training it: continue it with {@code --resume} (from its
     * newest checkpoint, or from the beginning when it has none).
     */
    record Interrupted(int epochsDone, boolean hasCheckpoint) implements RunStatus {
    }
}
