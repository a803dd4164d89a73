package org.schemenet.runner;

import org.schemenet.train.StopRequest;
import org.schemenet.train.StopSignals;

/**
 * Connects the outside world's "stop" to the trainer's {@link StopRequest}: SIGINT, SIGTERM and
 * SIGHUP in the real runner; tests bind their own and request the stop in-process.
 */
public interface StopSignal {

    /** Starts forwarding the signals to {@code stop}; closing stops forwarding. */
    AutoCloseable install(StopRequest stop);

    /** The operating system's signals, through {@link StopSignals}. */
    final class OperatingSystem implements StopSignal {
        private final Console console;

        @jakarta.inject.Inject
        OperatingSystem(Console console) {
            this.console = console;
        }

        @Override
        public AutoCloseable install(StopRequest stop) {
            StopSignals signals = StopSignals.install(stop);
            if (signals.ignored().contains("SIGINT")) {
                console.err().println("note: SIGINT (Ctrl-C) is ignored in this process (it was started in the "
                        + "background); stop it cleanly with SIGTERM: kill " + ProcessHandle.current().pid());
            }
            return signals;
        }
    }
}
