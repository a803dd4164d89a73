package org.schemenet.parallel;

import org.schemenet.train.InMemoryEpochData;
import org.schemenet.train.TinyNetworks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.train.BatchFitting;
import org.schemenet.train.Checkpoints;
import org.schemenet.train.EpochData;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.StopRequest;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingPlan;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;
import org.schemenet.train.report.MetricsCsv;

@Timeout(120)
class DataParallelFittingTest {
    private static final long SEED = 7;
    private static final int EPOCHS = 2;
    private static final int BATCH = 8;

    private static ComputationGraph network() {
        return TinyNetworks.graph(SEED, new HeavyBallMomentum(
                new MultiStepSchedule(0.05, 0.1, MultiStepSchedule.paperMilestones(EPOCHS)), 0.9), 1e-4);
    }

    private static EpochData data() {
        return new InMemoryEpochData(64, 24, BATCH, SEED); // 8 batches per epoch
    }

    private static Trainer trainer(ComputationGraph g, Path dir, StopRequest stop, BatchFitting fitting,
                                   RunObserver... extra) {
        List<RunObserver> observers = new ArrayList<>(List.of(new MetricsCsv(dir)));
        observers.addAll(List.of(extra));
        return new Trainer(g, data(), new TrainingPlan(EPOCHS, SEED, dir), g2 -> Map.of(), observers, stop, fitting);
    }

    @Test
    void twoAveragingWorkersTrainInRoundsOfTwoBatchesAndWriteMetricsAndCheckpoints(@TempDir Path dir) throws IOException {
        ComputationGraph g = network();
        float[] before = g.params().toFloatVector();
        List<Long> progress = new ArrayList<>();
        RunObserver recorder = new RunObserver() {
            @Override
            public void iterationDone(BatchProgress p) {
                progress.add(p.imagesDone());
            }
        };
        RunResult r = trainer(g, dir, new StopRequest(), new DataParallelFitting(2, ParallelMode.AVERAGING), recorder).run();

        assertEquals(RunResult.Status.COMPLETED, r.status());
        assertEquals(EPOCHS, r.epochsDone());
        // one step per round: 2 workers x 8 images, four rounds per epoch
        assertEquals(List.of(16L, 32L, 48L, 64L, 16L, 32L, 48L, 64L), progress);
        assertFalse(Arrays.equals(before, g.params().toFloatVector()), "parameters unchanged");
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(EPOCHS + 1, csv.size());
        for (String row : csv.subList(1, csv.size())) {
            String[] c = row.split(",");
            double loss = Double.parseDouble(c[2]);
            double acc = Double.parseDouble(c[3]);
            assertTrue(Double.isFinite(loss) && loss > 0 && loss < 5, row);
            assertTrue(acc >= 0 && acc <= 1, row);
        }
        assertEquals(List.of("epoch-0001.zip", "epoch-0002.zip"), new Checkpoints(dir, 2).list().stream()
                .map(e -> e.file().getFileName().toString()).toList());
        // the checkpoint holds the averaged graph
        ComputationGraph restored = network();
        new Checkpoints(dir, 2).restoreInto(restored).orElseThrow();
        assertArrayEquals(g.params().toFloatVector(), restored.params().toFloatVector(), 0f);
    }

    @Test
    void aRunStoppedAfterARoundResumesToTheSameParametersAsAnUninterruptedOne(@TempDir Path whole, @TempDir Path split) {
        ComputationGraph reference = network();
        trainer(reference, whole, new StopRequest(), new DataParallelFitting(2, ParallelMode.AVERAGING)).run();

        StopRequest stop = new StopRequest();
        RunObserver stopAfterFirstRoundOfEpochTwo = new RunObserver() {
            @Override
            public void iterationDone(BatchProgress p) {
                if (p.epoch() == 2 && p.imagesDone() == 16) {
                    stop.request();
                }
            }
        };
        RunResult first = trainer(network(), split, stop, new DataParallelFitting(2, ParallelMode.AVERAGING),
                stopAfterFirstRoundOfEpochTwo).run();
        assertEquals(RunResult.Status.INTERRUPTED, first.status());
        assertEquals("epoch-0001-batch-000002.zip", first.lastCheckpoint().getFileName().toString());

        ComputationGraph resumed = network();
        RunResult second = trainer(resumed, split, new StopRequest(), new DataParallelFitting(2, ParallelMode.AVERAGING))
                .run();
        assertEquals(RunResult.Status.COMPLETED, second.status());
        assertArrayEquals(reference.params().toFloatVector(), resumed.params().toFloatVector(), 0f);
    }

    @Test
    void oneAveragingRoundIsTheMeanOfTwoIndependentOneBatchSteps(@TempDir Path dir) {
        EpochData twoBatches = new InMemoryEpochData(16, 8, BATCH, SEED);
        ComputationGraph parallel = network();
        new Trainer(parallel, twoBatches, new TrainingPlan(1, SEED, dir), g -> Map.of(), List.of(), new StopRequest(),
                new DataParallelFitting(2, ParallelMode.AVERAGING)).run();

        // independently: each batch fitted once on its own copy of the initial network, then averaged
        DataSetIterator batches = twoBatches.trainingBatches(0, 0);
        ComputationGraph a = network();
        a.fit(batches.next());
        ComputationGraph b = network();
        b.fit(batches.next());
        assertFalse(batches.hasNext());
        INDArray expectedParams = a.params().add(b.params()).divi(2);
        INDArray expectedMomentum = a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray()).divi(2);
        assertFalse(Arrays.equals(a.params().toFloatVector(), b.params().toFloatVector()));
        assertArrayEquals(expectedParams.toFloatVector(), parallel.params().toFloatVector(), 1e-6f);
        assertArrayEquals(expectedMomentum.toFloatVector(), parallel.getUpdater().getStateViewArray().toFloatVector(),
                1e-6f);
    }

    @Test
    void oneWorkerIsTheSingleWorkerRun(@TempDir Path a, @TempDir Path b) {
        ComputationGraph plain = network();
        RunResult rp = trainer(plain, a, new StopRequest(), Trainer.SEQUENTIAL).run();
        ComputationGraph one = network();
        RunResult r1 = trainer(one, b, new StopRequest(), new DataParallelFitting(1, ParallelMode.AVERAGING)).run();
        assertArrayEquals(plain.params().toFloatVector(), one.params().toFloatVector(), 0f);
        assertEquals(rp.history().get(1).trainLoss(), r1.history().get(1).trainLoss(), 0);
    }

    @Test
    void twoWorkersSharingGradientsTrain(@TempDir Path dir) {
        ComputationGraph g = network();
        float[] before = g.params().toFloatVector();
        RunResult r = trainer(g, dir, new StopRequest(), new DataParallelFitting(2, ParallelMode.SHARED_GRADIENTS)).run();
        assertEquals(RunResult.Status.COMPLETED, r.status());
        assertTrue(Double.isFinite(r.history().get(1).trainLoss()));
        assertFalse(Arrays.equals(before, g.params().toFloatVector()), "parameters unchanged");
        assertTrue(Arrays.stream(g.params().toDoubleVector()).allMatch(Double::isFinite));
    }

    @Test
    void misconfigurationIsNamed() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new DataParallelFitting(0, ParallelMode.AVERAGING));
        assertEquals("the number of workers must be at least 1, got 0", w.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> ParallelMode.parse("ring"));
        assertEquals("unknown parallel mode 'ring'; allowed: averaging, shared-gradients", m.getMessage());
        assertEquals(ParallelMode.SHARED_GRADIENTS, ParallelMode.parse("Shared-Gradients"));
    }
}
