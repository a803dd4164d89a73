package org.schemenet.runner;

import org.schemenet.train.InterruptHandler;
import org.schemenet.train.StopRequest;

/**
 * Connects the outside world's "stop" to the trainer's {@link StopRequest}: SIGINT (Ctrl-C) in
 * the real runner; tests bind their own and request the stop in-process.
 */
public interface StopSignal {

    /** Starts forwarding the signal to {@code stop}; closing stops forwarding. */
    AutoCloseable install(StopRequest stop);

    /** SIGINT, through {@link InterruptHandler}. */
    final class Sigint implements StopSignal {
        @Override
        public AutoCloseable install(StopRequest stop) {
            return InterruptHandler.install(stop);
        }
    }
}
