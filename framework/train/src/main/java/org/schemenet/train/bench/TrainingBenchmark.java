package org.schemenet.train.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.train.EpochData;
import org.schemenet.train.report.ProcessStatus;

/**
 * How fast a network trains and infers on this machine, and how fast a run's data pipeline delivers training
 * batches: the harness behind {@code runner bench}.
 *
 * <p>Every measurement is {@link Repetitions#warmup()} untimed calls, then {@link Repetitions#repeats()} timed
 * repeats of {@link Repetitions#iterations()} calls each. A repeat's rate is
 * {@code r = images / seconds}, with {@code images = iterations · batch} for the network and the images of the
 * batches drawn for the data; the figure reported is the median of the repeats ({@link Rates#of}).
 * <ul>
 *   <li>training: {@code ComputationGraph.fit} on one fixed batch, the call the trainer makes per batch: images
 *       {@code U[0, 1)} from ND4J's generator seeded with the given seed, labels {@code i mod classes};</li>
 *   <li>inference: {@code ComputationGraph.output} in inference mode (no gradients) on the same images;</li>
 *   <li>data: training batches as the trainer draws them ({@link EpochData#trainingBatches}), epoch after epoch,
 *       nothing else running.</li>
 * </ul>
 * Peak resident memory is the kernel's high-water mark {@code VmHWM} ({@link ProcessStatus}), read after training
 * and inference.
 */
public final class TrainingBenchmark {

    /** The phase mark before the measured training batches. */
    public static final String TRAIN = "train";
    /** The phase mark before the measured inference batches. */
    public static final String INFERENCE = "inference";
    /** The phase mark after the measured batches of a phase. */
    public static final String END = "end";

    private final Repetitions repetitions;
    private final Consumer<String> phaseMarks;

    /**
     * @param phaseMarks told {@value #TRAIN} or {@value #INFERENCE} right before the timed repeats of that phase
     *                   and {@value #END} right after them (e.g. to cut a profile by phase); the data pipeline has
     *                   no marks
     */
    public TrainingBenchmark(Repetitions repetitions, Consumer<String> phaseMarks) {
        if (repetitions == null || phaseMarks == null) {
            throw new IllegalArgumentException("a benchmark needs its repetitions and a receiver of phase marks");
        }
        this.repetitions = repetitions;
        this.phaseMarks = phaseMarks;
    }

    /**
     * How often each measurement calls its step.
     *
     * @param warmup     untimed calls first, {@code >= 0}
     * @param iterations calls per timed repeat, {@code >= 1}
     * @param repeats    timed repeats, {@code >= 1}
     */
    public record Repetitions(int warmup, int iterations, int repeats) {
        public Repetitions {
            if (warmup < 0 || iterations < 1 || repeats < 1) {
                throw new IllegalArgumentException("benchmark repetitions: warm-up " + warmup + " (>= 0), iterations "
                        + iterations + " (>= 1), repeats " + repeats + " (>= 1)");
            }
        }
    }

    /**
     * The batch the network is measured on: {@code size} images of {@code channels x height x width} (NCHW, the
     * network's input) in {@code dataType}, one of {@code classes} labels each.
     */
    public record Batch(int size, int channels, int height, int width, int classes, DataType dataType) {
        public Batch {
            if (size < 1 || channels < 1 || height < 1 || width < 1 || classes < 1 || dataType == null) {
                throw new IllegalArgumentException("benchmark batch: " + size + " images of " + channels + "x" + height
                        + "x" + width + ", " + classes + " classes, " + dataType + "; every count must be >= 1 and the "
                        + "data type given");
            }
        }
    }

    /**
     * The rates of the timed repeats, in images/s, in the order they were measured, and their median: the middle
     * one of the sorted rates, or the mean of the two middle ones for an even count.
     */
    public record Rates(double median, List<Double> repeats) {
        public Rates {
            repeats = List.copyOf(repeats);
            if (repeats.isEmpty()) {
                throw new IllegalArgumentException("rates need at least one repeat");
            }
        }

        /** The rates {@code repeats} with their median. */
        public static Rates of(List<Double> repeats) {
            List<Double> sorted = new ArrayList<>(repeats);
            sorted.sort(null);
            int n = sorted.size();
            if (n == 0) {
                throw new IllegalArgumentException("rates need at least one repeat");
            }
            double median = n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
            return new Rates(median, repeats);
        }
    }

