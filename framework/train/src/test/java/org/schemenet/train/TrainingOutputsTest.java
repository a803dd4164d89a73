package org.schemenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.schemenet.train.optimize.HeavyBallMomentum;

class TrainingOutputsTest {

    @Test
    void theTappedLogitsAreTheTrainingForwardPassBeforeTheUpdate() {
        ComputationGraph g = TinyNetworks.graph(3, new HeavyBallMomentum(0.1, 0.9), 0.0);
        TrainingOutputs tap = new TrainingOutputs(g);
        assertTrue(tap.available());
        g.setListeners(tap);
        DataSet ds = new InMemoryEpochData(16, 4, 16, 3).trainingBatches(0, 0).next();

        // the same forward pass, independently: training mode (batch statistics), parameters before the update
        ComputationGraph copy = g.clone();
        INDArray expected = copy.outputSingle(true, ds.getFeatures());

        g.fit(ds);
        double[][] logits = tap.takeLogits();
        assertNotNull(logits);
        double[][] probabilities = expected.toDoubleMatrix();
        for (int i = 0; i < logits.length; i++) {
            assertArrayEquals(probabilities[i], softmax(logits[i]), 1e-6);
        }

        // with no L2 the mean cross-entropy is DL4J's own score of that pass
        int[] labels = ds.getLabels().argMax(1).toIntVector();
        double[] lossAndCorrect = TrainingOutputs.lossSumAndCorrect(logits, labels);
        assertEquals(g.score(), lossAndCorrect[0] / labels.length, 1e-5);
    }

    @Test
    void lossAndHitsAreComputedFromLogits() {
        // logits (0, ln 3): p = (1/4, 3/4); label 1 -> -ln(3/4), a hit; label 0 -> -ln(1/4), a miss
        double[][] z = {{0, Math.log(3)}, {0, Math.log(3)}};
        double[] r = TrainingOutputs.lossSumAndCorrect(z, new int[] {1, 0});
        assertEquals(-Math.log(0.75) - Math.log(0.25), r[0], 1e-12);
        assertEquals(1, r[1]);
        assertTrue(Double.isNaN(TrainingOutputs.lossSumAndCorrect(new double[][] {{Double.NaN, 0}}, new int[] {0})[0]));
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
