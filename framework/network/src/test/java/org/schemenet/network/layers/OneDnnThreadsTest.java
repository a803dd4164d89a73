package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN layers' primitives run on other threads than the one that created them, two networks' primitives at
 * once (as data-parallel workers, Spark tasks and a resumed run use them), and compute what they compute alone:
 * every primitive runs in oneDNN's user scratchpad mode with its scratchpad from the caller ({@link Dnnl}). In
 * oneDNN's default mode a primitive may only run on the thread that created it and all share one scratchpad. The
 * convolution's shape (batch 16, 16x16, 32 channels) is one where oneDNN picks Winograd for both backward primitives,
 * whose scratchpads are large (about 1 MB here).
 */
class OneDnnThreadsTest {

    private static final int ROUNDS = 10;

    /** One layer's work on fixed data: its outputs, to compare with the reference run. */
    private record Work(OneDnnConvolutionBackward convolution, OneDnnBatchNormRelu batchNorm, INDArray x,
                        INDArray w, INDArray delta) {

        static Work random(long seed) {
            Nd4j.getRandom().setSeed(seed);
            return new Work(new OneDnnConvolutionBackward(), new OneDnnBatchNormRelu(),
                    Nd4j.randn(DataType.FLOAT, 16, 16, 16, 32), Nd4j.randn(DataType.FLOAT, 32, 32, 3, 3),
                    Nd4j.randn(DataType.FLOAT, 16, 16, 16, 32));
        }

        /** dL/dx, dL/dW of the convolution; y, μ, σ², dL/dx, dL/dγ, dL/dβ of BN + ReLU; all flattened. */
        INDArray run() {
            LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
            INDArray dx = x.ulike();
            INDArray dw = w.ulike();
            convolution.backward(new OneDnnConvolutionBackward.Shape(16, 16, 16, 32, 32, 3, 3, 1, 1, 1, 1), x, w,
                    delta, dx, dw, none);
            INDArray gamma = Nd4j.linspace(DataType.FLOAT, 0.5, 1.5, 32);
            INDArray beta = Nd4j.linspace(DataType.FLOAT, -0.5, 0.5, 32);
            INDArray y = x.ulike();
            INDArray mean = Nd4j.createUninitialized(DataType.FLOAT, 32);
            INDArray variance = Nd4j.createUninitialized(DataType.FLOAT, 32);
            INDArray mask = Nd4j.createUninitialized(DataType.BYTE,
                    batchNorm.maskBytes(OneDnnBatchNormRelu.Geometry.of(x, 1e-5)));
            batchNorm.forward(x, gamma, beta, 1e-5, y, mean, variance, mask, none);
            INDArray bnDx = x.ulike();
            INDArray dGamma = Nd4j.createUninitialized(DataType.FLOAT, 32);
            INDArray dBeta = Nd4j.createUninitialized(DataType.FLOAT, 32);
            batchNorm.backward(x, gamma, beta, 1e-5, mean, variance, mask, delta, bnDx, dGamma, dBeta, none);
            return Nd4j.concat(0, dx.reshape(-1), dw.reshape(-1), y.reshape(-1), mean, variance, bnDx.reshape(-1),
                    dGamma, dBeta);
        }
    }

    @Test
    void primitivesRunOnOtherThreadsTwoAtOnce() throws Exception {
        List<Work> works = List.of(Work.random(1), Work.random(2));
        List<INDArray> reference = new ArrayList<>();
        for (Work work : works) {
            reference.add(work.run()); // creates the primitives on this thread
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<List<INDArray>>> results = new ArrayList<>();
            for (Work work : works) {
                results.add(pool.submit(() -> {
                    List<INDArray> outputs = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        together.await();
                        outputs.add(work.run());
                    }
                    return outputs;
                }));
            }
            for (int i = 0; i < works.size(); i++) {
                List<INDArray> outputs = results.get(i).get();
                for (int round = 0; round < ROUNDS; round++) {
                    INDArray difference = outputs.get(round).sub(reference.get(i));
                    assertEquals(0.0, difference.amaxNumber().doubleValue(),
                            1e-5 * reference.get(i).amaxNumber().doubleValue(),
                            "layer " + i + ", round " + round + " on another thread");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
