package org.schemenet.report;

/** How far a run directory got, and so what a sweep does with it. */
public enum RunState {
    /** No run there yet: start it. */
    NEW,
    /** Every planned epoch done: skip it. */
    FINISHED,
    /** Interrupted or still marked running, with a checkpoint: continue it with {@code --resume}. */
    RESUMABLE,
    /** Started but no checkpoint (it died in its first epoch): clear its files and start it again. */
    RESTART,
    /** Diverged (non-finite loss): skip it; restarting with the same seed would diverge again. */
    FAILED
}
