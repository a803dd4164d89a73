package org.schemenet.runner;

import org.schemenet.network.CompiledNetwork;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.train.TrainingUi;

/**
 * The training UI of one runner invocation as its training session sees it: {@link #NONE}, or a running
 * {@link TrainingUi.Server} ({@link TrainingUiOption}) that gets the network's statistics listener before
 * training starts.
 */
public final class LiveUi implements AutoCloseable {

    /** No {@code --ui}. */
    public static final LiveUi NONE = new LiveUi(null);

    private final TrainingUi.Server server;

    LiveUi(TrainingUi.Server server) {
        this.server = server;
    }

    /**
     * Refuses a run whose training the UI would not see: with {@code --workers N > 1} the ParallelWrapper
     * replicas train without the network's listeners, and {@code --spark} trains on executors.
     */
    void check(RunSettings settings) {
        if (server == null) {
            return;
        }
        if (settings.get(Settings.SPARK) != null) {
            throw new UsageException("--ui shows the network this process trains; with --spark the executors train "
                    + "it: drop --ui");
        }
        int workers = settings.integer(Settings.WORKERS);
        if (workers > 1) {
            throw new UsageException("--ui shows the network this process trains in its own thread; with --workers "
                    + workers + " the ParallelWrapper replicas train without its listeners: use --workers 1 with --ui");
        }
    }

    /**
     * Attaches the UI's statistics listener to the graph of {@code network} (next to the others), under the session
     * {@code runId}.
     */
    void attach(CompiledNetwork network, String runId) {
        if (server != null) {
            server.attach(network.graph(), runId);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
