package org.schemenet.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;
import org.schemenet.train.EpochData;
import org.schemenet.train.InMemoryEpochData;
import org.schemenet.train.TinyNetworks;
import org.schemenet.train.bench.TrainingBenchmark.Rates;
import org.schemenet.train.bench.TrainingBenchmark.Repetitions;

/**
 * The harness behind {@code runner bench} on a tiny network: how many calls it makes where (counted through the
 * network's iteration counter and the epochs it asks the data for), the medians, and a void result when training
 * diverged. No timing assertions: speed is measured, not tested.
 */
class TrainingBenchmarkTest {

    private static final TrainingBenchmark.Batch BATCH = new TrainingBenchmark.Batch(6, TinyNetworks.CHANNELS,
            TinyNetworks.SIZE, TinyNetworks.SIZE, TinyNetworks.CLASSES, DataType.FLOAT);

    private static ComputationGraph network() {
        return TinyNetworks.graph(7, new Sgd(0.01), 0);
    }

    @Test
    void theMedianIsTheMiddleRepeatOrTheMeanOfTheTwoMiddleOnes() {
        Rates odd = Rates.of(List.of(30.0, 10.0, 20.0));
        assertEquals(20.0, odd.median());
        assertEquals(List.of(30.0, 10.0, 20.0), odd.repeats(), "the repeats in the order they were measured");
        assertEquals(25.0, Rates.of(List.of(40.0, 10.0, 30.0, 20.0)).median());
        assertEquals(12.5, Rates.of(List.of(12.5)).median());
        assertThrows(IllegalArgumentException.class, () -> Rates.of(List.of()));
    }

    @Test
    void repetitionsOutsideTheirRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Repetitions(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Repetitions(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Repetitions(0, 1, 0));
        new Repetitions(0, 1, 1);
    }

    @Test
    void trainingFitsTheWarmUpBeforeTheMarkAndRepeatsTimesIterationsBetweenTheMarks() {
        ComputationGraph graph = network();
        List<String> marks = new ArrayList<>();
        TrainingBenchmark bench = new TrainingBenchmark(new Repetitions(2, 3, 4),
                phase -> marks.add(phase + "@" + graph.getIterationCount()));

        TrainingBenchmark.NetworkFigures figures = bench.network(graph, BATCH, 1);

        // 2 warm-up fits, then 4 repeats of 3 fits; inference fits nothing
        assertEquals(List.of("train@2", "end@14", "inference@14", "end@14"), marks);
        for (Rates r : List.of(figures.train(), figures.inference())) {
            assertEquals(4, r.repeats().size());
            assertTrue(r.repeats().stream().allMatch(v -> v > 0 && Double.isFinite(v)), r.toString());
            assertEquals(Rates.of(r.repeats()).median(), r.median());
        }
        assertTrue(figures.peakResidentKilobytes().isPresent(), "Linux has VmHWM in /proc/self/status");
        assertTrue(figures.peakResidentKilobytes().getAsLong() > 0);
    }

    @Test
    void aLossThatIsNotFiniteVoidsTheNumbers() {
        ComputationGraph graph = network();
        graph.params().assign(Double.NaN);
        TrainingBenchmark bench = new TrainingBenchmark(new Repetitions(0, 1, 1), phase -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bench.network(graph, BATCH, 1));
        assertTrue(e.getMessage().startsWith("the loss became NaN while benchmarking"), e.getMessage());
    }

    @Test
    void theDataPipelineDrawsTrainingBatchesEpochAfterEpochFromTheirStart() {
        // 10 images in batches of 4: 3 batches an epoch; 1 warm-up + 2 repeats x 3 batches = 7 batches
        InMemoryEpochData data = new InMemoryEpochData(10, 2, 4, 3);
        List<String> asked = new ArrayList<>();
        EpochData recorded = new EpochData() {
            @Override
            public DataSetIterator trainingBatches(int epoch, int firstBatch) {
                asked.add(epoch + "/" + firstBatch);
                return data.trainingBatches(epoch, firstBatch);
            }

            @Override
            public DataSetIterator testBatches() {
                throw new AssertionError("the pipeline rate draws training batches only");
            }

            @Override
            public long trainingImages() {
                return data.trainingImages();
            }
        };
        List<String> marks = new ArrayList<>();
        Rates rates = new TrainingBenchmark(new Repetitions(1, 3, 2), marks::add).dataPipeline(recorded);

        assertEquals(List.of("0/0", "1/0", "2/0"), asked);
        assertEquals(2, rates.repeats().size());
        assertTrue(rates.repeats().stream().allMatch(v -> v > 0 && Double.isFinite(v)), rates.toString());
        assertEquals(List.of(), marks, "the data pipeline has no phase marks");
    }
}
