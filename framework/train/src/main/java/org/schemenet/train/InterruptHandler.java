package org.schemenet.train;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first SIGINT (Ctrl-C) into a {@link StopRequest}, so training stops cleanly after the
 * current iteration with a checkpoint; a second SIGINT falls through to the JVM's default handler
 * and ends the process at once. Close it to restore the previous handler.
 */
public final class InterruptHandler implements AutoCloseable {
    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private InterruptHandler(StopRequest stop) {
        SignalHandler[] before = new SignalHandler[1];
        before[0] = Signal.handle(INT, signal -> {
            if (stop.requested()) {
                Signal.handle(INT, before[0]);
                Signal.raise(INT);
            } else {
                stop.request();
            }
        });
        this.previous = before[0];
    }

    /** Installs the handler for {@code stop}. */
    public static InterruptHandler install(StopRequest stop) {
        return new InterruptHandler(stop);
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
