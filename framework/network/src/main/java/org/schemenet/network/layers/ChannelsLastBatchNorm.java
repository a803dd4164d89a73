package org.schemenet.network.layers;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The per-channel reductions and the input gradient of training-mode batch normalisation followed by ReLU, over
 * channels-last FLOAT data held in host memory, viewed as a matrix {@code X} with {@code M = N·H·W} rows and one
 * column per channel {@code c} (c-order: the channel is the fastest index).
 *
 * <ul>
 *   <li>{@link #moments}: {@code μ_c = (1/M) Σ_m x_mc} and the biased variance
 *       {@code σ²_c = (1/M) Σ_m (x_mc − μ_c)²}, accumulated as {@code Σ d} and {@code Σ d²} of the shifted values
 *       {@code d = x − x_0c} (the first row as pivot, so that a large mean does not cancel the variance).</li>
 *   <li>{@link #gradientSums}: with the ReLU's gradient {@code g = dL/dy · [y > 0]} (from the stored output
 *       {@code y}), {@code Σ_m g_mc} and {@code Σ_m g_mc (x_mc − μ_c)}, from which
 *       {@code dL/dβ = Σ g} and {@code dL/dγ = Σ g x̂ = Σ g (x − μ) / σ̂}, {@code σ̂ = sqrt(σ² + ε)}.</li>
 *   <li>{@link #inputGradient}: {@code dL/dx = a_c g + b_c (x − μ_c) + e_c}, the batch-statistics form
 *       {@code dL/dx = (γ/σ̂)(g − dL/dβ / M − x̂ · dL/dγ / M)} with {@code a = γ/σ̂},
 *       {@code b = −γ · dL/dγ / (M σ̂²)}, {@code e = −a · dL/dβ / M} (coefficients computed by the caller).</li>
 * </ul>
 *
 * <p>Why it exists (measured in docs/performance.md, attempt 15): DL4J M2.1 computes BN's batch statistics with
 * strided reductions over {@code N, H, W} (mean and variance about 9 ms at 128x32x32x16) and libnd4j's
 * {@code batchnorm_bp} corrects oneDNN's inference-mode backward pass in several more passes (about 18 ms, plus
 * 4 ms for {@code relu_bp}); these loops read the data once per reduction, with the channel in the fastest
 * position, and run in about a fifth of that time.
 *
 * <p>How: the data are processed in blocks of {@code L} consecutive floats ({@code L} a multiple of the channel
 * count, so position {@code j} of a block is channel {@code j mod C}), copied to heap arrays where the JIT
 * vectorises the loops; sums are kept per position in float for at most {@value #FLUSH} blocks, then in double,
 * and folded per channel at the end. Blocks are split into contiguous ranges over the common fork-join pool's
 * threads plus the caller, at most one per CPU the calling thread may run on (one under the launcher's
 * {@code OMP_PROC_BIND=close}, which pins the training thread); the folding order is fixed, so results depend only
 * on the data and the number of ranges. The ReLU mask is {@code min(1, y · 2^100 · 2^100)}: exactly 0 for {@code y = 0} and 1 for every
 * positive {@code y}, subnormal ones included, without a branch.
 */
final class ChannelsLastBatchNorm {

    /** Target block length in floats (a multiple of the channel count is used). */
    private static final int BLOCK = 2048;
    /** Blocks summed in float per position before the partial sums move to double. */
    private static final int FLUSH = 16;
    /** Fewer floats than this per range are not worth a thread. */
    private static final int MIN_PER_RANGE = 1 << 16;

    private ChannelsLastBatchNorm() {
    }

    /** Per-channel batch mean and biased variance. */
    record Moments(double[] mean, double[] variance) {
        Moments {
            if (mean.length != variance.length) {
                throw new IllegalArgumentException("mean and variance lengths differ: " + mean.length + ", "
                        + variance.length);
            }
        }
    }

    /** Per-channel {@code Σ g} and {@code Σ g (x − μ)}. */
    record GradientSums(double[] sum, double[] centredProductSum) {
        GradientSums {
            if (sum.length != centredProductSum.length) {
                throw new IllegalArgumentException("sum lengths differ: " + sum.length + ", "
                        + centredProductSum.length);
            }
        }
    }

    /** A channels-last float matrix: {@code rows x channels} floats of {@code buffer} from {@code offset}. */
    record HostMatrix(FloatBuffer buffer, int offset, int rows, int channels) {
        HostMatrix {
            if (rows < 1 || channels < 1 || offset < 0) {
                throw new IllegalArgumentException("need rows, channels >= 1 and offset >= 0, got " + rows + ", "
                        + channels + ", " + offset);
            }
            if ((long) rows * channels > Integer.MAX_VALUE - (long) offset
                    || offset + (long) rows * channels > buffer.limit()) {
                throw new IllegalArgumentException("matrix " + rows + "x" + channels + " at offset " + offset
                        + " does not fit a buffer of " + buffer.limit() + " floats");
            }
        }

        int length() {
            return rows * channels;
        }

        void requireSameShape(HostMatrix other, String name) {
            if (other.rows != rows || other.channels != channels) {
                throw new IllegalArgumentException(name + " is " + other.rows + "x" + other.channels + ", expected "
                        + rows + "x" + channels);
            }
        }
    }

    /** {@code μ_c} and biased {@code σ²_c} of {@code x}'s columns. */
    static Moments moments(HostMatrix x) {
        int c = x.channels();
        float[] pivot = new float[c];
        x.buffer().get(x.offset(), pivot, 0, c);
        int lanes = lanes(c);
        float[] pivotLanes = repeat(pivot, lanes);
        double[][] sums = reduce(x, lanes, (from, to) -> {
            float[] block = new float[lanes];
            Accumulator acc = new Accumulator(lanes);
            for (int start = from; start < to; start += lanes) {
                int len = Math.min(lanes, to - start);
                x.buffer().get(x.offset() + start, block, 0, len);
                float[] s = acc.first;
                float[] q = acc.second;
                for (int j = 0; j < len; j++) {
                    float d = block[j] - pivotLanes[j];
                    s[j] += d;
                    q[j] += d * d;
                }
                acc.blockDone();
            }
            return acc.result();
        });
        double m = x.rows();
        double[] mean = new double[c];
        double[] variance = new double[c];
        for (int k = 0; k < c; k++) {
            double shiftedMean = sums[0][k] / m;
            mean[k] = pivot[k] + shiftedMean;
            variance[k] = Math.max(0.0, sums[1][k] / m - shiftedMean * shiftedMean);
        }
        return new Moments(mean, variance);
    }

    /** {@code Σ g} and {@code Σ g (x − μ)} per channel, {@code g = dy · [y > 0]}. */
    static GradientSums gradientSums(HostMatrix y, HostMatrix dy, HostMatrix x, double[] mean) {
        y.requireSameShape(dy, "the output gradient");
        y.requireSameShape(x, "the input");
        int lanes = lanes(x.channels());
        float[] meanLanes = repeat(toFloat(mean, x.channels()), lanes);
        double[][] sums = reduce(x, lanes, (from, to) -> {
            float[] yb = new float[lanes];
            float[] gb = new float[lanes];
            float[] xb = new float[lanes];
            Accumulator acc = new Accumulator(lanes);
            for (int start = from; start < to; start += lanes) {
                int len = Math.min(lanes, to - start);
                y.buffer().get(y.offset() + start, yb, 0, len);
                dy.buffer().get(dy.offset() + start, gb, 0, len);
                x.buffer().get(x.offset() + start, xb, 0, len);
                float[] s = acc.first;
                float[] q = acc.second;
                for (int j = 0; j < len; j++) {
                    float g = gb[j] * Math.min(1f, yb[j] * 0x1p100f * 0x1p100f);
                    s[j] += g;
                    q[j] += g * (xb[j] - meanLanes[j]);
                }
                acc.blockDone();
            }
            return acc.result();
        });
        return new GradientSums(sums[0], sums[1]);
    }

    /** Writes {@code dx = a_c g + b_c (x − μ_c) + e_c}, {@code g = dy · [y > 0]}. */
    static void inputGradient(HostMatrix y, HostMatrix dy, HostMatrix x, HostMatrix dx, double[] mean, double[] a,
                              double[] b, double[] e) {
        y.requireSameShape(dy, "the output gradient");
        y.requireSameShape(x, "the input");
        y.requireSameShape(dx, "the input gradient");
        int c = x.channels();
        int lanes = lanes(c);
        float[] meanLanes = repeat(toFloat(mean, c), lanes);
        float[] aLanes = repeat(toFloat(a, c), lanes);
        float[] bLanes = repeat(toFloat(b, c), lanes);
        float[] eLanes = repeat(toFloat(e, c), lanes);
        forRanges(x.length(), lanes, (from, to) -> {
            float[] yb = new float[lanes];
            float[] gb = new float[lanes];
            float[] xb = new float[lanes];
            for (int start = from; start < to; start += lanes) {
                int len = Math.min(lanes, to - start);
                y.buffer().get(y.offset() + start, yb, 0, len);
                dy.buffer().get(dy.offset() + start, gb, 0, len);
                x.buffer().get(x.offset() + start, xb, 0, len);
                for (int j = 0; j < len; j++) {
                    float g = gb[j] * Math.min(1f, yb[j] * 0x1p100f * 0x1p100f);
                    xb[j] = aLanes[j] * g + bLanes[j] * (xb[j] - meanLanes[j]) + eLanes[j];
                }
                dx.buffer().put(dx.offset() + start, xb, 0, len);
            }
            return null;
        });
    }

    /** Block length: the largest multiple of {@code channels} not above {@link #BLOCK}, at least one row. */
    static int lanes(int channels) {
        return channels * Math.max(1, BLOCK / channels);
    }

    /** Sums per position in float over at most {@link #FLUSH} blocks, then in double. */
    private static final class Accumulator {
        final float[] first;
        final float[] second;
        private final double[] firstTotal;
        private final double[] secondTotal;
        private int blocks;

        Accumulator(int lanes) {
            first = new float[lanes];
            second = new float[lanes];
            firstTotal = new double[lanes];
            secondTotal = new double[lanes];
        }

        void blockDone() {
            if (++blocks == FLUSH) {
                flush();
            }
        }

        private void flush() {
            for (int j = 0; j < first.length; j++) {
                firstTotal[j] += first[j];
                secondTotal[j] += second[j];
                first[j] = 0f;
                second[j] = 0f;
            }
            blocks = 0;
        }

        double[][] result() {
            flush();
            return new double[][]{firstTotal, secondTotal};
        }
    }

    @FunctionalInterface
    private interface RangeTask {
        /** Processes floats {@code [from, to)} (from a multiple of the block length); returns partial sums or null. */
        double[][] run(int from, int to);
    }

    /** Runs {@code task} over ranges of whole blocks and folds the per-position sums per channel, in range order. */
    private static double[][] reduce(HostMatrix x, int lanes, RangeTask task) {
        double[][][] partial = forRanges(x.length(), lanes, task);
        int c = x.channels();
        double[] first = new double[c];
        double[] second = new double[c];
        for (double[][] p : partial) {
            for (int j = 0; j < lanes; j++) {
                first[j % c] += p[0][j];
                second[j % c] += p[1][j];
            }
        }
        return new double[][]{first, second};
    }

    private static double[][][] forRanges(int length, int lanes, RangeTask task) {
        int blocks = (length + lanes - 1) / lanes;
        // the CPUs this thread may run on: with OMP_PROC_BIND set, libgomp pins the thread that initialised it (and
        // every thread it creates later, the fork-join pool's included) to one core; splitting then only costs
        int threads = Math.min(Runtime.getRuntime().availableProcessors(),
                ForkJoinPool.getCommonPoolParallelism() + 1);
        int ranges = (int) Math.max(1, Math.min(Math.min(threads, blocks), length / MIN_PER_RANGE));
        double[][][] out = new double[ranges][][];
        IntStream.range(0, ranges).parallel().forEach(r -> {
            int from = (int) ((long) blocks * r / ranges) * lanes;
            int to = (int) Math.min(length, (long) blocks * (r + 1) / ranges * lanes);
            out[r] = task.run(from, to);
        });
        return out;
    }

    private static float[] repeat(float[] perChannel, int lanes) {
        float[] out = new float[lanes];
        for (int j = 0; j < lanes; j++) {
            out[j] = perChannel[j % perChannel.length];
        }
        return out;
    }

    private static float[] toFloat(double[] v, int channels) {
        if (v.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " per-channel values, got " + v.length);
        }
        float[] out = new float[channels];
        for (int k = 0; k < channels; k++) {
            out[k] = (float) v[k];
        }
        return out;
    }
}
