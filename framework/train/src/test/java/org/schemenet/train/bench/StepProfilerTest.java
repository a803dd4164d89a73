package org.schemenet.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.profiler.OpProfiler;
import org.schemenet.train.TinyNetworks;

/**
 * The step profile counts what a step did: a step of three known ND4J ops (and one megabyte of Java arrays) is
 * profiled as exactly those ops, once per step each; a tiny network's training step calls ops, and the profiler is
 * off again afterwards. No timing assertions beyond {@code ops <= wall}: speed is measured, not tested.
 */
class StepProfilerTest {

    private static final int MEGABYTE = 1 << 20;

    @Test
    void aStepOfThreeKnownOpsIsProfiledAsThoseOpsOncePerStep() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 32);
        byte[][] keep = new byte[1][];
        StepProfile p = StepProfiler.profile(() -> {
            x.addi(1.0);            // add_scalar
            x.muli(x);              // multiply
            x.divi(x.sumNumber());  // reduce_sum, then div_scalar (the number is a Java double)
            keep[0] = new byte[MEGABYTE];
        }, 5);

        assertEquals(5, p.steps());
        Map<String, Double> calls = p.ops().stream().collect(Collectors.toMap(StepProfile.OpCost::name,
                StepProfile.OpCost::calls));
        assertEquals(Map.of("add_scalar", 1.0, "multiply", 1.0, "reduce_sum", 1.0, "div_scalar", 1.0), calls);
        assertEquals(4.0, p.opCalls(), 1e-12);
        assertTrue(p.opMillis() > 0 && p.opMillis() <= p.wallMillis(), p.opMillis() + " of " + p.wallMillis());
        assertEquals(p.wallMillis() - p.opMillis(), p.outsideOpsMillis(), 1e-12);
        assertTrue(p.heapAllocatedBytes() >= MEGABYTE && p.heapAllocatedBytes() < 4 * MEGABYTE,
                "heap per step: " + p.heapAllocatedBytes());
        assertTrue(p.gcCollections() >= 0 && p.gcMillis() >= 0);
        assertTrue(x.sumNumber().doubleValue() > 0, "the step ran");
    }

    @Test
    void aTrainingStepCallsOpsAndTheProfilerIsOffAfterwards() {
        ComputationGraph graph = TinyNetworks.graph(7, new Sgd(0.01), 0);
        INDArray features = Nd4j.rand(DataType.FLOAT, 4, TinyNetworks.CHANNELS, TinyNetworks.SIZE, TinyNetworks.SIZE);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, TinyNetworks.CLASSES);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % TinyNetworks.CLASSES, 1.0);
        }
        DataSet batch = new DataSet(features, labels);
        graph.fit(batch);

        StepProfile p = StepProfiler.profile(() -> graph.fit(batch), 3);

        assertTrue(p.opCalls() >= 10, "a training step of a convolutional network: " + p.opCalls() + " op calls");
        assertEquals(p.opCalls(), p.ops().stream().mapToDouble(StepProfile.OpCost::calls).sum(), 1e-9);
        // DL4J's own convolution layer (the tiny network's) lowers to im2col + matmul
        assertTrue(p.ops().stream().anyMatch(o -> o.name().equals("im2col")), p.ops().toString());
        assertTrue(p.ops().stream().anyMatch(o -> o.name().equals("matmul")), p.ops().toString());
        for (int i = 1; i < p.ops().size(); i++) {
            assertTrue(p.ops().get(i - 1).millis() >= p.ops().get(i).millis(), "sorted by time");
        }
        long before = OpProfiler.getInstance().getInvocationsCount();
        graph.fit(batch);
        assertEquals(before, OpProfiler.getInstance().getInvocationsCount(), "profiling is off after the profile");
    }

    @Test
    void theLongCallKeyNamesTheOp() {
        assertEquals("conv2d_bp", StepProfiler.opName("CustomOp conv2d_bp (-273014250715117663)"));
        assertEquals("add_scalar", StepProfiler.opName("ScalarOp add_scalar (0)"));
        assertThrows(IllegalArgumentException.class, () -> StepProfiler.profile(() -> { }, 0));
    }
}
