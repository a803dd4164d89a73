package org.schemenet.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.train.BatchFitting;
import org.schemenet.train.TrainingOutputs;

/**
 * Fits an epoch on a Spark cluster through DL4J's {@link SparkComputationGraph} with a
 * {@link ParameterAveragingTrainingMaster}: the driver broadcasts the graph's parameters and
 * updater state, every executor fits {@code averagingFrequency} minibatches of
 * {@code batchSizePerWorker} images read by the executors themselves ({@link CifarRecords}), the
 * driver averages, and so on through the epoch. Afterwards the trainer's graph holds the averaged
 * parameters and updater state, so the {@link org.schemenet.train.Trainer} evaluates, writes
 * metrics and checkpoints and resumes exactly as in a local run.
 *
 * <p>An epoch is one step of the trainer (Spark trains it as a whole): progress is reported and a
 * stop is honoured at epoch ends. The batches the trainer passes in are ignored (see
 * {@link SparkEpochData}). The training loss reported is DL4J's score (mean minibatch loss plus the
 * weight-decay term, averaged over the workers' last minibatches); accuracy is not available.
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
        if (settings.mode() != SparkMode.AVERAGING) {
            throw new IllegalArgumentException("Spark mode '" + settings.mode().label() + "' (SharedTrainingMaster) "
                    + "is not in this build; use --spark-mode averaging");
        }
        this.sc = sc;
        this.settings = settings;
        this.records = records;
        this.images = images;
        this.seed = seed;
    }

    @Override
    public void fitEpoch(ComputationGraph graph, DataSetIterator ignored, TrainingOutputs outputs, Steps steps) {
        int epoch = graph.getEpochCount();
        // Builder(1): every DataSet of the RDD holds one image (CifarRecords)
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .saveUpdater(true)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .repartionData(Repartition.Always)
                .rngSeed(seed + epoch)
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        long t0 = System.nanoTime();
        Runnable restoreSchedules = fixLearningRates(graph, graph.getIterationCount(), epoch);
        try {
            spark.fit(records.epoch(epoch, sc.defaultParallelism()));
        } finally {
            restoreSchedules.run();
            master.deleteTempFiles(sc);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
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
        steps.stepDone(new Step(batches, images, spark.getScore() * images, -1, seconds));
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
        java.util.List<Runnable> restore = new java.util.ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl)) {
                continue;
            }
            org.nd4j.linalg.learning.config.IUpdater weights = bl.getIUpdater();
            org.nd4j.linalg.learning.config.IUpdater bias = bl.getBiasUpdater();
            bl.setIUpdater(fixed(weights, iteration, epoch));
            bl.setBiasUpdater(fixed(bias, iteration, epoch));
            restore.add(() -> {
                bl.setIUpdater(weights);
                bl.setBiasUpdater(bias);
            });
        }
        return () -> restore.forEach(Runnable::run);
    }

    private static org.nd4j.linalg.learning.config.IUpdater fixed(org.nd4j.linalg.learning.config.IUpdater u,
                                                                  int iteration, int epoch) {
        if (u == null || !u.hasLearningRate()) {
            return u;
        }
        org.nd4j.linalg.learning.config.IUpdater f = u.clone();
        f.setLrAndSchedule(u.getLearningRate(iteration, epoch), null);
        return f;
    }

    @Override
    public String toString() {
        return "Spark " + settings.master().url() + ", " + settings.mode().label() + ", " + settings.batchSizePerWorker()
                + " images per worker, averaging every " + settings.averagingFrequency() + " minibatches";
    }
}
