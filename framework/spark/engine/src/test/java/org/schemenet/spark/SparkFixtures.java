package org.schemenet.spark;

import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Writer;
import org.schemenet.data.ImageSet;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;

/** Small data sets in the CIFAR-10 binary layout and a tiny network for 3×32×32 images. */
final class SparkFixtures {
    private SparkFixtures() {
    }

    /** {@code n} random images, labels 0, 1, ..., 9, 0, ... */
    static ImageSet images(int n, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * Cifar10Layout.IMAGE_BYTES];
        r.nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % Cifar10Layout.CLASSES);
        }
        return new ImageSet(pixels, labels);
    }

    /** A folder in the binary layout: five training files of {@code train / 5} images and a test file. */
    static Path folder(Path dir, int train, int test) {
        Cifar10Writer.writeFolder(dir, images(train, 1), images(test, 2), Cifar10Layout.CLASS_NAMES);
        return dir;
    }

    /** conv 3×3 stride 4 (4 channels), BN, ReLU, global average, softmax over 10 classes. */
    static ComputationGraph network(long seed, int epochs) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new HeavyBallMomentum(new MultiStepSchedule(0.05, 0.1, MultiStepSchedule.paperMilestones(epochs)),
                        0.9))
                .l2(1e-4)
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(32, 32, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).stride(4, 4).nOut(4).hasBias(false).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
