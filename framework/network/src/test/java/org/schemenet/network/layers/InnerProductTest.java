package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link LinearCombinationVertexImpl#innerProduct}, the {@code dL/dc_i = <dL/dy, x_i>} of learnable combinations,
 * equals a double sum over the elements: dense float and double arrays (BLAS), a slice at an offset in a larger
 * buffer, and strided arrays (libnd4j's {@code Dot}).
 */
class InnerProductTest {

    private static double expected(INDArray a, INDArray b) {
        double[] x = a.dup('c').reshape(a.length()).toDoubleVector();
        double[] y = b.dup('c').reshape(b.length()).toDoubleVector();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    @Test
    void equalsDoubleSum() {
        Nd4j.getRandom().setSeed(3);
        for (long[] shape : new long[][]{{1}, {17}, {8, 5, 6, 4}, {64, 16, 16, 8}}) {
            INDArray a = Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(4);
            INDArray b = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
            double e = expected(a, b);
            assertEquals(e, LinearCombinationVertexImpl.innerProduct(a, b), 1e-5 * (1 + a.length()), "float "
                    + java.util.Arrays.toString(shape));
            INDArray ad = a.castTo(DataType.DOUBLE);
            INDArray bd = b.castTo(DataType.DOUBLE);
            assertEquals(expected(ad, bd), LinearCombinationVertexImpl.innerProduct(ad, bd), 1e-9, "double");
        }
        INDArray big = Nd4j.rand(DataType.FLOAT, 10, 3, 3, 4);
        INDArray slice = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        INDArray other = Nd4j.rand(DataType.FLOAT, 3, 3, 3, 4);
        assertEquals(expected(slice, other), LinearCombinationVertexImpl.innerProduct(slice, other), 1e-4);
        INDArray m = Nd4j.rand(DataType.FLOAT, 30, 40);
        INDArray t = Nd4j.rand(DataType.FLOAT, 40, 30).transpose();
        assertEquals(expected(m, t), LinearCombinationVertexImpl.innerProduct(m, t), 1e-3);
        assertThrows(IllegalArgumentException.class,
                () -> LinearCombinationVertexImpl.innerProduct(m, Nd4j.rand(DataType.FLOAT, 3)));
    }
}
