package org.schemenet.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.impl.StaticPortSupplier;
import org.schemenet.data.EpochSeeds;
import org.schemenet.train.BatchFitting;
import org.schemenet.train.TrainingOutputs;

/**
 * Fits an epoch on a Spark cluster through DL4J's {@link SparkComputationGraph}, on the batches the
 * executors read themselves ({@link CifarBatches}; DL4J's paths API, so nothing is exported and no
 * Hadoop file system is needed beyond a folder the executors share).
 *
 * <p>{@link SparkMode#AVERAGING}: the epoch is a sequence of rounds; round {@code r} is one Spark job
 * of W tasks, task {@code w} fitting batch {@code rW + w} from the parameters and updater state the
 * driver broadcast, after which the driver sets θ ← (1/W) Σ_w θ_w (DL4J's
 * {@link ParameterAveragingTrainingMaster}, averaging frequency 1, updater state averaged too). A
 * round is one step of the trainer: progress, the stop (a checkpoint after the round, the resume
 * continuing with the next), the divergence check and the metrics work as for a local run. The
 * batches of a round, and so the parameters after it, are a function of the seed, the epoch and
 * the round alone: the same seed gives the same run on any cluster with the same W (for W ≤ 2 bit
 * for bit; for more workers Spark sums the workers' parameters in the order they finish, which can
 * change the last bits).
 *
 * <p>{@link SparkMode#SHARED_GRADIENTS} (experimental): DL4J's {@link SharedTrainingMaster}; the
 * epoch's remaining batches in W partitions, one job for the epoch, the workers exchanging
 * threshold-encoded updates over Aeron; its loss is one more distributed scoring pass.
 *
 * <p>The training loss reported is DL4J's score (the workers' mean minibatch loss plus the
 * weight-decay term); accuracy is not available. The batches the trainer passes in name which of
 * the epoch's batches are left ({@link EpochBatches}).
 */
public final class SparkFitting implements BatchFitting {
    private final JavaSparkContext sc;
    private final SparkSettings settings;
    private final CifarBatches batches;
    private final long seed;

    public SparkFitting(JavaSparkContext sc, SparkSettings settings, CifarBatches batches, long seed) {
        if (batches.batchSize() != settings.batchSizePerWorker()) {
            throw new IllegalArgumentException("the batches hold " + batches.batchSize() + " images, the workers fit "
                    + settings.batchSizePerWorker());
        }
        this.sc = sc;
        this.settings = settings;
        this.batches = batches;
        this.seed = seed;
    }

    @Override
    public void fitEpoch(ComputationGraph graph, DataSetIterator epochBatches, TrainingOutputs outputs, Steps steps) {
        if (!(epochBatches instanceof EpochBatches left)) {
            throw new IllegalArgumentException("a Spark fitting trains the batches of a SparkEpochData, not "
                    + epochBatches);
        }
        int w = settings.workers();
        if (left.position() % w != 0) {
            throw new IllegalStateException("epoch " + (left.epoch() + 1) + " stopped after batch " + left.position()
                    + ", which is not the end of a round of " + w + " workers; was the run trained with another "
                    + "number of workers?");
        }
        int epoch = graph.getEpochCount();
        Runnable restoreSchedules = fixLearningRates(graph, graph.getIterationCount(), epoch);
        try {
            if (settings.mode() == SparkMode.AVERAGING) {
                averageRounds(graph, left, epoch, steps);
            } else {
                shareGradients(graph, left, epoch, steps);
            }
        } finally {
            restoreSchedules.run();
        }
    }

    private void averageRounds(ComputationGraph graph, EpochBatches left, int epoch, Steps steps) {
        int w = settings.workers();
        long images = (long) w * settings.batchSizePerWorker();
        while (left.hasNext()) {
            int first = left.position();
            long t0 = System.nanoTime();
            TrainingMaster<?, ?> master = new ParameterAveragingTrainingMaster.Builder(w, settings.batchSizePerWorker())
                    .batchSizePerWorker(settings.batchSizePerWorker())
                    .averagingFrequency(1)
                    .saveUpdater(true)
                    .workerPrefetchNumBatches(0)
                    .repartionData(Repartition.Never)
                    .rngSeed(new EpochSeeds(seed).batch(epoch, first))
                    .collectTrainingStats(false)
                    .build();
            double score = fit(graph, master, paths(epoch, first, first + w), w, epoch);
            left.advance(w);
            if (!steps.stepDone(new Step(w, images, score * images, -1, (System.nanoTime() - t0) / 1e9))) {
                return;
            }
        }
    }

