package org.schemenet.network.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The forward map of batch normalisation followed by a ReLU with given statistics,
 * {@code y[n,h,w,c] = max(0, γ_c (x[n,h,w,c] − μ_c) / sqrt(σ²_c + ε) + β_c)}, for NHWC FLOAT activations,
 * through one oneDNN batch-normalisation primitive (JavaCPP's {@code org.bytedeco:dnnl}; global statistics, scale, shift and the
 * ReLU fused) that is created once per shape and reads and writes the ND4J arrays where they are.
 *
 * <p>Why (docs/performance.md, attempt 24): libnd4j M2.1's {@code batchnorm} op builds its oneDNN primitive on every
 * call and the ReLU was a second pass; at 128x32x32x16 the pair took 1.62 ms against 0.46 ms here (0.92 against
 * 0.23 ms at 16x16x32, 0.65 against 0.12 ms at 8x8x64), with identical values. CPU back end only: the caller
 * checks.
 */
final class OneDnnBatchNormRelu {

    /** What the primitive depends on: the activation shape {@code [n, h, w, c]} and ε. */
    record Geometry(long batch, long height, long width, long channels, float epsilon) {
        Geometry {
            if (batch < 1 || height < 1 || width < 1 || channels < 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException("not a batch-normalisation shape: " + this);
            }
        }
    }

    private final engine cpu = new engine(engine.kind.cpu, 0);
    private final stream stream = new stream(cpu);
    private final Map<Geometry, Plan> plans = new HashMap<>();

    /**
     * Writes {@code y = max(0, γ (x − μ) / sqrt(σ² + ε) + β)} into {@code y}; {@code x} and {@code y} are dense
     * c-order FLOAT {@code [n, h, w, c]}, {@code mean}, {@code variance}, {@code gamma} and {@code beta} FLOAT
     * vectors of {@code c} elements with unit stride (views with an offset are fine).
     */
    void forward(INDArray x, INDArray mean, INDArray variance, INDArray gamma, INDArray beta, INDArray y,
                 double epsilon) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("batch normalisation of a rank-" + x.rank() + " array");
        }
        Geometry geometry = new Geometry(x.size(0), x.size(1), x.size(2), x.size(3), (float) epsilon);
        requireDense(x, x.shape());
        requireDense(y, x.shape());
        for (INDArray v : new INDArray[]{mean, variance, gamma, beta}) {
            if (v.dataType() != DataType.FLOAT || v.rank() != 1 || v.stride(0) != 1) {
                throw new IllegalArgumentException("expected a FLOAT vector with unit stride per channel, got "
                        + v.dataType() + " " + v.shapeInfoToString());
            }
            if (v.length() != geometry.channels()) {
                throw new IllegalArgumentException("per-channel array of " + v.length() + " elements for "
                        + geometry.channels() + " channels");
            }
        }
        plans.computeIfAbsent(geometry, Plan::new).run(x, mean, variance, gamma, beta, y);
    }

    private static void requireDense(INDArray a, long[] shape) {
        if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)
                || !Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException("expected a dense c-order FLOAT array of shape "
                    + Arrays.toString(shape) + ", got " + a.dataType() + " " + a.shapeInfoToString());
        }
    }

    /** The primitive of one geometry with its memory objects; data pointers are set on every call. */
    private final class Plan {
        final primitive primitive;
        final memory src;
        final memory dst;
        final memory mean;
        final memory variance;
        final memory scale;
        final memory shift;
        final IntMemoryMap args;

        Plan(Geometry g) {
            memory.desc activations = Dnnl.floats(new long[]{g.batch(), g.channels(), g.height(), g.width()},
                    memory.format_tag.nhwc);
            memory.desc perChannel = Dnnl.floats(new long[]{g.channels()}, memory.format_tag.a);
            int flags = normalization_flags.use_global_stats.value | normalization_flags.use_scale.value
                    | normalization_flags.use_shift.value | normalization_flags.fuse_norm_relu.value;
            // forward_inference: the statistics are given, and no ReLU mask (workspace) is kept
            primitive = new batch_normalization_forward(new batch_normalization_forward.primitive_desc(
                    new batch_normalization_forward.desc(prop_kind.forward_inference.value, activations, g.epsilon(),
                            flags), cpu));
            src = new memory(activations, cpu, (Pointer) null);
            dst = new memory(activations, cpu, (Pointer) null);
            mean = new memory(perChannel, cpu, (Pointer) null);
            variance = new memory(perChannel, cpu, (Pointer) null);
            scale = new memory(perChannel, cpu, (Pointer) null);
            shift = new memory(perChannel, cpu, (Pointer) null);
            args = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst).put(DNNL_ARG_MEAN, mean)
                    .put(DNNL_ARG_VARIANCE, variance).put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift);
        }

        void run(INDArray x, INDArray m, INDArray v, INDArray gamma, INDArray beta, INDArray y) {
            src.set_data_handle(Dnnl.address(x));
            dst.set_data_handle(Dnnl.address(y));
            mean.set_data_handle(Dnnl.address(m));
            variance.set_data_handle(Dnnl.address(v));
            scale.set_data_handle(Dnnl.address(gamma));
            shift.set_data_handle(Dnnl.address(beta));
            primitive.execute(stream, args);
            stream._wait();
        }
    }
}
