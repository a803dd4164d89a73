package org.schemenet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
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
import org.schemenet.train.BatchFitting;
import org.schemenet.train.TrainingOutputs;

/**
 * Fits an epoch on a Spark cluster through DL4J's {@link SparkComputationGraph}. With a
 * {@link ParameterAveragingTrainingMaster} ({@link SparkMode#AVERAGING}) the driver broadcasts the
 * graph's parameters and updater state, every executor fits {@code averagingFrequency} minibatches
 * of {@code batchSizePerWorker} images read by the executors themselves ({@link CifarRecords}), the
 * driver averages, and so on through the epoch; with a {@link SharedTrainingMaster}
 * ({@link SparkMode#SHARED_GRADIENTS}) the workers exchange threshold-encoded updates instead. Afterwards the trainer's graph holds the averaged
 * parameters and updater state, so the {@link org.schemenet.train.Trainer} evaluates, writes
 * metrics and checkpoints and resumes exactly as in a local run.
 *
 * <p>An epoch is one step of the trainer (Spark trains it as a whole): progress is reported and a
 * stop is honoured at epoch ends. The batches the trainer passes in are ignored (see
 * {@link SparkEpochData}). The training loss reported is DL4J's score (mean minibatch loss plus the
 * weight-decay term; averaging: over the workers' last minibatches, sharing: over the epoch's
 * images by an extra scoring pass); accuracy is not available.
 */
public final class SparkFitting implements BatchFitting {
    private final JavaSparkContext sc;
    private final SparkSettings settings;
    private final CifarRecords records;
    private final long images;
    private final long seed;

    /**
     * @param images the number of training images (for the step's count)
     */
    public SparkFitting(JavaSparkContext sc, SparkSettings settings, CifarRecords records, long images, long seed) {
        this.sc = sc;
        this.settings = settings;
        this.records = records;
        this.images = images;
        this.seed = seed;
    }

    @Override
    public void fitEpoch(ComputationGraph graph, DataSetIterator ignored, TrainingOutputs outputs, Steps steps) {
        int epoch = graph.getEpochCount();
        TrainingMaster<?, ?> master = settings.mode() == SparkMode.AVERAGING ? averaging(epoch) : sharing(epoch);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        long t0 = System.nanoTime();
        Runnable restoreSchedules = fixLearningRates(graph, graph.getIterationCount(), epoch);
        double score;
        double seconds;
        try {
            JavaRDD<DataSet> examples = records.epoch(epoch, sc.defaultParallelism());
            spark.fit(examples);
            seconds = (System.nanoTime() - t0) / 1e9;
            // parameter averaging reports the workers' last minibatch scores; gradient sharing reports
            // none, so its loss is the mean over the epoch's images, one more (distributed) forward pass
            score = settings.mode() == SparkMode.AVERAGING ? spark.getScore()
                    : spark.calculateScore(examples, true, settings.batchSizePerWorker());
        } finally {
            restoreSchedules.run();
            master.deleteTempFiles(sc);
        }
        // DL4J Spark counts the epoch on the driver's graph; the trainer counts epochs itself (the
        // learning-rate schedule reads the count), so keep its value
        graph.getConfiguration().setEpochCount(epoch);
        ComputationGraph trained = spark.getNetwork();
        if (trained != graph) {
            graph.setParams(trained.params());
            INDArray state = trained.getUpdater().getStateViewArray();
            if (state != null) {
                graph.getUpdater().getStateViewArray().assign(state);
            }
        }
        int batches = (int) Math.max(1, (images + settings.batchSizePerWorker() - 1) / settings.batchSizePerWorker());
        steps.stepDone(new Step(batches, images, score * images, -1, seconds));
    }

    /** Parameter averaging after every {@code averagingFrequency} minibatches of every worker. */
    private TrainingMaster<?, ?> averaging(int epoch) {
        // Builder(1): every DataSet of the RDD holds one image (CifarRecords)
        return new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .saveUpdater(true)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .repartionData(Repartition.Always)
                .rngSeed(seed + epoch)
                .build();
    }

    /**
     * Gradient sharing: every worker applies its own update and the threshold-encoded updates of
     * the others, sent over Aeron UDP from {@code settings.port()} (the driver's mesh controller at
     * {@code settings.controller()}).
     */
    private TrainingMaster<?, ?> sharing(int epoch) {
        VoidConfiguration mesh = VoidConfiguration.builder()
                .portSupplier(new StaticPortSupplier(settings.port()))
                .controllerAddress(settings.controller())
                .build();
        return new SharedTrainingMaster.Builder(mesh, 1)
                .batchSizePerWorker(settings.batchSizePerWorker())
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(1e-3))
                .workerPrefetchNumBatches(2)
                .rngSeed(seed + epoch)
                .collectTrainingStats(false)
                .build();
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

    private static IUpdater fixed(IUpdater u,
                                                                  int iteration, int epoch) {
        if (u == null || !u.hasLearningRate()) {
            return u;
        }
        IUpdater f = u.clone();
        f.setLrAndSchedule(u.getLearningRate(iteration, epoch), null);
        return f;
    }

    @Override
    public String toString() {
        return "Spark " + settings.master().url() + ", " + settings.mode().label() + ", " + settings.batchSizePerWorker()
                + " images per worker, averaging every " + settings.averagingFrequency() + " minibatches";
    }
}
