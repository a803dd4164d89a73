package org.schemenet.train;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop training at the next iteration boundary (a signal, or a caller). The trainer
 * polls it after every iteration; whoever owns the signal sets it, with the reason (the signal's
 * name, e.g. {@code SIGTERM}). Thread-safe.
 */
public final class StopRequest {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks the trainer to finish the current iteration, write a checkpoint and stop. */
    public void request() {
        request("stop requested");
    }

    /** As {@link #request()}, saying why (the first reason stays). */
    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    /** Why the stop was requested, if it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }
}
