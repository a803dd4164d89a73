package org.schemenet.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Trains a {@link ComputationGraph} epoch by epoch: one {@code fit} per batch (or one step of a
 * pluggable {@link BatchFitting}, e.g. a data-parallel engine), evaluation on the test set after
 * every epoch, a checkpoint after every epoch, events to {@link RunObserver}s.
 *
 * <p>Resumable: {@link #run()} first restores the newest checkpoint of the run directory, if any,
 * and continues from it. Epoch {@code e}'s batches come from {@link EpochData#trainingBatches(int, int)}
 * (a function of the seed and {@code e}) and ND4J's generator is re-seeded with
 * {@code seed + e} at the start of every epoch, so on the CPU an interrupted and resumed run ends
 * with the same parameters and metrics as an uninterrupted one.
 *
 * <p>Stops early when the {@link StopRequest} is set (after the current iteration, with a
 * checkpoint) or when the run diverges (without a checkpoint: the last good one stays): a batch
 * whose mean loss is not finite or exceeds {@link TrainingPlan#divergenceBound} ({@code 100 · ln C}
 * for C classes).
 */
public final class Trainer {

    /** One batch after another on the graph itself, in the calling thread. */
    public static final BatchFitting SEQUENTIAL = (graph, batches, outputs, steps) -> {
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            long t0 = System.nanoTime();
            graph.fit(ds);
            int n = (int) ds.getFeatures().size(0);
            double[] lc = batchLossAndCorrect(graph, outputs, ds, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!steps.stepDone(new BatchFitting.Step(1, n, lc[0], Double.isNaN(lc[1]) ? -1 : (long) lc[1], seconds))) {
                return;
            }
        }
    };

    private final ComputationGraph graph;
    private final EpochData data;
    private final TrainingPlan plan;
    private final Function<ComputationGraph, Map<String, Double>> coefficients;
    private final List<RunObserver> observers;
    private final StopRequest stop;
    private final Checkpoints checkpoints;
    private final BatchFitting fitting;

    /**
     * @param graph        the network, freshly initialised (a checkpoint in the run directory overrides its state)
     * @param data         the run's batches
     * @param plan         epochs, seed, run directory
     * @param coefficients the learnable coefficients by name, read from the graph after every epoch
     * @param observers    progress, logs, files
     * @param stop         polled after every iteration
     */
    public Trainer(ComputationGraph graph, EpochData data, TrainingPlan plan,
                   Function<ComputationGraph, Map<String, Double>> coefficients, List<RunObserver> observers,
                   StopRequest stop) {
        this(graph, data, plan, coefficients, observers, stop, SEQUENTIAL);
    }

    /**
     * As above, with the batches of every epoch fitted by {@code fitting} (e.g. a data-parallel engine);
     * the stop request is then polled after every step of the fitting.
     */
    public Trainer(ComputationGraph graph, EpochData data, TrainingPlan plan,
                   Function<ComputationGraph, Map<String, Double>> coefficients, List<RunObserver> observers,
                   StopRequest stop, BatchFitting fitting) {
        this.fitting = java.util.Objects.requireNonNull(fitting, "fitting");
        this.graph = graph;
        this.data = data;
        this.plan = plan;
        this.coefficients = coefficients;
        this.observers = List.copyOf(observers);
        this.stop = stop;
        this.checkpoints = new Checkpoints(plan.runDirectory(), plan.keepCheckpoints(), plan.runId(),
                plan.acceptUnmarkedCheckpoints());
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Restores the newest checkpoint (if any) and trains to the plan's last epoch. */
    public RunResult run() {
        return run(restore());
    }

    /**
     * Restores the newest usable checkpoint of the run directory into the network, if there is one
     * (say which, and which newer ones were passed over, before calling {@link #run(Optional)}).
     */
    public Optional<Checkpoints.Restored> restore() {
        return checkpoints.restoreInto(graph);
    }

    /** Trains to the plan's last epoch from {@code restored} (or from the start). */
    public RunResult run(Optional<Checkpoints.Restored> restored) {
        long wallStart = System.nanoTime();
        double maxLoss = TrainingPlan.divergenceBound(classes(graph));
        TrainerState state = restored.map(Checkpoints.Restored::state).orElse(TrainerState.start());
        Path lastCheckpoint = restored.map(Checkpoints.Restored::file).orElse(null);
        double wallBefore = state.wallSeconds();
        TrainingOutputs outputs = new TrainingOutputs(graph);
        // added to the caller's listeners (e.g. DL4J's StatsListener), never replacing them
        List<org.deeplearning4j.optimize.api.TrainingListener> listeners = new ArrayList<>(
                graph.getListeners() == null ? List.of() : graph.getListeners());
        listeners.removeIf(l -> l instanceof TrainingOutputs);
        listeners.add(outputs);
        graph.setListeners(listeners);
        observers.forEach(o -> o.started(plan, restored.map(Checkpoints.Restored::state).orElse(null)));
        List<EpochMetrics> history = new ArrayList<>();

        RunResult outcome = null;
        int epochInProgress = state.epochsDone() + 1;
        try {
            while (state.epochsDone() < plan.epochs()) {
                int e = state.epochsDone();
                epochInProgress = e + 1;
                Nd4j.getRandom().setSeed(nd4jSeed(plan.seed() + e));
                double lr = learningRate(e);
                long images = data.trainingImages();
                final long done0 = state.seen();
                observers.forEach(o -> o.epochStarted(e + 1, plan.epochs(), lr, images, done0));
                DataSetIterator batches = data.trainingBatches(e, state.batchesDone());
                Epoch ep = new Epoch(state.batchesDone(), state.lossSum(), state.correct(), state.seen(), state.epochSeconds());
                fitting.fitEpoch(graph, batches, outputs, step -> {
                    ep.batch += step.batches();
                    ep.seconds += step.seconds();
                    double meanLoss = step.lossSum() / Math.max(1, step.images());
                    if (!Double.isFinite(meanLoss) || meanLoss > maxLoss) {
                        ep.diverged = true;
                        ep.divergedLoss = meanLoss;
                        return false;
                    }
                    ep.lossSum += step.lossSum();
                    ep.correct += Math.max(step.correct(), 0);
                    ep.accuracyKnown &= step.correct() >= 0;
                    ep.seen += step.images();
                    double rate = ep.seen / Math.max(ep.seconds, 1e-9);
                    RunObserver.BatchProgress p = new RunObserver.BatchProgress(e + 1, ep.seen, images, ep.lossSum / ep.seen,
                            rate, rate > 0 ? (images - ep.seen) / rate : Double.NaN);
                    observers.forEach(o -> o.iterationDone(p));
                    ep.stopped = stop.requested() && batches.hasNext();
                    return !ep.stopped;
                });
                int batch = ep.batch;
                long seen = ep.seen;
                double seconds = ep.seconds;
                double lossSum = ep.lossSum;
                long correct = ep.correct;
                if (ep.diverged) {
                    String message = String.format("training diverged: the mean batch loss is %s at epoch %d, iteration %d "
                            + "(learning rate %s; the bound is 100 ln C = %.1f); stopped. %s", ep.divergedLoss, e + 1, batch,
                            lr, maxLoss, lastCheckpoint == null
                            ? "No checkpoint was written yet."
                            : "The last good checkpoint is " + lastCheckpoint + ".");
                    outcome = result(RunResult.Status.DIVERGED, state, wallBefore, wallStart,
                            lastCheckpoint, message, history);
                    break;
                }
                if (ep.stopped) {
                    state = new TrainerState(e, batch, lossSum, correct, seen, seconds, state.bestTestError(),
                            state.bestEpoch(), state.trainSeconds(), state.trainImages(),
                            wallBefore + (System.nanoTime() - wallStart) / 1e9, state.lastTestError());
                    lastCheckpoint = checkpoints.save(graph, state);
                    outcome = result(RunResult.Status.INTERRUPTED, state, wallBefore, wallStart,
                            lastCheckpoint, "interrupted during epoch " + (e + 1) + " after " + batch + " batches; "
                                    + "checkpoint " + lastCheckpoint, history);
                    break;
                }
                graph.incrementEpochCount();
                long t1 = System.nanoTime();
                double testError = testErrorPct();
                double testSeconds = (System.nanoTime() - t1) / 1e9;
                boolean better = !(testError >= state.bestTestError());
                state = new TrainerState(e + 1, 0, 0, 0, 0, 0, better ? testError : state.bestTestError(),
                        better ? e + 1 : state.bestEpoch(), state.trainSeconds() + seconds, state.trainImages() + seen,
                        wallBefore + (System.nanoTime() - wallStart) / 1e9, testError);
                EpochMetrics m = new EpochMetrics(e + 1, plan.epochs(), lr, seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 || !outputs.available() || !ep.accuracyKnown ? Double.NaN : (double) correct / seen, testError, seen / Math.max(seconds, 1e-9),
                        seconds, testSeconds, coefficients.apply(graph));
                history.add(m);
                TrainerState s = state;
                observers.forEach(o -> o.epochDone(m, s));
                lastCheckpoint = checkpoints.save(graph, state);
                if (stop.requested() && state.epochsDone() < plan.epochs()) {
                    outcome = result(RunResult.Status.INTERRUPTED, state, wallBefore, wallStart,
                            lastCheckpoint, "interrupted after epoch " + state.epochsDone() + "; checkpoint "
                                    + lastCheckpoint, history);
                    break;
                }
            }
            if (outcome == null) {
                outcome = result(RunResult.Status.COMPLETED, state, wallBefore, wallStart, lastCheckpoint,
                        "completed " + state.epochsDone() + " epochs", history);
            }
        } catch (RuntimeException | Error failure) {
            RunResult failed = result(RunResult.Status.FAILED, state, wallBefore, wallStart, lastCheckpoint,
                    "failed in epoch " + epochInProgress + ": " + failure.getClass().getSimpleName() + ": "
                            + failure.getMessage(), history);
            for (RunObserver o : observers) {
                try {
                    o.finished(failed);
                } catch (RuntimeException | Error another) {
                    failure.addSuppressed(another);
                }
            }
            throw failure;
        }
        RunResult r = outcome;
        observers.forEach(o -> o.finished(r));
        return r;
    }

    /** How the run ended, from its state; the observers hear it once the training has ended. */
    private RunResult result(RunResult.Status status, TrainerState state, double wallBefore,
                             long wallStart, Path lastCheckpoint, String message, List<EpochMetrics> history) {
        double wall = wallBefore + (System.nanoTime() - wallStart) / 1e9;
        double rate = state.trainSeconds() > 0 ? state.trainImages() / state.trainSeconds() : Double.NaN;
        double lastTestError = state.lastTestError();
        if (Double.isNaN(lastTestError) && state.epochsDone() > 0 && state.bestEpoch() == state.epochsDone()) {
            // a checkpoint written before the state recorded the last test error
            lastTestError = state.bestTestError();
        }
        return new RunResult(status, state.epochsDone(), lastTestError, state.bestTestError(),
                state.bestEpoch(), wall, rate, lastCheckpoint, message, history);
    }

    /**
     * The seed given to ND4J for a run seed {@code v}: {@code v} itself, except 0, which ND4J's
     * native generator takes as "seed from the clock" (two processes with seed 0 drew different
     * numbers); it becomes {@link Long#MIN_VALUE}, which no run seed (>= 0) plus epoch reaches.
     */
    static long nd4jSeed(long v) {
        return v == 0 ? Long.MIN_VALUE : v;
    }

    /** The number of classes of the graph's output layer (for the divergence bound), 10 when unknown. */
    private static long classes(ComputationGraph graph) {
        try {
            if (graph.getOutputLayer(0).conf().getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f && f.getNOut() > 1) {
                return f.getNOut();
            }
        } catch (RuntimeException ignored) {
            // not a single-output classifier
        }
        return 10;
    }

    /** The learning rate the updater uses in (0-based) epoch {@code epoch}, read from the first trainable layer. */
    double learningRate(int epoch) {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            for (String param : layer.paramTable().keySet()) {
                IUpdater u = layer.conf().getLayer().getUpdaterByParam(param);
                if (u != null && u.hasLearningRate()) {
                    return u.getLearningRate(graph.getIterationCount(), epoch);
                }
            }
        }
        return Double.NaN;
    }

    private static double[] batchLossAndCorrect(ComputationGraph graph, TrainingOutputs outputs, DataSet ds, int n) {
        double[][] logits = outputs.takeLogits();
        if (logits == null) {
            return new double[] {graph.score() * n, Double.NaN};
        }
        return TrainingOutputs.lossSumAndCorrect(logits, labels(ds.getLabels()));
    }

    /** The running sums of the epoch in progress. */
    private static final class Epoch {
        int batch;
        double lossSum;
        long correct;
        long seen;
        double seconds;
        boolean diverged;
        double divergedLoss;
        boolean stopped;
        boolean accuracyKnown = true;

        Epoch(int batch, double lossSum, long correct, long seen, double seconds) {
            this.batch = batch;
            this.lossSum = lossSum;
            this.correct = correct;
            this.seen = seen;
            this.seconds = seconds;
        }
    }

    private static int[] labels(INDArray oneHot) {
        return oneHot.argMax(1).toIntVector();
    }

    /** Test error in percent: argmax of the inference-mode output against the label. */
    public double testErrorPct() {
        DataSetIterator test = data.testBatches();
        long wrong = 0;
        long total = 0;
        while (test.hasNext()) {
            DataSet ds = test.next();
            INDArray out = graph.outputSingle(false, ds.getFeatures());
            int[] predicted = out.argMax(1).toIntVector();
            int[] actual = labels(ds.getLabels());
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] != actual[i]) {
                    wrong++;
                }
            }
            total += predicted.length;
        }
        return total == 0 ? Double.NaN : 100.0 * wrong / total;
    }
}