    private void shareGradients(ComputationGraph graph, EpochBatches left, int epoch, Steps steps) {
        int first = left.position();
        int count = left.remaining();
        if (count == 0) {
            return;
        }
        long t0 = System.nanoTime();
        VoidConfiguration mesh = VoidConfiguration.builder()
                .portSupplier(new StaticPortSupplier(settings.port()))
                .controllerAddress(settings.controller())
                .build();
        TrainingMaster<?, ?> master = new SharedTrainingMaster.Builder(mesh, settings.workers(),
                new AdaptiveThresholdAlgorithm(1e-3), settings.batchSizePerWorker())
                .batchSizePerWorker(settings.batchSizePerWorker())
                .repartitionData(Repartition.Never)
                .workerPrefetchNumBatches(0)
                .rngSeed(new EpochSeeds(seed).batch(epoch, first))
                .collectTrainingStats(false)
                .build();
        List<String> paths = paths(epoch, first, first + count);
        fit(graph, master, paths, settings.workers(), epoch);
        // gradient sharing reports no score: the loss is one more (distributed) forward pass over the epoch's batches
        SparkComputationGraph scoring = new SparkComputationGraph(sc, graph, master);
        JavaRDD<DataSet> data = sc.parallelize(paths, settings.workers()).map(new LoadBatch(batches));
        double score = scoring.calculateScore(data, true, settings.batchSizePerWorker());
        left.advance(count);
        long images = (long) count * settings.batchSizePerWorker();
        steps.stepDone(new Step(count, images, score * images, -1, (System.nanoTime() - t0) / 1e9));
    }

    /** The names of batches {@code from .. to-1} of {@code epoch}, for DL4J's paths API. */
    private List<String> paths(int epoch, int from, int to) {
        return IntStream.range(from, to).mapToObj(b -> batches.path(epoch, b)).toList();
    }

    /**
     * Fits the batches named by {@code paths}, in {@code partitions} partitions, with {@code master};
     * afterwards {@code graph} holds the result and the trainer's epoch count. Returns DL4J's score.
     */
    private double fit(ComputationGraph graph, TrainingMaster<?, ?> master, List<String> paths, int partitions,
                       int epoch) {
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        try {
            spark.fitPaths(sc.parallelize(paths, partitions), batches);
        } finally {
            master.deleteTempFiles(sc);
        }
        // DL4J Spark counts an epoch per fit; the trainer counts epochs itself (the schedule reads the count)
        graph.getConfiguration().setEpochCount(epoch);
        ComputationGraph trained = spark.getNetwork();
        if (trained != graph) {
            graph.setParams(trained.params());
            INDArray state = trained.getUpdater().getStateViewArray();
            if (state != null) {
                graph.getUpdater().getStateViewArray().assign(state);
            }
        }
        return spark.getScore();
    }

    /** Loads a named batch on the executor (for the scoring pass of gradient sharing). */
    private record LoadBatch(CifarBatches batches) implements org.apache.spark.api.java.function.Function<String, DataSet> {
        private static final long serialVersionUID = 1L;

        @Override
        public DataSet call(String path) {
            return batches.load(new org.deeplearning4j.spark.data.loader.RemoteFileSource(path, null));
        }
    }

    /**
     * DL4J Spark's workers rebuild the network with iteration and epoch counters at 0, so a
     * learning-rate schedule would always give its first value there. For the epoch, every
     * updater's schedule is replaced by its value η(iteration, epoch) on the driver (what the
     * workers receive), and put back afterwards (what checkpoints store).
     *
     * @return puts the schedules back
     */
    static Runnable fixLearningRates(ComputationGraph graph, int iteration, int epoch) {
        List<Runnable> restore = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BaseLayer bl)) {
                continue;
            }
            IUpdater weights = bl.getIUpdater();
            IUpdater bias = bl.getBiasUpdater();
            bl.setIUpdater(fixed(weights, iteration, epoch));
            bl.setBiasUpdater(fixed(bias, iteration, epoch));
            restore.add(() -> {
                bl.setIUpdater(weights);
                bl.setBiasUpdater(bias);
            });
        }
        return () -> restore.forEach(Runnable::run);
    }

    private static IUpdater fixed(IUpdater u, int iteration, int epoch) {
        if (u == null || !u.hasLearningRate()) {
            return u;
        }
        IUpdater f = u.clone();
        f.setLrAndSchedule(u.getLearningRate(iteration, epoch), null);
        return f;
    }

    @Override
    public String toString() {
        return "Spark " + settings.master().url() + ", " + settings.mode().label() + ", " + settings.workers()
                + " workers x " + settings.batchSizePerWorker() + " images";
    }
}
