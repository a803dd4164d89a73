package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.net.BindException;
import org.schemenet.run.InputException;
import org.schemenet.train.TrainingUi;

/**
 * The runner's {@code --ui[=PORT]}: a live training UI, found through {@link java.util.ServiceLoader} as a
 * {@link TrainingUi} (the ui build, {@code mvn -Pui}, has DL4J's; the default build has none), served on
 * 127.0.0.1:PORT for as long as the run trains. An invocation option like {@code --verbose}, not a run
 * setting: it is not in config.toml, and {@code --resume} takes it too.
 */
public final class TrainingUiOption {

    /** How to get a build with the UI. */
    static final String BUILD = "mvn -B -Pui -DskipTests package";

    private final Console console;

    @Inject
    TrainingUiOption(Console console) {
        this.console = console;
    }

    /**
     * Starts the UI on 127.0.0.1:{@code port} and prints its address; {@link LiveUi#NONE} when {@code port}
     * is null (no {@code --ui}).
     *
     * @throws UsageException on a build without a UI or a port in use
     * @throws IllegalArgumentException for a port outside 0 to 65535
     */
    public LiveUi start(Integer port) {
        if (port == null) {
            return LiveUi.NONE;
        }
        if (port < 0 || port > 65535) { // the option's converter (NumberOptions.Port) refuses these as it parses
            throw new IllegalArgumentException("port " + port + ": " + NumberOptions.Port.ALLOWED);
        }
        TrainingUi ui = TrainingUi.installed().orElseThrow(() -> new UsageException("--ui: this build has no "
                + "training UI; build it with '" + BUILD + "' (adds DL4J's training UI, see docs/training.md), then "
                + "run again"));
        TrainingUi.Server server;
        try {
            server = ui.serve(port);
        } catch (BindException e) {
            throw new UsageException("--ui " + port + ": port " + port + " on 127.0.0.1 is in use; give another "
                    + "port (--ui=PORT), or --ui=0 for any free one", e);
        } catch (IOException e) {
            throw new InputException("--ui " + port + ": the " + ui.name() + " did not start: " + e.getMessage(), e);
        }
        console.out().println("training UI: " + server.address() + " (" + ui.name() + ", served while this run "
                + "trains)");
        return new LiveUi(server);
    }
}
