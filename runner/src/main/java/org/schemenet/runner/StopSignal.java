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

    /**
     * What the user should know about the installed signals before training starts (e.g. that Ctrl-C is ignored in
     * this process), printed then rather than at install, so that an input error found during start-up stays the
     * only line.
     */
    default java.util.Optional<String> note() {
        return java.util.Optional.empty();
    }

    /** The operating system's signals, through {@link StopSignals}. */
    final class OperatingSystem implements StopSignal {
        @jakarta.inject.Inject
        OperatingSystem() {
        }

        /** The signals installed last, for {@link #note()}. */
        private StopSignals installed;

        @Override
        public AutoCloseable install(StopRequest stop) {
            installed = StopSignals.install(stop);
            return installed;
        }

        @Override
        public java.util.Optional<String> note() {
            return installed != null && installed.ignored().contains("SIGINT")
                    ? java.util.Optional.of("note: SIGINT (Ctrl-C) is ignored in this process (it was started in the "
                    + "background); stop it cleanly with SIGTERM: kill " + ProcessHandle.current().pid())
                    : java.util.Optional.empty();
        }
    }
}
