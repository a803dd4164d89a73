package org.schemenet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.InMemoryEpochData;
import org.schemenet.train.RunResult;
import org.schemenet.train.StopRequest;
import org.schemenet.train.TinyNetworks;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingPlan;
import org.schemenet.train.TrainingUi;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;

/**
 * DL4J's training UI as the {@link TrainingUi} of the ui build: found through ServiceLoader, served on
 * 127.0.0.1 only, showing the score of every 10th iteration of a graph the project's {@link Trainer} trains,
 * a taken port as a {@link BindException}, nothing served after close.
 */
@Tag("ui-build")
class Dl4jTrainingUiTest {

    /** The graph's score after every iteration, read as the trainer's listeners see it. */
    static final class Scores extends BaseTrainingListener {
        final Map<Integer, Double> byIteration = new TreeMap<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            byIteration.put(iteration, model.score());
        }
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static ComputationGraph tinyGraph() {
        return TinyNetworks.graph(7, new HeavyBallMomentum(new MultiStepSchedule(0.1, 0.1,
                MultiStepSchedule.paperMilestones(2)), 0.9), 1e-4);
    }

    @Test
    void theServiceLoaderFindsDl4jsUi() {
        assertInstanceOf(Dl4jTrainingUi.class, TrainingUi.installed().orElseThrow());
        assertEquals("DL4J training UI", TrainingUi.installed().orElseThrow().name());
    }

    @Test
    void showsTheScoreOfEveryTenthIterationOfAGraphTheTrainerTrains(@TempDir Path dir) throws Exception {
        ComputationGraph g = tinyGraph();
        Scores scores = new Scores();
        g.setListeners(scores);
        try (TrainingUi.Server server = new Dl4jTrainingUi().serve(0)) {
            URI address = server.address();
            assertEquals("http", address.getScheme());
            assertEquals("127.0.0.1", address.getHost());
            assertEquals("/train/overview", address.getPath());
            server.attach(g, "run-7");
            // 24 iterations of 16 images: statistics at iterations 10 and 20
            RunResult r = new Trainer(g, new InMemoryEpochData(24 * 16, 16, 16, 7), new TrainingPlan(1, 7, dir),
                    graph -> Map.of(), List.of(), new StopRequest()).run();
            assertEquals(RunResult.Status.COMPLETED, r.status());
            assertEquals(3, g.getListeners().size(), "the caller's, the UI's and the trainer's listener");

            HttpResponse<String> page = get(address);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>DL4J Training UI</title>"), page.body());
            assertEquals("run-7", get(address.resolve("/train/sessions/current")).body().strip());

            JsonObject data = JsonParser.parseString(get(address.resolve("/train/overview/data")).body())
                    .getAsJsonObject();
            List<Integer> iterations = new ArrayList<>();
            data.getAsJsonArray("scoresIter").forEach(e -> iterations.add(e.getAsInt()));
            assertEquals(List.of(10, 20), iterations, data.toString());
            for (int i = 0; i < iterations.size(); i++) {
                assertEquals(scores.byIteration.get(iterations.get(i)),
                        data.getAsJsonArray("scores").get(i).getAsDouble(), 1e-12, "score at " + iterations.get(i));
            }
            JsonObject graph = JsonParser.parseString(get(address.resolve("/train/model/graph")).body())
                    .getAsJsonObject();
            List<String> vertices = new ArrayList<>();
            graph.getAsJsonArray("originalVertexName").forEach(e -> vertices.add(e.getAsString()));
            assertEquals(List.of("in", "conv", "bn", "relu", "pool", "out"), vertices);
            // every chart of the overview and model pages has its statistics (Dl4jTrainingUi.SHOWN)
            for (String chart : List.of("stdevActivations", "stdevGradients", "stdevUpdates", "updateRatios")) {
                assertTrue(data.getAsJsonObject(chart).has("conv_W") || data.getAsJsonObject(chart).has("conv"),
                        chart + " in " + data);
            }
            JsonObject layer = JsonParser.parseString(get(address.resolve("/train/model/data/1")).body())
                    .getAsJsonObject();
            assertEquals(2, layer.getAsJsonObject("activations").getAsJsonArray("mean").size(), layer.toString());
            assertEquals(2, layer.getAsJsonObject("activations").getAsJsonArray("stdev").size(), layer.toString());
            assertEquals(2, layer.getAsJsonObject("meanMag").getAsJsonObject("ratios").getAsJsonArray("W").size());
            assertEquals(2, layer.getAsJsonObject("learningRates").getAsJsonObject("lrs").getAsJsonArray("W").size());
            for (String histogram : List.of("paramHist", "updateHist")) {
                assertEquals(20, layer.getAsJsonObject(histogram).getAsJsonObject("W").get("bins").getAsInt(),
                        histogram + " in " + layer);
            }
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnlyAndStopsOnClose() throws Exception {
        URI address;
        try (TrainingUi.Server server = new Dl4jTrainingUi().serve(0)) {
            address = server.address();
            assertEquals(200, get(address).statusCode());
            // bound to 127.0.0.1:port, not 0.0.0.0:port: another loopback address may still take the port
            try (ServerSocket other = new ServerSocket()) {
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), address.getPort()));
            }
        }
        URI closed = address;
        assertThrows(ConnectException.class, () -> get(closed));
    }

    @Test
    void aTakenPortIsABindExceptionAndTheNextServerStillStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            BindException e = assertThrows(BindException.class, () -> new Dl4jTrainingUi().serve(port));
            assertTrue(e.getMessage().startsWith("127.0.0.1:" + port + ": "), e.getMessage());
        }
        try (TrainingUi.Server server = new Dl4jTrainingUi().serve(0)) {
            assertEquals(200, get(server.address()).statusCode());
        }
    }
}
