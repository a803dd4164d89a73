package org.schemenet.train.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class HeavyBallMomentumTest {

    @Test
    void stepsAreHeavyBallUpdatesComputedByHand() {
        // μ = 0.9, η = 0.1 for epoch 0 and 0.01 from epoch 1 (milestone 1)
        HeavyBallMomentum config = new HeavyBallMomentum(new MultiStepSchedule(0.1, 0.1, new int[] {1}), 0.9);
        assertEquals(3, config.stateSize(3));
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        GradientUpdater<HeavyBallMomentum> u = config.instantiate(state, true);

        INDArray g = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5}});
        u.applyUpdater(g, 0, 0);
        // v1 = g1 = (1, -2, 0.5); step = 0.1 v1
        assertArrayEquals(new double[] {0.1, -0.2, 0.05}, g.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1.0, -2.0, 0.5}, state.toDoubleVector(), 1e-12);

        g = Nd4j.createFromArray(new double[][] {{0.0, 1.0, -1.0}});
        u.applyUpdater(g, 1, 0);
        // v2 = 0.9 v1 + g2 = (0.9, -0.8, -0.55); step = 0.1 v2
        assertArrayEquals(new double[] {0.09, -0.08, -0.055}, g.toDoubleVector(), 1e-12);

        g = Nd4j.createFromArray(new double[][] {{2.0, 0.0, 0.0}});
        u.applyUpdater(g, 2, 1);
        // v3 = 0.9 v2 + g3 = (2.81, -0.72, -0.495); epoch 1: η = 0.01; the whole velocity is scaled by the new rate
        assertArrayEquals(new double[] {0.0281, -0.0072, -0.00495}, g.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {2.81, -0.72, -0.495}, state.toDoubleVector(), 1e-12);
    }

    @Test
    void theStateMapFormHoldsTheVelocity() {
        HeavyBallMomentum config = new HeavyBallMomentum(0.5, 0.5);
        INDArray v = Nd4j.createFromArray(new double[] {2.0, 4.0});
        GradientUpdater<HeavyBallMomentum> u = config.instantiate(Map.of(HeavyBallMomentum.VELOCITY, v), false);
        INDArray g = Nd4j.createFromArray(new double[] {1.0, 1.0});
        u.applyUpdater(g, 0, 0);
        // v = 0.5 (2, 4) + (1, 1) = (2, 3); step = 0.5 v
        assertArrayEquals(new double[] {1.0, 1.5}, g.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {2.0, 3.0}, u.getState().get(HeavyBallMomentum.VELOCITY).toDoubleVector(), 1e-12);
    }

    @Test
    void rejectsMomentumOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new HeavyBallMomentum(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new HeavyBallMomentum(0.1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new HeavyBallMomentum(0.0, 0.9));
    }

    /**
     * Inside DL4J: three fits of a softmax regression with L2 equal the heavy-ball recursion run by
     * hand on the batch-mean gradients DL4J computes (L2 added to the weights' gradient before the
     * updater, as PyTorch's weight_decay), i.e. DL4J subtracts exactly η v from the parameters.
     */
    @Test
    void dl4jTrainingFollowsTheRecursionWithL2BeforeTheUpdater() {
        double lr = 0.1;
        double mu = 0.9;
        double l2 = 0.01;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new HeavyBallMomentum(lr, mu)).l2(l2).graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        ComputationGraph probe = new ComputationGraph(conf.clone());
        probe.init();
        probe.setParams(net.params().dup());

        DataSet data = new DataSet(Nd4j.createFromArray(new double[][] {{1, 2, -1}, {0.5, -1, 2}, {-1, 0, 1}}),
                Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}}));
        double[] w = probe.params().toDoubleVector();
        double[] v = new double[w.length];
        long weights = probe.getLayer("out").getParam("W").length();
        int batch = (int) data.getFeatures().size(0);
        for (int step = 0; step < 3; step++) {
            probe.setParams(Nd4j.createFromArray(w).reshape(1, w.length));
            probe.setInputs(data.getFeatures());
            probe.setLabels(data.getLabels());
            probe.computeGradientAndScore();
            Gradient gr = probe.gradient();
            double[] g = gr.gradient().toDoubleVector();
            for (int i = 0; i < w.length; i++) {
                // DL4J's raw gradient is summed over the batch; the updater averages it, then adds L2 to W (not b)
                double gi = g[i] / batch + (i < weights ? l2 * w[i] : 0);
                v[i] = mu * v[i] + gi;
                w[i] -= lr * v[i];
            }
            net.fit(data);
        }
        assertArrayEquals(w, net.params().toDoubleVector(), 1e-12);
    }

    @Test
    void survivesTheJsonOfTheNetworkConfiguration() {
        HeavyBallMomentum u = new HeavyBallMomentum(new MultiStepSchedule(0.1, 0.1, new int[] {80, 120}), 0.9);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(u).graphBuilder()
                .addInputs("in").addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).build(), "in")
                .setOutputs("out").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        OutputLayer layer = (OutputLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("out"))
                .getLayerConf().getLayer();
        assertEquals(u, layer.getIUpdater());
        assertEquals(0.001, layer.getIUpdater().getLearningRate(0, 120), 1e-15);
    }
}
