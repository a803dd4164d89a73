package org.schemenet.ui;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsUpdateConfiguration;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.schemenet.train.TrainingUi;

/**
 * DL4J's own training UI as a {@link TrainingUi} (registered in
 * {@code META-INF/services/org.schemenet.train.TrainingUi}): its Vert.x server on 127.0.0.1 only
 * ({@link LoopbackUiServer}), one in-memory statistics storage per server, and a {@link StatsListener}
 * per attached graph that records, every {@value #STATISTICS_EVERY} iterations, the statistics the UI's
 * pages show ({@link #SHOWN}).
 */
public final class Dl4jTrainingUi implements TrainingUi {

    /**
     * Statistics every this many iterations (DL4J's default is every iteration). Measured on the depth-20
     * network with one thread (docs/training.md), one report of {@link #SHOWN} costs about half an
     * iteration's time, so every 10th iteration adds about 5% to the training time, while an epoch of
     * CIFAR-10 at batch 128 (391 iterations) still gives about 40 points per chart, one every few seconds.
     */
    public static final int STATISTICS_EVERY = 10;

    /**
     * The statistics the UI's pages show (DL4J's TrainModule reads no others): the score; means and standard
     * deviations of the activations; standard deviations of the gradients; histograms, mean magnitudes (for the
     * update:parameter ratios) and standard deviations of the updates; histograms and mean magnitudes of the
     * parameters; learning rates, memory, garbage collection and images/s. DL4J's default also computes
     * histograms and mean magnitudes of every activation and gradient array, shown nowhere, and with them a
     * report cost about three times as much (the activations' in proportion to the batch).
     */
    static final StatsUpdateConfiguration SHOWN = new DefaultStatsUpdateConfiguration.Builder()
            .reportingFrequency(STATISTICS_EVERY)
            .collectHistogramsParameters(true).collectHistogramsGradients(false).collectHistogramsUpdates(true)
            .collectHistogramsActivations(false)
            .collectMeanParameters(false).collectMeanGradients(false).collectMeanUpdates(false)
            .collectMeanActivations(true)
            .collectStdevParameters(false).collectStdevGradients(true).collectStdevUpdates(true)
            .collectStdevActivations(true)
            .collectMeanMagnitudesParameters(true).collectMeanMagnitudesGradients(false)
            .collectMeanMagnitudesUpdates(true).collectMeanMagnitudesActivations(false)
            .build();

    /** How long the server may take to start. */
    private static final long START_SECONDS = 60;

    /** The page the address names. */
    static final String OVERVIEW = "/train/overview";

    public Dl4jTrainingUi() {
        // found through ServiceLoader
    }

    @Override
    public String name() {
        return "DL4J training UI";
    }

    @Override
    public Server serve(int port) throws IOException {
        Vertx vertx = Vertx.vertx();
        LoopbackUiServer ui = new LoopbackUiServer(port);
        CompletableFuture<Void> deployed = new CompletableFuture<>();
        vertx.deployVerticle(ui, r -> {
            if (r.succeeded()) {
                deployed.complete(null);
            } else {
                deployed.completeExceptionally(r.cause());
            }
        });
        try {
            deployed.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw failure(e instanceof ExecutionException ? e.getCause() : e, port);
        } catch (InterruptedException e) {
            vertx.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the " + name() + " started", e);
        }
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        ui.attach(storage);
        return new Served(ui, storage,
                URI.create("http://" + LoopbackUiServer.HOST + ":" + ui.getPort() + OVERVIEW));
    }

    /** A {@link BindException} when the port is taken (somewhere in the causes), else an IOException. */
    private IOException failure(Throwable e, int port) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                BindException taken = new BindException(LoopbackUiServer.HOST + ":" + port + ": " + c.getMessage());
                taken.initCause(e);
                return taken;
            }
        }
        return new IOException("the " + name() + " did not start on " + LoopbackUiServer.HOST + ":" + port + ": "
                + e, e);
    }

    /** A running server and its storage. */
    private record Served(LoopbackUiServer ui, InMemoryStatsStorage storage, URI address) implements Server {

        @Override
        public void attach(ComputationGraph graph, String session) {
            List<TrainingListener> listeners = new ArrayList<>(
                    graph.getListeners() == null ? List.of() : graph.getListeners());
            listeners.add(new StatsListener(storage, null, SHOWN, session, null));
            graph.setListeners(listeners);
        }

        @Override
        public void close() {
            try {
                ui.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
