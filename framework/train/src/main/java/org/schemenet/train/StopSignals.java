package org.schemenet.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the signals that ask a process to stop into a {@link StopRequest}, so training finishes the
 * current iteration, writes a checkpoint and exits with {@code 128 + signal number}: SIGINT (Ctrl-C,
 * 130), SIGTERM ({@code kill}, {@code timeout}, {@code docker stop}, Slurm, systemd; 143) and SIGHUP
 * (a closed terminal; 129). A second signal (any of the three) ends the process at once, as the
 * default action would: {@link Runtime#halt} with {@code 128 + its number}, without a checkpoint, shutdown
 * hooks or a stack trace (re-raising it after restoring {@code SIG_DFL} does not work: the JVM refuses
 * to raise a signal it has no handler for).
 *
 * <p>A signal that the parent process ignored stays ignored, as the shell meant it: a job started
 * with {@code &} from a non-interactive shell has SIGINT ignored, and SIGTERM is then its clean
 * stop. {@link #ignored()} names such signals. Closing restores the previous handlers.
 */
public final class StopSignals implements AutoCloseable {

    /** The signals handled and their numbers. */
    public static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15, "HUP", 1);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();
    private final AtomicReference<String> received = new AtomicReference<>();

    private StopSignals(StopRequest stop) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal signal = new Signal(name);
            SignalHandler before;
            try {
                before = Signal.handle(signal, s -> {
                    if (!received.compareAndSet(null, name)) {
                        // the second signal: end now, as the default action would (no checkpoint, no hooks)
                        Runtime.getRuntime().halt(exitCode(name));
                    }
                    stop.request("SIG" + name);
                });
            } catch (IllegalArgumentException refused) {
                // the JVM keeps this signal (e.g. -Xrs, or it was ignored when the JVM started)
                ignored.add("SIG" + name);
                continue;
            }
            if (before == SignalHandler.SIG_IGN) {
                Signal.handle(signal, SignalHandler.SIG_IGN);
                ignored.add("SIG" + name);
                continue;
            }
            previous.put(signal, before);
        }
    }

    /** Installs the handlers for {@code stop}. */
    public static StopSignals install(StopRequest stop) {
        return new StopSignals(stop);
    }

    /** The signal that asked for the stop ({@code SIGTERM}), if one did. */
    public Optional<String> received() {
        return Optional.ofNullable(received.get()).map(n -> "SIG" + n);
    }

    /** The exit code for a stop by {@code signal} ({@code SIGINT} → 130, {@code SIGTERM} → 143, {@code SIGHUP} → 129). */
    public static int exitCode(String signal) {
        Integer n = NUMBERS.get(signal.startsWith("SIG") ? signal.substring(3) : signal);
        if (n == null) {
            throw new IllegalArgumentException("not a stop signal: " + signal);
        }
        return 128 + n;
    }

    /** Signals left ignored because the process started with them ignored. */
    public List<String> ignored() {
        return List.copyOf(ignored);
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
