package org.schemenet.network;

// example:start
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.Networks;

public final class LibraryExample {

    public static Map<String, Double> run() {
        // Adams-Bashforth k=3 with learnable coefficients, depth 20; small widths and 8x8 images keep it quick
        NetworkSpec spec = NetworkSpec.cifar(20).withInput(8, 8, 3).withWidths(List.of(4, 8, 16));
        CompiledNetwork net = Networks.compile("adams", Map.of("k", "3", "coefficients", "learnable"), spec);
        System.out.println(net.summary());
        Map<String, Double> initial = net.coefficients();

        // one epoch of 64 random images in minibatches of 16, with DL4J's own fit
        INDArray images = Nd4j.rand(DataType.FLOAT, 64, 3, 8, 8);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 64, 10);
        for (int i = 0; i < 64; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        ComputationGraph graph = net.graph();
        graph.fit(new ViewIterator(new DataSet(images, labels), 16));

        // the learned betas, by name: stage2.unit2.beta0, stage2.unit2.beta1, ...
        Map<String, Double> betas = net.coefficients();
        betas.forEach((name, value) -> System.out.printf("%s: %.4f -> %.4f%n", name, initial.get(name), value));
        return betas;
    }

    public static void main(String[] args) {
        run();
    }
}
// example:end
