package org.schemenet.network.bench;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.Networks;

/**
 * One network alone in its process (a benchmark, not a test): the other half of {@link SchemeOverheadBenchmark}'s
 * picture, where two networks share one JVM. Compiles one of its networks with {@code Networks.compile}'s default
 * training settings, fits a batch of 128 random images 5 times to warm up, then {@code iterations} times, and
 * prints the mean milliseconds per fit. Separate processes of it, in rounds whose order alternates, give the
 * per-round ratios to Euler of docs/performance.md ("Depth 56 again"):
 *
 * <pre>
 *   for r in 1 2 3 4 5 6; do for s in euler adams3 adams3-learnable lm; do
 *     java -cp ... org.schemenet.network.bench.SingleNetworkBenchmark $s 56 60; done; done
 * </pre>
 * Networks: euler, adams3 (k=3, fixed), adams3-learnable, lm, rk2 (midpoint).
 */
public final class SingleNetworkBenchmark {

    private SingleNetworkBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SingleNetworkBenchmark euler|adams3|adams3-learnable|lm|rk2 DEPTH ITERATIONS");
            System.exit(2);
        }
        String label = args[0];
        int depth = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        ComputationGraph g = switch (label) {
            case "euler" -> Networks.compile("euler", Map.of(), NetworkSpec.cifar(depth)).graph();
            case "adams3" -> Networks.compile("adams", Map.of("k", "3", "coefficients", "fixed"),
                    NetworkSpec.cifar(depth)).graph();
            case "adams3-learnable" -> Networks.compile("adams", Map.of("k", "3", "coefficients", "learnable"),
                    NetworkSpec.cifar(depth)).graph();
            case "lm" -> Networks.compile("lm", Map.of(), NetworkSpec.cifar(depth)).graph();
            case "rk2" -> Networks.compile("rk", Map.of("tableau", "midpoint"), NetworkSpec.cifar(depth)).graph();
            default -> throw new IllegalArgumentException("unknown network '" + label
                    + "'; allowed: euler, adams3, adams3-learnable, lm, rk2");
        };
        INDArray features = Nd4j.rand(DataType.FLOAT, 128, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        DataSet data = new DataSet(features, labels);
        for (int i = 0; i < 5; i++) {
            g.fit(data);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            g.fit(data);
        }
        System.out.printf("%s d%d: %.1f ms/iter%n", label, depth, (System.nanoTime() - t0) / 1e6 / iterations);
    }
}
