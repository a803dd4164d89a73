package org.schemenet.network.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
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
 * Networks: {@link SchemeOverheadBenchmark}'s, by key: euler, adams3 (k=3, fixed), adams3-learnable, lm, rk2
 * (midpoint).
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
        List<SchemeOverheadBenchmark.Config> all = new ArrayList<>(List.of(SchemeOverheadBenchmark.EULER));
        all.addAll(SchemeOverheadBenchmark.SCHEMES);
        SchemeOverheadBenchmark.Config c = all.stream().filter(x -> x.key().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown network '" + label + "'; allowed: "
                        + String.join(", ", all.stream().map(SchemeOverheadBenchmark.Config::key).toList())));
        ComputationGraph g = Networks.compile(c.scheme(), c.options(), NetworkSpec.cifar(depth)).graph();
        DataSet data = SchemeOverheadBenchmark.randomBatch(128);
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
