package org.schemenet.network.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.abstracts.Nd4jWorkspace;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.Networks;

/**
 * Where a network's memory goes (a diagnostic, not a test): trains {@code bench.fits} batches of 128 random images,
 * then runs {@code bench.outputs} inference batches, printing the process's resident and peak resident memory
 * ({@code VmRSS}, {@code VmHWM}) after each, then the thread's workspaces by pool (name without its index: count,
 * bytes, spilled, pinned). {@code bench.graph} chooses the compiler's graph ({@code own}), DL4J's own graph of the
 * same configuration ({@code dl4j}), or both in turn; run one per process to compare peaks.
 *
 * <pre>
 *   java -cp ... org.schemenet.network.bench.GradientWorkspaceFootprint DEPTH KEY[,KEY...]
 *   KEY: euler, adams2-learnable, or a key of SchemeOverheadBenchmark (adams3, adams3-learnable, lm, rk2)
 *   system properties: bench.graph (own,dl4j), bench.fits (10), bench.outputs (3)
 * </pre>
 * It found that inference grew a second pool of activation workspaces after training when the compiler's backward
 * pass kept its gradients in a pool of its own (docs/performance.md, "Peak memory after attempt 30").
 */
public final class GradientWorkspaceFootprint {
    private GradientWorkspaceFootprint() {
    }

    public static void main(String[] args) {
        int depth = Integer.parseInt(args[0]);
        DataSet data = SchemeOverheadBenchmark.randomBatch(128);
        for (String key : args[1].split(",")) {
            SchemeOverheadBenchmark.Config c = config(key);
            for (String which : System.getProperty("bench.graph", "own,dl4j").split(",")) {
                CompiledNetwork net = Networks.compile(c.scheme(), c.options(), NetworkSpec.cifar(depth));
                ComputationGraph g = which.equals("own") ? net.graph() : dl4j(net.graph());
                System.out.printf("%s, depth %d, %s graph%n", c.label(), depth, which);
                for (int i = 0; i < Integer.getInteger("bench.fits", 10); i++) {
                    g.fit(data);
                    System.out.printf("   fit %d: %s%n", i + 1, memory());
                }
                for (int i = 0; i < Integer.getInteger("bench.outputs", 3); i++) {
                    g.output(false, data.getFeatures());
                    System.out.printf("   output %d: %s%n", i + 1, memory());
                }
                Map<String, long[]> pools = new TreeMap<>();
                for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                    long[] p = pools.computeIfAbsent(ws.getId().replaceAll("\\d+$", "n"), n -> new long[4]);
                    p[0]++;
                    p[1] += ws.getCurrentSize();
                    if (ws instanceof Nd4jWorkspace n) {
                        p[2] += n.getSpilledSize();
                        p[3] += n.getPinnedSize();
                    }
                }
                pools.forEach((name, p) -> System.out.printf("   %-24s x%d %.1f MB (spilled %.1f MB, pinned %.1f MB)%n",
                        name, p[0], p[1] / 1e6, p[2] / 1e6, p[3] / 1e6));
                g.clear();
                Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                System.gc();
            }
        }
    }

    private static SchemeOverheadBenchmark.Config config(String key) {
        if (key.equals("euler")) {
            return SchemeOverheadBenchmark.EULER;
        }
        if (key.equals("adams2-learnable")) {
            return new SchemeOverheadBenchmark.Config("Adams k=2 learnable", key, "adams",
                    Map.of("k", "2", "coefficients", "learnable"));
        }
        return SchemeOverheadBenchmark.SCHEMES.stream().filter(x -> x.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown network '" + key + "'"));
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " "))
                    .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static ComputationGraph dl4j(ComputationGraph g) {
        ComputationGraph plain = new ComputationGraph(g.getConfiguration().clone());
        plain.init(g.params().dup(), false);
        return plain;
    }
}
