package org.schemenet.network.bench;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MULTIPLE_SRC;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.sum;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The element-wise passes of one Adams k=3 step {@code y_{n+1} = y_n + β_0 f_n + β_1 f_{n-1} + β_2 f_{n-2}} on
 * activations of the stage-1 shape (a benchmark, not a test), against the kernels that could replace them
 * (docs/performance.md, "Depth 56 again"): forward, three {@code axpy} (what {@code LinearCombinationVertexImpl}
 * does) against oneDNN's {@code sum} primitive (one pass over the four inputs, created once, and created per call
 * as learnable β would need); the coefficient gradient {@code dc_j = <dL/dy, f_{n-j}>}, three BLAS {@code sdot}
 * against the same split over two threads (each half on its own thread); and one {@code axpy} as the unit of a
 * pass. Median milliseconds per call over the repeats, three rounds.
 *
 * <pre>
 *   java -cp ... org.schemenet.network.bench.CombinationPassBenchmark [batch]   (default 128: 128x32x32x16 floats)
 *   system property: bench.repeats (200)
 * </pre>
 * The arrays here stay in the caches between calls (four of 8 MiB each); in training they come from memory, so
 * these times are lower bounds of a pass's cost and only their ratios carry over.
 */
public final class CombinationPassBenchmark {

    private CombinationPassBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long batch = args.length > 0 ? Long.parseLong(args[0]) : 128;
        int repeats = Integer.getInteger("bench.repeats", 200);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch, 32, 32, 16);
        INDArray f0 = Nd4j.rand(DataType.FLOAT, batch, 32, 32, 16);
        INDArray f1 = Nd4j.rand(DataType.FLOAT, batch, 32, 32, 16);
        INDArray f2 = Nd4j.rand(DataType.FLOAT, batch, 32, 32, 16);
        INDArray out = y.ulike();
        long n = y.length();
        float[] beta = {23f / 12, -16f / 12, 5f / 12};
        engine cpu = new engine(engine.kind.cpu, 0);
        stream stream = new stream(cpu);
        memory.desc flat = new memory.desc(new long[]{n}, memory.data_type.f32, memory.format_tag.a);
        sum once = new sum(sumOf(4, flat, new float[]{1, beta[0], beta[1], beta[2]}, cpu));
        INDArray[] terms = {y, f0, f1, f2};
        Level1 blas = Nd4j.getBlasWrapper().level1();
        INDArray g = y.reshape(n);
        INDArray[] fs = {f0.reshape(n), f1.reshape(n), f2.reshape(n)};
        ExecutorService second = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "second half");
            t.setDaemon(true);
            return t;
        });

        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put("one axpy (a pass)", () -> Nd4j.getExecutioner().exec(new Axpy(f0, y, out, 1.0)));
        cases.put("forward: three axpy", () -> {
            Nd4j.getExecutioner().exec(new Axpy(f0, y, out, beta[0]));
            Nd4j.getExecutioner().exec(new Axpy(f1, out, out, beta[1]));
            Nd4j.getExecutioner().exec(new Axpy(f2, out, out, beta[2]));
        });
        cases.put("forward: oneDNN sum of four", () -> execute(once, terms, out, flat, cpu, stream));
        float[] drift = {0};
        cases.put("forward: oneDNN sum, made per call", () -> {
            drift[0] += 1e-7f; // new coefficients on every call, as learnable β are
            execute(new sum(sumOf(4, flat, new float[]{1, beta[0] + drift[0], beta[1], beta[2]}, cpu)), terms, out,
                    flat, cpu, stream);
        });
        double[] sink = {0};
        cases.put("dc: three sdot", () -> {
            for (INDArray f : fs) {
                sink[0] += blas.dot(n, 1.0, g, f);
            }
        });
        cases.put("dc: three sdot, halves on two threads", () -> {
            long h = n / 2;
            Future<Double> upper = second.submit(() -> {
                double s = 0;
                for (INDArray f : fs) {
                    s += blas.dot(n - h, 1.0, g.get(NDArrayIndex.interval(h, n)), f.get(NDArrayIndex.interval(h, n)));
                }
                return s;
            });
            for (INDArray f : fs) {
                sink[0] += blas.dot(h, 1.0, g.get(NDArrayIndex.interval(0, h)), f.get(NDArrayIndex.interval(0, h)));
            }
            sink[0] += get(upper::get);
        });

        System.out.printf("activations %dx32x32x16 floats (%.1f MiB each), %d calls a case and round, threads %s%n",
                batch, n * 4.0 / (1 << 20), repeats, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, Runnable> c : cases.entrySet()) {
                double[] t = new double[repeats];
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    c.getValue().run();
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t);
                medians.computeIfAbsent(c.getKey(), k -> new double[3])[round] = t[repeats / 2];
            }
        }
        System.out.println("| case | median ms per call, rounds 1 / 2 / 3 |");
        System.out.println("|---|---|");
        medians.forEach((k, v) -> System.out.printf("| %s | %.3f / %.3f / %.3f |%n", k, v[0], v[1], v[2]));
        execute(once, terms, out, flat, cpu, stream);
        INDArray reference = y.dup().addi(f0.mul(beta[0])).addi(f1.mul(beta[1])).addi(f2.mul(beta[2]));
        System.out.printf("oneDNN sum against axpy: max |difference| %.3g (sink %.3g)%n",
                reference.sub(out).amaxNumber().doubleValue(), sink[0]);
    }

    private static sum.primitive_desc sumOf(int m, memory.desc flat, float[] scales, engine cpu) {
        memory.desc sources = new memory.desc(m);
        for (int i = 0; i < m; i++) {
            sources.getPointer(i).put(flat);
        }
        return new sum.primitive_desc(flat, scales, sources, cpu);
    }

    private static void execute(sum primitive, INDArray[] in, INDArray out, memory.desc flat, engine cpu,
                                stream stream) {
        IntMemoryMap args = new IntMemoryMap();
        for (int i = 0; i < in.length; i++) {
            args.put(DNNL_ARG_MULTIPLE_SRC + i, new memory(flat, cpu, address(in[i])));
        }
        args.put(DNNL_ARG_DST, new memory(flat, cpu, address(out)));
        primitive.execute(stream, args);
        stream._wait();
    }

    private static Pointer address(INDArray a) {
        long at = a.data().address() + a.offset() * a.data().getElementSize();
        return new Pointer() {
            {
                address = at;
            }
        };
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T get(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
