package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.run.Json;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * The ui build ({@code mvn -Pui}): {@code --ui=PORT} serves DL4J's training UI on 127.0.0.1:PORT while a real
 * (tiny) run trains in-process, for a new run and for {@code --resume}. After epoch 1, while the run still holds
 * it, the test fetches the UI's pages over HTTP: the overview page, the session (the run's id), the score series
 * and the model graph of the network the run trains. A port in use is one error before anything is written.
 */
@Tag("ui-build")
class TrainingUiRunTest {
    /** 22 iterations of batch 20 per epoch: statistics at iterations 10 and 20 (every 10th). */
    static final int TRAIN_IMAGES = 440;
    static final int BATCH = 20;

    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), TRAIN_IMAGES, 20, 7);
    }

    /** What the UI served after the first epoch trained in this session (read while the run still holds it). */
    static final class Probe implements RunObserver {
        final URI base;
        String runId;
        int overviewStatus;
        String overviewPage;
        String session;
        JsonObject overview;
        JsonObject graph;
        JsonObject sessions;

        Probe(int port) {
            base = URI.create("http://127.0.0.1:" + port + "/");
        }

        @Override
        public void started(TrainingPlan plan, TrainerState resumed) {
            runId = plan.runId();
        }

        @Override
        public void epochDone(EpochMetrics metrics, TrainerState state) {
            if (overviewPage != null) {
                return;
            }
            HttpResponse<String> page = get("train/overview");
            overviewStatus = page.statusCode();
            overviewPage = page.body();
            // the UI learns of a new session from its event queue: wait for it (at most 20 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                session = get("train/sessions/current").body().strip();
            } while (!session.equals(runId) && System.nanoTime() < deadline && pause());
            overview = JsonParser.parseString(get("train/overview/data").body()).getAsJsonObject();
            graph = JsonParser.parseString(get("train/model/graph").body()).getAsJsonObject();
            sessions = JsonParser.parseString(get("train/sessions/info").body()).getAsJsonObject();
        }

        private HttpResponse<String> get(String path) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static boolean pause() {
            try {
                Thread.sleep(200);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        List<Integer> scoreIterations() {
            return ints(overview.getAsJsonArray("scoresIter"));
        }

        List<String> vertices() {
            return StreamSupport.stream(graph.getAsJsonArray("originalVertexName").spliterator(), false)
                    .map(e -> e.getAsString()).toList();
        }
    }

    static List<Integer> ints(JsonArray a) {
        return StreamSupport.stream(a.spliterator(), false).map(e -> e.getAsInt()).toList();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static RunnerHarness.Result run(Probe probe, String... args) {
        Module observe = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), RunObserver.class).addBinding().toInstance(probe);
            }
        };
        return RunnerHarness.run(List.of(observe), Map.of(Environment.PLUGINS_VARIABLE,
                RunnerHarness.builtPlugins().toString()), args);
    }

    static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--scheme", "euler", "--depth", "8", "--epochs", "1",
                "--batch-size", String.valueOf(BATCH), "--data", data.toString(), "--seed", "3", "--threads", "2",
                "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void servesTheRunsStatisticsWhileItTrainsAndAgainOnResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        int port = freePort();
        Probe probe = new Probe(port);
        RunnerHarness.Result r = run(probe, args(out, "--ui=" + port));
        assertEquals(0, r.exitCode(), r.err() + r.out());
        String address = "http://127.0.0.1:" + port + "/train/overview";
        assertTrue(r.out().lines().anyMatch(l -> l.equals("training UI: " + address + " (DL4J training UI, "
                + "served while this run trains)")), r.out());

        assertEquals(200, probe.overviewStatus, probe.overviewPage);
        assertTrue(probe.overviewPage.contains("<html"), probe.overviewPage);
        String runId = Json.readObject(Files.readString(out.resolve("run.json"))).get("runId").toString();
        assertEquals(runId, probe.runId);
        assertEquals(runId, probe.session, "the UI's session is the run");
        // the score series: every 10th of the epoch's 22 iterations, each a finite loss
        assertEquals(List.of(10, 20), probe.scoreIterations(), probe.overview.toString());
        for (var score : probe.overview.getAsJsonArray("scores")) {
            assertTrue(Double.isFinite(score.getAsDouble()) && score.getAsDouble() > 0, probe.overview.toString());
        }
        // the model graph is the run's network, as its checkpoint has it: the same vertices and parameter count
        ComputationGraph saved = ModelSerializer.restoreComputationGraph(
                out.resolve("checkpoints/epoch-0001.zip").toFile(), false);
        List<String> vertices = new ArrayList<>(saved.getConfiguration().getNetworkInputs());
        vertices.addAll(saved.getConfiguration().getVertices().keySet());
        assertEquals(Set.copyOf(vertices), Set.copyOf(probe.vertices()));
        assertEquals(vertices.size(), probe.vertices().size(), probe.vertices().toString());
        assertEquals(saved.numParams(), probe.sessions.getAsJsonObject(runId).get("numParams").getAsLong(),
                probe.sessions.toString());

        // the option is not a run setting, and the server ended with the run
        assertFalse(Files.readString(out.resolve("config.toml")).contains("ui"), "config.toml has no ui");
        assertThrows(ConnectException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofString()));

        // --resume takes it too: the same session, statistics of the second epoch's iterations
        int again = freePort();
        Probe resumed = new Probe(again);
        RunnerHarness.Result second = run(resumed, "--resume", out.toString(), "--epochs", "2", "--ui=" + again);
        assertEquals(0, second.exitCode(), second.err() + second.out());
        assertTrue(second.out().contains("training UI: http://127.0.0.1:" + again + "/train/overview"), second.out());
        assertEquals(200, resumed.overviewStatus);
        assertEquals(runId, resumed.session);
        assertEquals(List.of(30, 40), resumed.scoreIterations(), resumed.overview.toString());
    }

    @Test
    void aPortInUseIsOneErrorBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            RunnerHarness.Result r = RunnerHarness.run(args(out, "--ui", String.valueOf(port)));
            assertEquals(2, r.exitCode(), r.err() + r.out());
            assertEquals("error: --ui " + port + ": port " + port + " on 127.0.0.1 is in use; give another port "
                    + "(--ui=PORT), or --ui=0 for any free one", r.err().strip(), "one line, no stack trace");
            assertFalse(Files.exists(out), "no run directory");
        }
    }

    @Test
    void workersThatTrainWithoutTheListenersAreRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run(args(out, "--workers", "2", "--ui=0"));
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("error: --ui shows the network this process trains in its own thread; with --workers 2 the "
                + "ParallelWrapper replicas train without its listeners: use --workers 1 with --ui", r.err().strip());
        assertFalse(Files.exists(out), "no run directory");
    }
}