    /**
     * What {@link #network} measured.
     *
     * @param train                 training images/s ({@code fit})
     * @param inference             inference images/s ({@code output})
     * @param peakResidentKilobytes {@code VmHWM} after training and inference; empty where the kernel does not say
     * @param stepProfile           the training step's op profile ({@link StepProfiler}), when one was asked for
     */
    public record NetworkFigures(Rates train, Rates inference, OptionalLong peakResidentKilobytes,
                                 Optional<StepProfile> stepProfile) {
    }

    /**
     * Training and inference rates of {@code graph} on a batch of random images.
     *
     * @param seed seeds ND4J's generator, which draws the images
     * @throws IllegalStateException when the loss is not finite after training: the rates are void
     */
    public NetworkFigures network(ComputationGraph graph, Batch batch, long seed) {
        return network(graph, batch, seed, 0);
    }

    /**
     * {@link #network(ComputationGraph, Batch, long)}, then, for {@code profileSteps > 0}, that many more training
     * steps on the same batch profiled by {@link StepProfiler} (after the peak memory is read; not timed with the
     * repeats: the profiler slows every op call).
     */
    public NetworkFigures network(ComputationGraph graph, Batch batch, long seed, int profileSteps) {
        if (profileSteps < 0) {
            throw new IllegalArgumentException("profile steps: " + profileSteps + "; allowed: an integer >= 0");
        }
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(batch.dataType(), batch.size(), batch.channels(), batch.height(), batch.width());
        INDArray labels = Nd4j.zeros(batch.dataType(), batch.size(), batch.classes());
        for (int i = 0; i < batch.size(); i++) {
            labels.putScalar(i, i % batch.classes(), 1.0);
        }
        DataSet batchData = new DataSet(features, labels);

        Rates train = measure(TRAIN, batch.size(), () -> graph.fit(batchData));
        Rates inference = measure(INFERENCE, batch.size(), () -> graph.output(false, features));
        double score = graph.score();
        if (!Double.isFinite(score)) {
            throw new IllegalStateException("the loss became " + score + " while benchmarking; the numbers are void");
        }
        OptionalLong peak = ProcessStatus.kilobytes("VmHWM").map(OptionalLong::of).orElse(OptionalLong.empty());
        Optional<StepProfile> profile = profileSteps == 0 ? Optional.empty()
                : Optional.of(StepProfiler.profile(() -> graph.fit(batchData), profileSteps));
        return new NetworkFigures(train, inference, peak, profile);
    }

    /** Warm-up, then the timed repeats of {@code step} ({@code iterations · batch} images each), between marks. */
    private Rates measure(String phase, int batch, Runnable step) {
        for (int i = 0; i < repetitions.warmup(); i++) {
            step.run();
        }
        phaseMarks.accept(phase);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repetitions.repeats(); r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < repetitions.iterations(); i++) {
                step.run();
            }
            rates.add((double) repetitions.iterations() * batch / ((System.nanoTime() - t0) / 1e9));
        }
        phaseMarks.accept(END);
        return Rates.of(rates);
    }

    /**
     * The data pipeline alone: the training batches of {@code epochs}, epoch 0 from its first batch, then epoch 1,
     * 2, ... as each runs out; a repeat's images are those of the batches it drew.
     */
    public Rates dataPipeline(EpochData epochs) {
        BatchDraw draw = new BatchDraw(epochs);
        for (int i = 0; i < repetitions.warmup(); i++) {
            draw.next();
        }
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repetitions.repeats(); r++) {
            long images = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < repetitions.iterations(); i++) {
                images += draw.next();
            }
            rates.add(images / ((System.nanoTime() - t0) / 1e9));
        }
        return Rates.of(rates);
    }

    /** Training batches epoch after epoch, as the trainer draws them. */
    private static final class BatchDraw {
        private final EpochData epochs;
        private int epoch;
        private DataSetIterator current;

        BatchDraw(EpochData epochs) {
            this.epochs = epochs;
            this.current = epochs.trainingBatches(0, 0);
        }

        /** Draws the next batch; returns its number of images. */
        long next() {
            if (!current.hasNext()) {
                epoch++;
                current = epochs.trainingBatches(epoch, 0);
            }
            return current.next().getFeatures().size(0);
        }
    }
}
