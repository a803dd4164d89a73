package org.schemenet.train;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop training at the next iteration boundary (Ctrl-C). The trainer polls it after
 * every iteration; whoever owns the signal sets it. Thread-safe.
 */
public final class StopRequest {
    private final AtomicBoolean requested = new AtomicBoolean();

    /** Asks the trainer to finish the current iteration, write a checkpoint and stop. */
    public void request() {
        requested.set(true);
    }

    public boolean requested() {
        return requested.get();
    }
}
