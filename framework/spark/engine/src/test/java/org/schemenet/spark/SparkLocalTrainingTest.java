package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.Checkpoints;
import org.schemenet.train.RunResult;
import org.schemenet.train.StopRequest;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingPlan;
import org.schemenet.train.report.MetricsCsv;

/** A whole epoch on Spark local[2] through the trainer, with parameter averaging and with gradient sharing. */
@Timeout(300)
class SparkLocalTrainingTest {
    @TempDir
    static Path work;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.open(new SparkMaster("local[2]"), "local training", work.resolve("scratch"), 1, true);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void oneEpochFromBinaryFilesWritesMetricsAndACheckpointThatRestores() throws IOException {
        RunResult r = oneEpoch(SparkMode.AVERAGING, work.resolve("run"), 90);
        // 90 images: 5 rounds of 2 workers x 8 images, the 10 left over are not trained in this epoch
        assertEquals(80.0, r.history().get(0).imagesPerSecond() * r.history().get(0).seconds(), 1e-6);
        assertEquals("0", sc.getConf().get("spark.locality.wait"), "tasks go to any free executor at once");
    }

    @Test
    void gradientSharingOverAeronOnLoopbackTrainsTheSameWay() throws IOException {
        oneEpoch(SparkMode.SHARED_GRADIENTS, work.resolve("run-shared"), 80);
    }

    private RunResult oneEpoch(SparkMode mode, Path run, int images) throws IOException {
        Path data = SparkFixtures.folder(work.resolve("cifar-" + mode.label()), images, 20);
        String trainFiles = data.toUri() + "data_batch_*.bin";
        CifarBatches batches = CifarBatches.list(sc.hadoopConfiguration(), trainFiles, 5, true, 8);
        SparkEpochData epochs = new SparkEpochData(sc.hadoopConfiguration(), batches,
                data.resolve("test_batch.bin").toUri().toString(), 2);
        assertEquals(80, epochs.trainingImages());

        ComputationGraph g = SparkFixtures.network(5, 1);
        float[] before = g.params().toFloatVector();
        SparkFitting fitting = new SparkFitting(sc, new SparkSettings(new SparkMaster("local[2]"), mode, 8, 2,
                freeUdpPort(), "127.0.0.1"), batches, 5);
        RunResult r = new Trainer(g, epochs, new TrainingPlan(1, 5, run), x -> Map.of(), List.of(new MetricsCsv(run)),
                new StopRequest(), fitting).run();

        assertEquals(RunResult.Status.COMPLETED, r.status(), r.message());
        assertFalse(Arrays.equals(before, g.params().toFloatVector()), "parameters unchanged");
        assertTrue(Arrays.stream(g.params().toDoubleVector()).allMatch(Double::isFinite));
        assertEquals(1, g.getEpochCount(), "the trainer's epoch count, not one per round");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(2, csv.size(), csv.toString());
        String[] row = csv.get(1).split(",");
        assertEquals("1", row[0]);
        double loss = Double.parseDouble(row[2]);
        assertTrue(Double.isFinite(loss) && loss > 0, csv.get(1));
        assertEquals("", row[3], "no train accuracy from Spark");
        double testError = Double.parseDouble(row[4]);
        assertTrue(testError >= 0 && testError <= 100, csv.get(1));

        ComputationGraph restored = SparkFixtures.network(5, 1);
        Checkpoints.Restored c = new Checkpoints(run, 2).restoreInto(restored).orElseThrow();
        assertEquals("epoch-0001.zip", c.file().getFileName().toString());
        assertEquals(Arrays.toString(g.params().toFloatVector()), Arrays.toString(restored.params().toFloatVector()));
        return r;
    }

    private static int freeUdpPort() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
