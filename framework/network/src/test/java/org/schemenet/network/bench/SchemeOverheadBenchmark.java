package org.schemenet.network.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.Networks;

/**
 * Scheme overhead as a paired measurement (a benchmark, not a test): Euler's network and one scheme's network
 * of the same depth live in one JVM and train alternately, one {@code fit} of a batch of 128 random 32x32x3
 * images each (order alternating: E S, S E, ...), so a load burst on the shared machine hits both members of a
 * pair. Reports each network's images/s (batch / median seconds per {@code fit}) and the median, quartiles and
 * a distribution-free 95% confidence interval of the median of the per-pair ratio {@code t_Euler / t_scheme}
 * (the scheme's throughput relative to Euler's): order statistics {@code x_(k) .. x_(n+1-k)} with the largest
 * {@code k} such that {@code P(Binomial(n, 1/2) < k) <= 0.025}, which assumes only that the pairs are
 * independent draws.
 *
 * <pre>
 *   java -cp ... org.schemenet.network.bench.SchemeOverheadBenchmark [depth ...]
 *   system properties: bench.batch (128), bench.warmup (3), bench.pairs (20),
 *                      bench.only (run only schemes whose label contains this text),
 *                      bench.backward (own: the compiler's graph, default; dl4j: DL4J's own ComputationGraph of the
 *                      same configuration for both members of a pair),
 *                      bench.against (euler, default: each scheme against Euler; dl4j: each scheme, Euler too,
 *                      with the compiler's graph against DL4J's own graph of the same network, ratio t_DL4J / t_own)
 * </pre>
 * Schemes: Adams k=3 fixed and learnable, LM (learnable), RK2 (midpoint), with {@code Networks.compile}'s default
 * training settings (Nesterov momentum, L2 1e-4: the same per-batch work as the runner's heavy-ball updater).
 */
public final class SchemeOverheadBenchmark {

    /** A network of the benchmarks: its label in tables, its key on command lines, its scheme and options. */
    record Config(String label, String key, String scheme, Map<String, String> options) {
    }

    /** Euler's network, the reference of every ratio. */
    static final Config EULER = new Config("Euler", "euler", "euler", Map.of());

    /** The schemes measured against Euler. */
    static final List<Config> SCHEMES = List.of(
            new Config("Adams k=3 fixed", "adams3", "adams", Map.of("k", "3", "coefficients", "fixed")),
            new Config("Adams k=3 learnable", "adams3-learnable", "adams", Map.of("k", "3", "coefficients", "learnable")),
            new Config("LM (learnable k)", "lm", "lm", Map.of()),
            new Config("RK2 (midpoint)", "rk2", "rk", Map.of("tableau", "midpoint")));

    /** {@code batch} random 3x32x32 images with one-hot labels {@code i mod 10}. */
    static DataSet randomBatch(int batch) {
        INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(features, labels);
    }

    public static void main(String[] args) {
        int batch = Integer.getInteger("bench.batch", 128);
        int warmup = Integer.getInteger("bench.warmup", 3);
        int pairs = Integer.getInteger("bench.pairs", 20);
        List<Integer> depths = args.length == 0 ? List.of(20) : Arrays.stream(args).map(Integer::valueOf).toList();
        List<Config> configs = SCHEMES;
        boolean dl4jBackward = "dl4j".equals(System.getProperty("bench.backward", "own"));
        boolean againstDl4j = "dl4j".equals(System.getProperty("bench.against", "euler"));
        if (againstDl4j) {
            configs = new ArrayList<>(configs);
            configs.add(0, EULER);
        }
        String only = System.getProperty("bench.only", "");
        configs = configs.stream().filter(c -> c.label().contains(only)).toList();
        DataSet data = randomBatch(batch);
        System.out.printf("batch %d, %d warm-up and %d timed pairs per scheme, threads %s, load %s, %s%n", batch,
                warmup, pairs, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), load(), againstDl4j
                        ? "each scheme's graph against DL4J's own graph of it (ratio t_DL4J / t_own)"
                        : "each scheme against Euler, " + (dl4jBackward ? "DL4J's own graphs" : "the compiler's graphs"));
        List<String> rows = new ArrayList<>();
        for (int depth : depths) {
            for (Config c : configs) {
                CompiledNetwork scheme = Networks.compile(c.scheme(), c.options(), NetworkSpec.cifar(depth));
                ComputationGraph s = dl4jBackward ? dl4jGraph(scheme.graph()) : scheme.graph();
                // "e": the reference member of the pair (Euler's network, or DL4J's own graph of the scheme's)
                ComputationGraph e = againstDl4j ? dl4jGraph(scheme.graph())
                        : dl4jBackward ? dl4jGraph(Networks.compile("euler", Map.of(), NetworkSpec.cifar(depth)).graph())
                        : Networks.compile("euler", Map.of(), NetworkSpec.cifar(depth)).graph();
                for (int i = 0; i < warmup; i++) {
                    e.fit(data);
                    s.fit(data);
                }
                double[] te = new double[pairs];
                double[] ts = new double[pairs];
                double[] ratio = new double[pairs];
                for (int i = 0; i < pairs; i++) {
                    if (i % 2 == 0) {
                        te[i] = time(e, data);
                        ts[i] = time(s, data);
                    } else {
                        ts[i] = time(s, data);
                        te[i] = time(e, data);
                    }
                    ratio[i] = te[i] / ts[i];
                }
                double[] ci = medianConfidenceInterval(ratio);
                String row = String.format("| %s | %d | %,d | %.1f | %.1f | %.2f - %.2f | **%.3f** | %.3f - %.3f | %s |",
                        c.label(), depth, scheme.trainableParameters(), batch / median(ts), batch / median(te),
                        quantile(ratio, 0.25), quantile(ratio, 0.75), median(ratio), ci[0], ci[1], load());
                System.out.println(row);
                rows.add(row);
                e.clear();
                s.clear();
                Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                System.gc();
            }
        }
        System.out.println();
        String reference = againstDl4j ? "DL4J's own graph" : "Euler";
        System.out.println("| scheme | depth | parameters | scheme images/s | " + reference + " images/s (same pairs) "
                + "| pair ratio quartiles | median ratio to " + reference + " | 95% CI of the median | load after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** DL4J's own {@code ComputationGraph} of {@code g}'s configuration and parameters. */
    private static ComputationGraph dl4jGraph(ComputationGraph g) {
        ComputationGraph plain = new ComputationGraph(g.getConfiguration().clone());
        plain.init(g.params().dup(), false);
        return plain;
    }

    private static double time(ComputationGraph g, DataSet data) {
        long start = System.nanoTime();
        g.fit(data);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The distribution-free 95% confidence interval of the median: {@code [x_(k), x_(n+1-k)]} (1-based order
     * statistics) with the largest {@code k >= 1} such that {@code P(B < k) <= 0.025}, {@code B ~ Binomial(n, 1/2)};
     * the whole range when {@code n} is too small for any such {@code k} (n < 6).
     */
    static double[] medianConfidenceInterval(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        double below = 0.0; // P(B < k)
        double pmf = Math.pow(0.5, n); // P(B = k)
        int k = 0;
        while (k < n && below + pmf <= 0.025) {
            below += pmf;
            pmf = pmf * (n - k) / (k + 1);
            k++;
        }
        if (k < 1) {
            return new double[]{s[0], s[n - 1]};
        }
        return new double[]{s[k - 1], s[n - k]};
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** Linear interpolation between order statistics. */
    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
