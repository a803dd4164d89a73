package org.schemenet.network.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.schemenet.scheme.ClassPathSchemes;

/**
 * Training throughput of compiled scheme networks (a benchmark, not a test): images/s of
 * {@code ComputationGraph.fit} on random 32x32x3 data, batch 128, after warm-up, median of repeats; the
 * schemes are interleaved (A B C A B C ...) so that machine noise spreads over all of them. Also the peak
 * resident memory of each run (VmHWM, reset per run through /proc/self/clear_refs).
 *
 * <pre>
 *   java -cp ... org.schemenet.network.bench.TrainingThroughputBenchmark [depth ...]
 *   system properties: bench.batch (128), bench.warmup (3), bench.iterations (5), bench.repeats (3)
 * </pre>
 * Schemes: euler; adams k=3 fixed and learnable; lm; rk midpoint (RK2); those not on the class path are skipped.
 */
public final class TrainingThroughputBenchmark {

    private record Config(String label, String scheme, Map<String, String> options) {
    }

    private record Result(String label, int depth, long parameters, double imagesPerSecond, long peakRssMb) {
    }

    public static void main(String[] args) throws IOException {
        int batch = Integer.getInteger("bench.batch", 128);
        int warmup = Integer.getInteger("bench.warmup", 3);
        int iterations = Integer.getInteger("bench.iterations", 5);
        int repeats = Integer.getInteger("bench.repeats", 3);
        List<Integer> depths = args.length == 0 ? List.of(20) : Arrays.stream(args).map(Integer::valueOf).toList();
        ClassPathSchemes schemes = ClassPathSchemes.load();
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("euler", "euler", Map.of()));
        configs.add(new Config("adams k=3 fixed", "adams", Map.of("k", "3", "coefficients", "fixed")));
        configs.add(new Config("adams k=3 learnable", "adams", Map.of("k", "3", "coefficients", "learnable")));
        configs.add(new Config("lm", "lm", Map.of()));
        configs.add(new Config("rk2 (midpoint)", "rk", Map.of("tableau", "midpoint")));
        configs.removeIf(c -> !schemes.all().containsKey(c.scheme()));

        INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        DataSet data = new DataSet(features, labels);
        System.out.printf("batch %d, warm-up %d, %d iterations per repeat, %d repeats, threads %s%n", batch, warmup,
                iterations, repeats, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));

        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int depth : depths) {
            for (int r = 0; r < repeats; r++) {
                for (Config c : configs) {
                    resetPeakRss();
                    CompiledNetwork net = Networks.compile(c.scheme(), c.options(), NetworkSpec.cifar(depth));
                    ComputationGraph g = net.graph();
                    for (int i = 0; i < warmup; i++) {
                        g.fit(data);
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < iterations; i++) {
                        g.fit(data);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Result res = new Result(c.label(), depth, net.trainableParameters(),
                            iterations * batch / seconds, peakRssMb());
                    System.out.printf("  depth %d repeat %d %-22s %7.1f images/s, peak RSS %d MB%n", depth, r + 1,
                            c.label(), res.imagesPerSecond(), res.peakRssMb());
                    results.computeIfAbsent(depth + " " + c.label(), k -> new ArrayList<>()).add(res);
                    g.clear();
                }
            }
        }
        System.out.println();
        System.out.println("| scheme | depth | parameters | train images/s (median) | runs | ratio to Euler | peak RSS MB (max) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int depth : depths) {
            double euler = median(results.get(depth + " euler"));
            for (Config c : configs) {
                List<Result> rs = results.get(depth + " " + c.label());
                double m = median(rs);
                long rss = rs.stream().mapToLong(Result::peakRssMb).max().orElse(0);
                String runs = String.join(" ", rs.stream().map(x -> String.format("%.1f", x.imagesPerSecond())).toList());
                System.out.printf("| %s | %d | %,d | %.1f | %s | %.3f | %d |%n", c.label(), depth,
                        rs.get(0).parameters(), m, runs, m / euler, rss);
            }
        }
    }

    private static double median(List<Result> rs) {
        double[] v = rs.stream().mapToDouble(Result::imagesPerSecond).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** Resets VmHWM (Linux: writing 5 to /proc/self/clear_refs); ignored where unsupported. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // peak then covers the whole process so far
        }
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
