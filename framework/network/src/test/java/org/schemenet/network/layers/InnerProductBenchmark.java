package org.schemenet.network.layers;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Whether a learnable combination's inner products {@code <dy, x_i>} have a cheap lever left (not run by
 * {@code mvn verify}; docs/performance.md, scheme overhead): the vertex's {@link LinearCombinationVertexImpl#innerProduct}
 * on two stage-1 activations (128x32x32x16 floats, 8 MB each), the same sum split into two halves computed on two
 * threads at once, and one in-place {@code axpy} ({@code y <- y + c x}) for the cost of a pass. Medians of
 * {@code repeats} after 5 warm-up rounds, the variants interleaved in every round. Argument: {@code [repeats]}.
 * Run with the launcher's environment ({@code OMP_NUM_THREADS} = cores, {@code OMP_PROC_BIND=close}).
 */
public final class InnerProductBenchmark {
    private InnerProductBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 41;
        long n = 128L * 32 * 32 * 16;
        long half = n / 2;
        INDArray dy = Nd4j.rand(DataType.FLOAT, n);
        INDArray x = Nd4j.rand(DataType.FLOAT, n);
        INDArray y = Nd4j.rand(DataType.FLOAT, n);
        INDArray dyLow = dy.get(NDArrayIndex.interval(0, half));
        INDArray dyHigh = dy.get(NDArrayIndex.interval(half, n));
        INDArray xLow = x.get(NDArrayIndex.interval(0, half));
        INDArray xHigh = x.get(NDArrayIndex.interval(half, n));
        ExecutorService other = Executors.newSingleThreadExecutor();
        String[] names = {"inner product (sdot)", "inner product, two halves on two threads", "axpy in place"};
        double[][] ms = new double[names.length][repeats + 5];
        double sink = 0;
        try {
            for (int r = 0; r < repeats + 5; r++) {
                for (int v = 0; v < names.length; v++) {
                    long t0 = System.nanoTime();
                    if (v == 0) {
                        sink += LinearCombinationVertexImpl.innerProduct(dy, x);
                    } else if (v == 1) {
                        Future<Double> high = other.submit(() -> LinearCombinationVertexImpl.innerProduct(dyHigh, xHigh));
                        sink += LinearCombinationVertexImpl.innerProduct(dyLow, xLow) + high.get();
                    } else {
                        Nd4j.getExecutioner().exec(new Axpy(x, y, y, 1e-9));
                    }
                    ms[v][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } finally {
            other.shutdown();
        }
        System.out.printf(Locale.ROOT, "%d floats per array (%.1f MB), %d repeats, %d OpenMP threads%n", n,
                n * 4 / 1e6, repeats, Nd4j.getEnvironment().maxMasterThreads());
        for (int v = 0; v < names.length; v++) {
            double[] kept = Arrays.copyOfRange(ms[v], 5, ms[v].length);
            Arrays.sort(kept);
            System.out.printf(Locale.ROOT, "  %-44s median %.3f ms (quartiles %.3f-%.3f)%n", names[v],
                    kept[kept.length / 2], kept[kept.length / 4], kept[3 * kept.length / 4]);
        }
        System.out.println("  (checksum " + sink + ")");
    }
}
