package org.schemenet.train;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A live training UI: an HTTP server on the loopback address that shows a graph's statistics (score,
 * per-layer parameters, gradients, updates) in a browser while it trains. The runner's {@code --ui} finds
 * it through {@link ServiceLoader}: the default build has none, the {@code ui} build ({@code mvn -Pui},
 * module framework/ui) has DL4J's own ({@code StatsListener} + {@code UIServer}).
 */
public interface TrainingUi {

    /** The port when none is given: DL4J's own default. */
    int DEFAULT_PORT = 9000;

    /** What it is, for the runner's output, e.g. "DL4J training UI". */
    String name();

    /**
     * Starts serving on 127.0.0.1:{@code port} (0: a free port the system picks).
     *
     * @throws java.net.BindException when the port is taken
     * @throws IOException            when the server does not start for another reason
     */
    Server serve(int port) throws IOException;

    /** The implementation this build has, if any (the first one {@link ServiceLoader} finds). */
    static Optional<TrainingUi> installed() {
        return ServiceLoader.load(TrainingUi.class, TrainingUi.class.getClassLoader()).findFirst();
    }

    /** A running UI server. */
    interface Server extends AutoCloseable {

        /** The page to open, e.g. {@code http://127.0.0.1:9000/train/overview}. */
        URI address();

        /**
         * Adds a listener that records {@code graph}'s statistics under the session {@code session} to the
         * graph's listeners, keeping those already there (the trainer adds its own next to it).
         */
        void attach(ComputationGraph graph, String session);

        /** Stops serving; the statistics are gone with it. */
        @Override
        void close();
    }
}
