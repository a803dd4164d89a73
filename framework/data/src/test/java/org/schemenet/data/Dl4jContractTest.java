package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The iterator driving real DL4J training and evaluation: epochs, resets and the pre-processor as DL4J uses them. */
class Dl4jContractTest {

    @Test
    void dl4jTrainsForThreeEpochsAndEvaluatesEveryTestImage() {
        Cifar10 sample = BundledSample.load().subset(100, 50);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Sgd(0.01))
                .list()
                .layer(new ConvolutionLayer.Builder(4, 4).stride(4, 4).nOut(4).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        AtomicInteger trainBatches = new AtomicInteger();
        try (Cifar10Iterator train = Cifar10Iterator.training(sample.train(), 32, 7, sample.classes());
             Cifar10Iterator test = Cifar10Iterator.test(sample.test(), 20, sample.classes())) {
            train.setPreProcessor(ds -> trainBatches.incrementAndGet());
            net.fit(train, 3);
            assertEquals(3 * 4, trainBatches.get(), "3 epochs of ceil(100/32) = 4 batches");
            assertEquals(2, train.epoch(), "DL4J's resets moved through epochs 0, 1, 2");
            assertTrue(Double.isFinite(net.score()));

            Evaluation evaluation = net.evaluate(test);
            assertEquals(50, evaluation.getNumRowCounter(), "every test image evaluated once");
            assertEquals(sample.classes(), test.getLabels());
        }
    }
}
