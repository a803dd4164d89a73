package org.schemenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;
import org.schemenet.train.report.EpochLog;
import org.schemenet.train.report.MetricsCsv;
import org.schemenet.train.report.ProgressBar;
import org.schemenet.train.report.SummaryJson;

class TrainerTest {
    private static final long SEED = 42;
    private static final int EPOCHS = 3;

    private static ComputationGraph network() {
        return TinyNetworks.graph(SEED, new HeavyBallMomentum(
                new MultiStepSchedule(0.1, 0.1, MultiStepSchedule.paperMilestones(EPOCHS)), 0.9), 1e-4);
    }

    /** Two "learnable coefficients": the BN gamma of channel 0 and the output bias of class 0. */
    private static final Function<ComputationGraph, Map<String, Double>> COEFFICIENTS = g -> {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bn.gamma0", g.getLayer("bn").getParam("gamma").getDouble(0));
        m.put("out.b0", g.getLayer("out").getParam("b").getDouble(0));
        return m;
    };

    private static EpochData data() {
        return new InMemoryEpochData(96, 30, 16, SEED);
    }

    private static Trainer trainer(ComputationGraph g, EpochData data, Path dir, StopRequest stop,
                                   RunObserver... extra) {
        List<RunObserver> observers = new ArrayList<>(List.of(new MetricsCsv(dir),
                new SummaryJson(dir, Map.of("configuration", Map.of("epochs", EPOCHS)))));
        observers.addAll(List.of(extra));
        return new Trainer(g, data, new TrainingPlan(EPOCHS, SEED, dir), COEFFICIENTS, observers, stop);
    }

    @Test
    void aRunWritesMetricsSummaryAndTheLastTwoCheckpointsAndLearns(@TempDir Path dir) throws IOException {
        StringWriter log = new StringWriter();
        StringWriter progress = new StringWriter();
        ComputationGraph g = network();
        RunResult r = trainer(g, data(), dir, new StopRequest(), new EpochLog(new PrintWriter(log)),
                new ProgressBar(new PrintWriter(progress), false)).run();

        assertEquals(RunResult.Status.COMPLETED, r.status());
        assertEquals(3, r.epochsDone());
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,seconds,test_seconds,bn.gamma0,out.b0",
                csv.get(0));
        assertEquals(4, csv.size());
        // the schedule of a 3-epoch run: milestones 2 and 3 -> 0.1, 0.1, 0.01
        assertEquals(List.of("0.1", "0.1", "0.01"), csv.subList(1, 4).stream().map(l -> {
            double lr = Double.parseDouble(l.split(",")[1]);
            return new java.math.BigDecimal(lr).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }).toList());
        // the coefficient columns hold the graph's values after the last epoch
        String[] last = csv.get(3).split(",");
        assertEquals(g.getLayer("out").getParam("b").getDouble(0), Double.parseDouble(last[9]), 0);
        // the network learnt the visible classes: test error well under chance (66.7%)
        assertTrue(r.finalTestErrorPct() < 40, "test error " + r.finalTestErrorPct());
        assertEquals(Double.parseDouble(last[4]), r.finalTestErrorPct(), 1e-9);

        org.schemenet.run.Summary summary = org.schemenet.run.RunDirectory.at(dir).summary().orElseThrow();
        assertEquals(List.of("configuration", "results", "lastEpoch"), List.copyOf(summary.json().keySet()));
        assertEquals(3L, summary.section("configuration").get("epochs"));
        assertEquals("completed", summary.status());
        assertEquals(3, summary.epochsDone());

