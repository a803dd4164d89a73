import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * This CPU's float32 matrix-product rate through ND4J (OpenBLAS's sgemm, the BLAS schemenet runs on):
 * n x n by n x n, n = 2048, the median of 5 after one warm-up, in GFLOP/s (2 n^3 FLOPs per product).
 * Run by runner/bench/floor.sh with the runner's class path; threads from OMP_NUM_THREADS.
 */
public final class PeakFlops {
    public static void main(String[] args) {
        int n = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        a.mmuli(b, c);
        double[] rates = new double[5];
        for (int i = 0; i < rates.length; i++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            rates[i] = 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
        Arrays.sort(rates);
        System.out.printf("%.1f%n", rates[rates.length / 2]);
    }
}
