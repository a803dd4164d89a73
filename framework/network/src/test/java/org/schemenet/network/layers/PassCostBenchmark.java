package org.schemenet.network.layers;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cost of one memory-bound pass over an activation at each stage of the CIFAR-10 networks (batch 128:
 * {@code 128x32x32x16}, {@code 128x16x16x32}, {@code 128x8x8x64} floats, 8.4 / 4.2 / 2.1 MB), for the floor of the
 * scheme overhead in docs/performance.md (not run by {@code mvn verify}). Three element-wise kernels the combination
 * vertex uses, each timed on arrays of one stage, and divided by the number of activations it moves
 * ({@code A}, one activation read or written): the inner product {@code <x, y>} (2 A), a scaled copy
 * {@code z = c x} into an existing array (2 A), an {@code axpy} in place {@code y <- y + c x} (3 A). Medians of
 * {@code repeats} after 5 warm-up rounds, the kernels and stages interleaved in every round. Argument:
 * {@code [repeats]}. Run with the launcher's environment ({@code OMP_NUM_THREADS} = cores,
 * {@code OMP_PROC_BIND=close}).
 */
public final class PassCostBenchmark {
    private static final long[] STAGE_ELEMENTS = {128L * 32 * 32 * 16, 128L * 16 * 16 * 32, 128L * 8 * 8 * 64};
    private static final String[] KERNELS = {"inner product (sdot)", "scaled copy", "axpy in place"};
    private static final int[] ACTIVATIONS_MOVED = {2, 2, 3};

    private PassCostBenchmark() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 41;
        int warmUp = 5;
        int stages = STAGE_ELEMENTS.length;
        INDArray[][] arrays = new INDArray[stages][];
        for (int s = 0; s < stages; s++) {
            long n = STAGE_ELEMENTS[s];
            arrays[s] = new INDArray[] {Nd4j.rand(DataType.FLOAT, n), Nd4j.rand(DataType.FLOAT, n),
                Nd4j.rand(DataType.FLOAT, n)};
        }
        double[][][] ms = new double[stages][KERNELS.length][repeats + warmUp];
        double sink = 0;
        for (int r = 0; r < repeats + warmUp; r++) {
            for (int s = 0; s < stages; s++) {
                INDArray x = arrays[s][0];
                INDArray y = arrays[s][1];
                INDArray z = arrays[s][2];
                for (int k = 0; k < KERNELS.length; k++) {
                    long t0 = System.nanoTime();
                    switch (k) {
                        case 0 -> sink += LinearCombinationVertexImpl.innerProduct(x, y);
                        case 1 -> Nd4j.getExecutioner().exec(new ScalarMultiplication(x, null, z, 0.5));
                        default -> Nd4j.getExecutioner().exec(new Axpy(x, y, y, 1e-9));
                    }
                    ms[s][k][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d repeats, %d OpenMP threads; ms per call, and per activation moved%n",
                repeats, Nd4j.getEnvironment().maxMasterThreads());
        for (int s = 0; s < stages; s++) {
            double mb = STAGE_ELEMENTS[s] * 4 / 1e6;
            System.out.printf(Locale.ROOT, "stage %d (%d floats, %.1f MB per activation)%n", s + 1,
                    STAGE_ELEMENTS[s], mb);
            for (int k = 0; k < KERNELS.length; k++) {
                double[] kept = Arrays.copyOfRange(ms[s][k], warmUp, ms[s][k].length);
                Arrays.sort(kept);
                double median = kept[kept.length / 2];
                double perActivation = median / ACTIVATIONS_MOVED[k];
                System.out.printf(Locale.ROOT,
                        "  %-22s median %.3f ms (quartiles %.3f-%.3f), %.3f ms per activation (%.1f GB/s)%n",
                        KERNELS[k], median, kept[kept.length / 4], kept[3 * kept.length / 4], perActivation,
                        mb / perActivation);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
