package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schemenet.network.layers.ChannelsLastBatchNorm.GradientSums;
import org.schemenet.network.layers.ChannelsLastBatchNorm.HostMatrix;
import org.schemenet.network.layers.ChannelsLastBatchNorm.Moments;

/**
 * {@link ChannelsLastBatchNorm}'s reductions and input gradient against plain double loops over the same floats,
 * for channel counts that do and do not divide the block length, sizes below one block, several blocks and
 * several threads' ranges, a matrix at an offset in its buffer, and data whose mean is far from zero.
 */
class ChannelsLastBatchNormTest {

    private static HostMatrix matrix(float[] data, int offset, int rows, int channels) {
        return new HostMatrix(FloatBuffer.wrap(data), offset, rows, channels);
    }

    private static float[] random(Random rnd, int n, double shift, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (shift + scale * rnd.nextGaussian());
        }
        return v;
    }

    @ParameterizedTest(name = "{0} rows x {1} channels, offset {2}")
    @CsvSource({"1, 1, 0", "7, 3, 5", "100, 16, 0", "2000, 3, 2", "40000, 24, 7", "16384, 64, 0"})
    void momentsMatchTwoPassDoubleLoops(int rows, int channels, int offset) {
        Random rnd = new Random(rows * 31L + channels);
        float[] data = new float[offset + rows * channels + 3];
        // channel k: mean 1000 + k, standard deviation 0.01 (k + 1): a one-pass sum of squares in float would lose it
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < channels; k++) {
                data[offset + r * channels + k] = (float) (1000 + k + 0.01 * (k + 1) * rnd.nextGaussian());
            }
        }
        Moments m = ChannelsLastBatchNorm.moments(matrix(data, offset, rows, channels));
        for (int k = 0; k < channels; k++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += data[offset + r * channels + k];
            }
            mean /= rows;
            double var = 0;
            for (int r = 0; r < rows; r++) {
                double d = data[offset + r * channels + k] - mean;
                var += d * d;
            }
            var /= rows;
            assertEquals(mean, m.mean()[k], 1e-9 * Math.abs(mean), "mean of channel " + k);
            assertEquals(var, m.variance()[k], 1e-4 * var + 1e-12, "variance of channel " + k);
        }
    }

    @ParameterizedTest(name = "{0} rows x {1} channels")
    @CsvSource({"5, 4", "2000, 3", "40000, 24", "8192, 64"})
    void gradientSumsAndInputGradientMatchDoubleLoops(int rows, int channels) {
        Random rnd = new Random(rows + 17L * channels);
        int n = rows * channels;
        float[] x = random(rnd, n, 2.0, 1.5);
        float[] dy = random(rnd, n, 0.0, 1.0);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0f, x[i] - 2.0f); // about half the outputs cut by the ReLU
        }
        double[] mean = new double[channels];
        double[] a = new double[channels];
        double[] b = new double[channels];
        double[] e = new double[channels];
        for (int k = 0; k < channels; k++) {
            mean[k] = 2.0 + 0.01 * k;
            a[k] = 0.5 + k;
            b[k] = -0.25 * k;
            e[k] = 0.125 - k;
        }
        GradientSums sums = ChannelsLastBatchNorm.gradientSums(matrix(y, 0, rows, channels),
                matrix(dy, 0, rows, channels), matrix(x, 0, rows, channels), mean);
        float[] dx = new float[n];
        ChannelsLastBatchNorm.inputGradient(matrix(y, 0, rows, channels), matrix(dy, 0, rows, channels),
                matrix(x, 0, rows, channels), matrix(dx, 0, rows, channels), mean, a, b, e);
        for (int k = 0; k < channels; k++) {
            double sum = 0;
            double product = 0;
            double scale = 0;
            for (int r = 0; r < rows; r++) {
                int i = r * channels + k;
                double g = y[i] > 0 ? dy[i] : 0.0;
                sum += g;
                product += g * (x[i] - mean[k]);
                scale += Math.abs(g) * (1 + Math.abs(x[i] - mean[k]));
                double expected = a[k] * g + b[k] * (x[i] - mean[k]) + e[k];
                assertEquals(expected, dx[i], 1e-5 * (1 + Math.abs(expected)), "dx at row " + r + ", channel " + k);
            }
            assertEquals(sum, sums.sum()[k], 1e-6 * scale, "sum of g, channel " + k);
            assertEquals(product, sums.centredProductSum()[k], 1e-6 * scale, "sum of g (x - mean), channel " + k);
        }
    }

    @Test
    void reluMaskIsExactlyZeroOrOneSubnormalsIncluded() {
        float[] y = {0f, Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, 1f, Float.MAX_VALUE};
        float[] dy = {3f, 3f, 3f, 3f, 3f, 3f};
        float[] x = {1f, 1f, 1f, 1f, 1f, 1f};
        float[] dx = new float[6];
        double[] zero = {0.0};
        ChannelsLastBatchNorm.inputGradient(matrix(y, 0, 6, 1), matrix(dy, 0, 6, 1), matrix(x, 0, 6, 1),
                matrix(dx, 0, 6, 1), zero, new double[]{1.0}, zero, zero);
        assertArrayEquals(new float[]{0f, 3f, 3f, 3f, 3f, 3f}, dx);
        GradientSums sums = ChannelsLastBatchNorm.gradientSums(matrix(y, 0, 6, 1), matrix(dy, 0, 6, 1),
                matrix(x, 0, 6, 1), zero);
        assertEquals(15.0, sums.sum()[0], 0.0);
    }

    @Test
    void blockLengthIsAMultipleOfTheChannelCount() {
        for (int c : new int[]{1, 3, 16, 24, 64, 1000, 5000}) {
            int lanes = ChannelsLastBatchNorm.lanes(c);
            assertEquals(0, lanes % c, "channels " + c);
            assertTrue(lanes >= c && (lanes <= 2048 || lanes == c), "channels " + c + ": " + lanes);
        }
    }

    @Test
    void rejectsMatricesThatDoNotFitOrDisagree() {
        float[] data = new float[10];
        assertThrows(IllegalArgumentException.class, () -> matrix(data, 2, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> matrix(data, 0, 0, 3));
        HostMatrix a = matrix(data, 0, 3, 3);
        HostMatrix b = matrix(new float[9], 0, 9, 1);
        assertThrows(IllegalArgumentException.class,
                () -> ChannelsLastBatchNorm.gradientSums(a, b, a, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelsLastBatchNorm.gradientSums(a, a, a, new double[2]));
    }
}