        assertEquals(List.of("epoch-0002.zip", "epoch-0003.zip"), checkpointNames(dir));
        assertEquals(3, log.toString().lines().count(), log.toString());
        assertTrue(log.toString().lines().allMatch(l -> l.matches(
                "epoch [1-3]/3  train loss \\d+\\.\\d{4}  train acc \\d+\\.\\d\\d%  test error \\d+\\.\\d\\d%  "
                        + "lr 0\\.0?1  \\d+\\.\\d images/s  \\d+\\.\\d s")), log.toString());
        assertTrue(progress.toString().contains("images/s"), progress.toString());
        assertTrue(Files.list(dir.resolve("checkpoints")).noneMatch(p -> p.getFileName().toString().startsWith(".")));
    }

    @Test
    void oneEpochThenAResumeEndsExactlyLikeAnUninterruptedRun(@TempDir Path whole, @TempDir Path split) {
        ComputationGraph reference = network();
        RunResult r = trainer(reference, data(), whole, new StopRequest()).run();

        StopRequest stop = new StopRequest();
        RunObserver stopAfterFirstEpoch = new RunObserver() {
            @Override
            public void epochDone(EpochMetrics m, TrainerState state) {
                stop.request();
            }
        };
        RunResult first = trainer(network(), data(), split, stop, stopAfterFirstEpoch).run();
        assertEquals(RunResult.Status.INTERRUPTED, first.status());
        assertEquals(1, first.epochsDone());

        ComputationGraph resumed = network(); // freshly built, as the runner does; the checkpoint overrides it
        RunResult second = trainer(resumed, data(), split, new StopRequest()).run();
        assertEquals(RunResult.Status.COMPLETED, second.status());
        assertEquals(2, second.history().size());
        assertArrayEquals(reference.params().toFloatVector(), resumed.params().toFloatVector(), 0f);
        assertEquals(r.finalTestErrorPct(), second.finalTestErrorPct(), 0);
        assertEquals(r.bestTestErrorPct(), second.bestTestErrorPct(), 0);
        assertEquals(r.history().get(2).trainLoss(), second.history().get(1).trainLoss(), 0);
        assertEquals(csvWithoutTimes(whole), csvWithoutTimes(split));
    }

    @Test
    void aStopInTheMiddleOfAnEpochCheckpointsThereAndResumesFromThatBatch(@TempDir Path whole, @TempDir Path split) {
        ComputationGraph reference = network();
        trainer(reference, data(), whole, new StopRequest()).run();

        StopRequest stop = new StopRequest();
        RunObserver stopAtBatchThreeOfEpochTwo = new RunObserver() {
            @Override
            public void iterationDone(BatchProgress p) {
                if (p.epoch() == 2 && p.imagesDone() == 48) {
                    stop.request();
                }
            }
        };
        RunResult first = trainer(network(), data(), split, stop, stopAtBatchThreeOfEpochTwo).run();
        assertEquals(RunResult.Status.INTERRUPTED, first.status());
        assertTrue(first.message().contains("after 3 batches"), first.message());
        assertEquals("epoch-0001-batch-000003.zip", first.lastCheckpoint().getFileName().toString());

        ComputationGraph resumed = network();
        RunResult second = trainer(resumed, data(), split, new StopRequest()).run();
        assertEquals(RunResult.Status.COMPLETED, second.status());
        assertArrayEquals(reference.params().toFloatVector(), resumed.params().toFloatVector(), 0f);
        assertEquals(csvWithoutTimes(whole), csvWithoutTimes(split));
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        RunResult r = trainer(network(), new InMemoryEpochData(96, 30, 16, SEED, 1), dir, new StopRequest()).run();
        assertEquals(RunResult.Status.DIVERGED, r.status());
        assertEquals(1, r.epochsDone());
        assertTrue(r.message().startsWith("training diverged: the mean batch loss is NaN at epoch 2, iteration 1"),
                r.message());
        assertTrue(r.message().contains("epoch-0001.zip"), r.message());
        assertEquals(List.of("epoch-0001.zip"), checkpointNames(dir));
        assertEquals("diverged", org.schemenet.run.RunDirectory.at(dir).summary().orElseThrow().status());
        // the checkpoint restores a finite network
        ComputationGraph g = network();
        Checkpoints.Restored restored = new Checkpoints(dir, 2).restoreInto(g).orElseThrow();
        assertEquals(1, restored.state().epochsDone());
        assertTrue(java.util.Arrays.stream(g.params().toDoubleVector()).allMatch(Double::isFinite));
        assertNotNull(restored.file());
    }

    @Test
    void anUnreadableNewestCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        trainer(network(), data(), dir, new StopRequest()).run();
        Path newest = dir.resolve("checkpoints/epoch-0003.zip");
        Files.write(newest, new byte[] {1, 2, 3}); // e.g. a disk that filled up
        Checkpoints.Restored restored = new Checkpoints(dir, 2).restoreInto(network()).orElseThrow();
        assertEquals("epoch-0002.zip", restored.file().getFileName().toString());
        assertEquals(2, restored.state().epochsDone());
        assertEquals(1, restored.skipped().size());
        assertTrue(restored.skipped().get(0).startsWith("epoch-0003.zip: not a readable zip archive"),
                restored.skipped().toString());
        // one bit flipped in the parameters of the older one: its CRC no longer matches
        Path older = dir.resolve("checkpoints/epoch-0002.zip");
        byte[] bytes = Files.readAllBytes(older);
        bytes[dataOffset(bytes, "coefficients.bin") + 5] ^= 0x10;
        Files.write(older, bytes);
        org.schemenet.run.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.schemenet.run.InputException.class, () -> new Checkpoints(dir, 2).restoreInto(network()));
        assertTrue(e.getMessage().startsWith("no usable checkpoint in ") && e.getMessage().contains("epoch-0003.zip: ")
                && e.getMessage().contains("epoch-0002.zip: "), e.getMessage());
        Files.write(older, new byte[0]);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(org.schemenet.run.InputException.class,
                () -> new Checkpoints(dir, 2).restoreInto(network())).getMessage().contains("epoch-0002.zip: empty file"));
    }

    @Test
    void aCheckpointOfAnotherRunIsNotRestoredEvenWithTheSameArchitecture(@TempDir Path dir) {
        ComputationGraph g = network();
        new Checkpoints(dir, 2, "run-a", false).save(g, TrainerState.start());
        org.schemenet.run.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.schemenet.run.InputException.class, () -> new Checkpoints(dir, 2, "run-b", false)
                        .restoreInto(network()));
        assertTrue(e.getMessage().contains("belongs to another run (id run-a; this run is run-b)"), e.getMessage());
        assertEquals(0, new Checkpoints(dir, 2, "run-a", false).restoreInto(network()).orElseThrow().state()
                .epochsDone());
        // a checkpoint from before run ids: only where the run says it has such (an adopted run)
        new Checkpoints(dir, 2).save(g, new TrainerState(1, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, Double.NaN));
        assertEquals(1, new Checkpoints(dir, 2, "run-a", true).restoreInto(network()).orElseThrow().state()
                .epochsDone());
        Checkpoints.Restored strict = new Checkpoints(dir, 2, "run-a", false).restoreInto(network()).orElseThrow();
        assertEquals(0, strict.state().epochsDone());
        assertTrue(strict.skipped().get(0).contains("carries no run id"), strict.skipped().toString());
    }

    @Test
    void aFiniteLossFarBeyondTheStartIsDivergenceToo(@TempDir Path dir) {
        // a fitting that reports what a blowing-up network reports: finite, 5e17 per image
        BatchFitting blowingUp = (graph, batches, outputs, steps) -> {
            while (batches.hasNext()) {
                int n = (int) batches.next().getFeatures().size(0);
                if (!steps.stepDone(new BatchFitting.Step(1, n, 5e17 * n, 0, 0.01))) {
                    return;
                }
            }
        };
        RunResult r = new Trainer(network(), data(), new TrainingPlan(EPOCHS, SEED, dir), COEFFICIENTS, List.of(),
                new StopRequest(), blowingUp).run();
        assertEquals(RunResult.Status.DIVERGED, r.status());
        assertTrue(r.message().contains("the mean batch loss is 5.0E17 at epoch 1, iteration 1")
                && r.message().contains("the bound is 100 ln C = 109.9"), r.message());
        // just below the bound (100 ln 3 = 109.86 for these 3 classes) is not divergence
        BatchFitting high = (graph, batches, outputs, steps) -> {
            while (batches.hasNext()) {
                int n = (int) batches.next().getFeatures().size(0);
                if (!steps.stepDone(new BatchFitting.Step(1, n, 109.0 * n, 0, 0.01))) {
                    return;
                }
            }
        };
        assertEquals(RunResult.Status.COMPLETED, new Trainer(network(), data(), new TrainingPlan(EPOCHS, SEED,
                dir.resolve("high")), COEFFICIENTS, List.of(), new StopRequest(), high).run().status());
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefused(@TempDir Path dir) {
        ComputationGraph g = network();
        new Checkpoints(dir, 2).save(g, TrainerState.start());
        ComputationGraph other = TinyNetworks.graph(SEED, new HeavyBallMomentum(0.1, 0.9), 0, 5);
        org.schemenet.run.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.schemenet.run.InputException.class, () -> new Checkpoints(dir, 2).restoreInto(other));
        assertTrue(e.getMessage().contains("parameters, the network has"), e.getMessage());
    }

    /** Where the data of the zip entry {@code name} starts: after its local header (30 bytes, name, extra field). */
    static int dataOffset(byte[] zip, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + n.length < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4
                    && java.util.Arrays.equals(zip, i + 30, i + 30 + n.length, n, 0, n.length)) {
                int nameLength = (zip[i + 26] & 0xff) | (zip[i + 27] & 0xff) << 8;
                int extraLength = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
                return i + 30 + nameLength + extraLength;
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /**
     * A run whose training fails (here the data's reader, in the second batch of epoch 2) ends as "failed" with the
     * error in its summary: not "running" (no process trains it) and not a completed epoch more than it did; every
     * observer hears it once, and the error reaches the caller unchanged.
     */
    @Test
    void aRunThatFailsSaysSoInItsSummaryAndRethrows(@TempDir Path dir) {
        EpochData good = data();
        java.io.UncheckedIOException readError = new java.io.UncheckedIOException("cannot read data_batch_3.bin",
                new IOException("Input/output error"));
        EpochData failing = new EpochData() {
            @Override
            public org.nd4j.linalg.dataset.api.iterator.DataSetIterator trainingBatches(int epoch, int firstBatch) {
                org.nd4j.linalg.dataset.api.iterator.DataSetIterator batches = good.trainingBatches(epoch, firstBatch);
                if (epoch < 1) {
                    return batches;
                }
                List<org.nd4j.linalg.dataset.DataSet> all = new ArrayList<>();
                batches.forEachRemaining(all::add);
                return new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(all, 1) {
                    private int served;

                    @Override
                    public org.nd4j.linalg.dataset.DataSet next() {
                        if (++served == 2) {
                            throw readError;
                        }
                        return super.next();
                    }
                };
            }

            @Override
            public org.nd4j.linalg.dataset.api.iterator.DataSetIterator testBatches() {
                return good.testBatches();
            }

            @Override
            public long trainingImages() {
                return good.trainingImages();
            }
        };
        List<RunResult> heard = new ArrayList<>();
        RunObserver listener = new RunObserver() {
            @Override
            public void finished(RunResult result) {
                heard.add(result);
            }
        };
        java.io.UncheckedIOException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class,
                () -> trainer(network(), failing, dir, new StopRequest(), listener).run());

        assertTrue(thrown == readError, "the data's own error reaches the caller");
        assertEquals(1, heard.size());
        assertEquals(RunResult.Status.FAILED, heard.get(0).status());
        assertEquals(1, heard.get(0).epochsDone());
        org.schemenet.run.Summary summary = org.schemenet.run.RunDirectory.at(dir).summary().orElseThrow();
        assertEquals("failed", summary.status());
        assertEquals(1, summary.epochsDone());
        assertEquals("failed in epoch 2: UncheckedIOException: cannot read data_batch_3.bin",
                summary.section("results").get("message"));
        assertEquals(List.of("epoch-0001.zip"), checkpointNames(dir));
    }

    private static List<String> checkpointNames(Path dir) {
        return new Checkpoints(dir, 2).list().stream().map(e -> e.file().getFileName().toString()).toList();
    }

    /** metrics.csv without the timing columns (images/s, seconds), which differ between runs. */
    private static List<String> csvWithoutTimes(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("metrics.csv")).stream().map(l -> {
                String[] c = l.split(",", -1);
                List<String> keep = new ArrayList<>();
                for (int i = 0; i < c.length; i++) {
                    if (i < 5 || i > 7) {
                        keep.add(c[i]);
                    }
                }
                return String.join(",", keep);
            }).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
