package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.schemenet.lowering.AllNodeKinds;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;

/**
 * Weight decay is PyTorch's {@code weight_decay} on convolution and dense weights only. Two identical networks
 * (same seed), one with {@code l2 = λ} and one without, take one plain SGD step (learning rate η) on the same
 * batch; the data gradients are identical, so for every parameter {@code p_λ - p_0 = -η λ p} if it is decayed
 * and {@code 0} if not. Expected: decayed = convolution W, dense W, and the coefficients the policy selects;
 * not decayed = BN gamma, beta (and running statistics), dense bias, the other coefficients.
 */
class WeightDecayTest {

    private static final double ETA = 0.1;
    private static final double LAMBDA = 0.01;

    @ParameterizedTest
    @EnumSource(CoefficientDecay.class)
    void decayAppliesToConvolutionAndDenseWeightsAndTheChosenCoefficients(CoefficientDecay policy) {
        NetworkSpec spec = new NetworkSpec(List.of(1, 7, 1), List.of(2, 4, 4), ShortcutOption.B, 8, 8, 3, 4, 3L,
                DataType.DOUBLE);
        ComputationGraph plain = new NetworkCompiler(new TrainingSettings(new Sgd(ETA), 0.0, policy))
                .compile(new AllNodeKinds(), spec).graph();
        CompiledNetwork decayedNet = new NetworkCompiler(new TrainingSettings(new Sgd(ETA), LAMBDA, policy))
                .compile(new AllNodeKinds(), spec);
        ComputationGraph decayed = decayedNet.graph();
        Map<String, INDArray> initial = copy(decayed.paramTable());
        Nd4j.getRandom().setSeed(4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 4);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1.0);
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8), labels);
        plain.fit(batch);
        decayed.fit(batch);

        int decayedArrays = 0;
        int coefficientColumnsDecayed = 0;
        for (Map.Entry<String, INDArray> e : initial.entrySet()) {
            String key = e.getKey();
            INDArray difference = decayed.paramTable().get(key).sub(plain.paramTable().get(key));
            boolean weight = (key.contains("conv") || key.startsWith("stem") || key.contains("shortcut")
                    || key.startsWith("output")) && key.endsWith("_W");
            boolean coefficient = key.endsWith(".coefficients" + StageEmitter.DECAYED + "_W");
            INDArray expected = weight || coefficient ? e.getValue().mul(-ETA * LAMBDA) : e.getValue().mul(0.0);
            double error = difference.sub(expected).amaxNumber().doubleValue();
            assertTrue(error < 1e-12, key + ": p_λ - p_0 off by " + error + " (decay expected: "
                    + (weight || coefficient) + ")");
            if (weight || coefficient) {
                decayedArrays++;
            }
            if (coefficient) {
                coefficientColumnsDecayed += (int) e.getValue().length();
            }
        }
        // stem, 9 units x 2 convolutions, 2 projections, dense
        assertTrue(decayedArrays >= 1 + 18 + 2 + 1);
        // the test wiring declares only its LM coefficients k as decayed
        long declared = decayedNet.coefficientNames().stream().filter(n -> n.endsWith(".k")).count();
        int all = decayedNet.coefficientCount();
        assertEquals(policy == CoefficientDecay.ALL ? all : policy == CoefficientDecay.NONE ? 0 : (int) declared,
                coefficientColumnsDecayed);
        assertTrue(declared > 0 && declared < all);
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> c = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }
}
