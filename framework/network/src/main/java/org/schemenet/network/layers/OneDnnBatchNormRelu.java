package org.schemenet.network.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Batch normalisation followed by a ReLU over NHWC FLOAT activations, forward and backward in training and forward
 * at inference, through oneDNN's batch-normalisation primitives (JavaCPP's {@code org.bytedeco:dnnl}; scale, shift and the ReLU fused),
 * created once per shape; they read and write the ND4J arrays where they are. With {@code M = N·H·W} values per
 * channel {@code c}:
 * <ul>
 *   <li>forward: the batch mean {@code μ_c = (1/M) Σ x} and biased variance {@code σ²_c = (1/M) Σ (x − μ_c)²},
 *       {@code x̂ = (x − μ_c) / σ̂_c} with {@code σ̂ = sqrt(σ² + ε)}, and {@code y = max(0, γ_c x̂ + β_c)}; oneDNN
 *       also writes a mask of {@code y > 0} (one bit per value) that the backward pass reads;</li>
 *   <li>backward, with {@code g = dL/dy · [y > 0]}: {@code dL/dβ = Σ g}, {@code dL/dγ = Σ g x̂} and
 *       {@code dL/dx = (γ/σ̂)(g − dL/dβ / M − x̂ · dL/dγ / M)};</li>
 *   <li>inference: {@code y = max(0, γ_c (x − μ_c) / sqrt(σ²_c + ε) + β_c)} with given {@code μ}, {@code σ²} (the
 *       running averages).</li>
 * </ul>
 *
 * <p>Why (docs/performance.md, attempt 24): the Java loops this replaces (statistics and backward pass over the host
 * buffers on the one pinned training thread) took 1.7 ms forward and 5.7 ms backward at 128x32x32x16 against 0.8 and
 * 1.2 ms here (1.0 + 2.9 against 0.5 + 0.6 ms at 16x16x32, 0.8 + 2.0 against 0.2 + 0.3 ms at 8x8x64); the values
 * agree to about 1e-5 relative. The primitives' scratchpads come from DL4J's working-memory workspaces on each call
 * (oneDNN's user scratchpad mode, see {@link Dnnl}). CPU back end only: the caller checks.
 */
final class OneDnnBatchNormRelu {

    /** What the primitives depend on: the activation shape {@code [n, h, w, c]} and ε. */
    record Geometry(long batch, long height, long width, long channels, float epsilon) {
        Geometry {
            if (batch < 1 || height < 1 || width < 1 || channels < 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException("not a batch-normalisation shape: " + this);
            }
        }

        /** The geometry of NHWC array {@code x} with {@code epsilon}. */
        static Geometry of(INDArray x, double epsilon) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException("batch normalisation of a rank-" + x.rank() + " array");
            }
            return new Geometry(x.size(0), x.size(1), x.size(2), x.size(3), (float) epsilon);
        }
    }

    private final engine cpu = new engine(engine.kind.cpu, 0);
    private final stream stream = new stream(cpu);
    private final Map<Geometry, Plan> plans = new HashMap<>();

    /** Bytes of the ReLU mask {@link #forward} writes for {@code geometry}. */
    long maskBytes(Geometry geometry) {
        return plan(geometry).mask.get_desc().get_size();
    }

    /**
     * Writes {@code y = max(0, γ x̂ + β)} into {@code y}, the batch mean and biased variance into {@code mean} and
     * {@code variance}, and the ReLU mask into {@code mask} (at least {@link #maskBytes} bytes). {@code x} and
     * {@code y} are dense c-order FLOAT {@code [n, h, w, c]}; {@code gamma}, {@code beta}, {@code mean},
     * {@code variance} FLOAT vectors of {@code c} elements with unit stride (views with an offset are fine).
     */
    void forward(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray y, INDArray mean,
                 INDArray variance, INDArray mask, LayerWorkspaceMgr workspaceMgr) {
        Geometry geometry = Geometry.of(x, epsilon);
        requireActivations(x, x.shape());
        requireActivations(y, x.shape());
        requirePerChannel(geometry, gamma, beta, mean, variance);
        Plan plan = plan(geometry);
        requireMask(mask, plan);
        plan.forward(x, gamma, beta, y, mean, variance, mask, workspaceMgr);
    }

    /**
     * Writes {@code dL/dx} into {@code dx} and {@code dL/dγ}, {@code dL/dβ} into {@code dGamma}, {@code dBeta}, from
     * {@code dy = dL/dy} and what {@link #forward} read and wrote ({@code x}, γ, β, the batch statistics, the mask).
     */
    void backward(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray mean, INDArray variance,
                  INDArray mask, INDArray dy, INDArray dx, INDArray dGamma, INDArray dBeta,
                  LayerWorkspaceMgr workspaceMgr) {
        Geometry geometry = Geometry.of(x, epsilon);
        requireActivations(x, x.shape());
        requireActivations(dy, x.shape());
        requireActivations(dx, x.shape());
        requirePerChannel(geometry, gamma, beta, mean, variance, dGamma, dBeta);
        Plan plan = plan(geometry);
        requireMask(mask, plan);
        plan.backward(x, gamma, beta, mean, variance, mask, dy, dx, dGamma, dBeta, workspaceMgr);
    }

    /**
     * Writes {@code y = max(0, γ (x − μ) / sqrt(σ² + ε) + β)} into {@code y} with the given {@code mean} and
     * {@code variance} (inference: the running averages); arrays as in {@link #forward}.
     */
    void infer(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray mean, INDArray variance,
               INDArray y, LayerWorkspaceMgr workspaceMgr) {
        Geometry geometry = Geometry.of(x, epsilon);
        requireActivations(x, x.shape());
        requireActivations(y, x.shape());
        requirePerChannel(geometry, gamma, beta, mean, variance);
        plan(geometry).infer(x, gamma, beta, mean, variance, y, workspaceMgr);
    }

    private Plan plan(Geometry geometry) {
        return plans.computeIfAbsent(geometry, Plan::new);
    }

    private static void requireActivations(INDArray a, long[] shape) {
        if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)
                || !Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException("expected a dense c-order FLOAT array of shape "
                    + Arrays.toString(shape) + ", got " + a.dataType() + " " + a.shapeInfoToString());
        }
    }

    private static void requirePerChannel(Geometry geometry, INDArray... vectors) {
        for (INDArray v : vectors) {
            if (v.dataType() != DataType.FLOAT || v.rank() != 1 || v.stride(0) != 1) {
                throw new IllegalArgumentException("expected a FLOAT vector with unit stride per channel, got "
                        + v.dataType() + " " + v.shapeInfoToString());
            }
            if (v.length() != geometry.channels()) {
                throw new IllegalArgumentException("per-channel array of " + v.length() + " elements for "
                        + geometry.channels() + " channels");
            }
        }
    }

    private static void requireMask(INDArray mask, Plan plan) {
        long bytes = plan.mask.get_desc().get_size();
        if (mask.length() * mask.data().getElementSize() < bytes || !Shape.hasDefaultStridesForShape(mask)) {
            throw new IllegalArgumentException("the ReLU mask needs " + bytes + " contiguous bytes, got "
                    + mask.shapeInfoToString());
        }
    }

    /** One primitive with its arguments and its scratchpad, taken from a DL4J workspace on every call. */
    private final class Step {
        final primitive primitive;
        final IntMemoryMap args;
        final memory.desc scratchpadLayout;
        final memory scratchpad;

        Step(primitive primitive, memory.desc scratchpadLayout, IntMemoryMap args) {
            this.primitive = primitive;
            this.scratchpadLayout = scratchpadLayout;
            scratchpad = new memory(scratchpadLayout, cpu, (Pointer) null);
            this.args = args.put(DNNL_ARG_SCRATCHPAD, scratchpad);
        }

        void run(LayerWorkspaceMgr workspaceMgr, ArrayType scratchType) {
            scratchpad.set_data_handle(Dnnl.scratch(scratchpadLayout, workspaceMgr, scratchType));
            primitive.execute(stream, args);
            stream._wait();
        }
    }

    /** The primitives of one geometry with their memory objects; data pointers are set on every call. */
    private final class Plan {
        final memory src;
        final memory dst;
        final memory mean;
        final memory variance;
        final memory scale;
        final memory shift;
        final memory mask;
        final memory diffDst;
        final memory diffSrc;
        final memory diffScale;
        final memory diffShift;
        final Step forward;
        final Step backward;
        final Step inference;

        Plan(Geometry g) {
            memory.desc activations = Dnnl.floats(new long[]{g.batch(), g.channels(), g.height(), g.width()},
                    memory.format_tag.nhwc);
            memory.desc perChannel = Dnnl.floats(new long[]{g.channels()}, memory.format_tag.a);
            int flags = normalization_flags.use_scale.value | normalization_flags.use_shift.value
                    | normalization_flags.fuse_norm_relu.value;
            batch_normalization_forward.primitive_desc forwardPd = new batch_normalization_forward.primitive_desc(
                    new batch_normalization_forward.desc(prop_kind.forward_training.value, activations,
                            g.epsilon(), flags), Dnnl.userScratchpad(), cpu);
            batch_normalization_backward.primitive_desc backwardPd = new batch_normalization_backward.primitive_desc(
                    new batch_normalization_backward.desc(prop_kind.backward.value, activations, activations,
                            g.epsilon(), flags), Dnnl.userScratchpad(), cpu, forwardPd);
            // forward_inference with the statistics given: no ReLU mask is written
            batch_normalization_forward.primitive_desc inferencePd = new batch_normalization_forward.primitive_desc(
                    new batch_normalization_forward.desc(prop_kind.forward_inference.value, activations,
                            g.epsilon(), flags | normalization_flags.use_global_stats.value),
                    Dnnl.userScratchpad(), cpu);
            src = unbound(activations);
            dst = unbound(activations);
            mean = unbound(perChannel);
            variance = unbound(perChannel);
            scale = unbound(perChannel);
            shift = unbound(perChannel);
            mask = unbound(forwardPd.workspace_desc());
            diffDst = unbound(activations);
            diffSrc = unbound(activations);
            diffScale = unbound(perChannel);
            diffShift = unbound(perChannel);
            forward = new Step(new batch_normalization_forward(forwardPd), forwardPd.scratchpad_desc(),
                    new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift)
                            .put(DNNL_ARG_DST, dst).put(DNNL_ARG_MEAN, mean).put(DNNL_ARG_VARIANCE, variance)
                            .put(DNNL_ARG_WORKSPACE, mask));
            // oneDNN 2.5 refuses the backward pass without the shift (status 2, invalid arguments), though unread
            backward = new Step(new batch_normalization_backward(backwardPd), backwardPd.scratchpad_desc(),
                    new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift)
                            .put(DNNL_ARG_MEAN, mean).put(DNNL_ARG_VARIANCE, variance).put(DNNL_ARG_WORKSPACE, mask)
                            .put(DNNL_ARG_DIFF_DST, diffDst).put(DNNL_ARG_DIFF_SRC, diffSrc)
                            .put(DNNL_ARG_DIFF_SCALE, diffScale).put(DNNL_ARG_DIFF_SHIFT, diffShift));
            inference = new Step(new batch_normalization_forward(inferencePd), inferencePd.scratchpad_desc(),
                    new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift)
                            .put(DNNL_ARG_DST, dst).put(DNNL_ARG_MEAN, mean).put(DNNL_ARG_VARIANCE, variance));
        }

        private memory unbound(memory.desc desc) {
            return new memory(desc, cpu, (Pointer) null);
        }

        void forward(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray m, INDArray v, INDArray mk,
                     LayerWorkspaceMgr workspaceMgr) {
            bind(src, x);
            bind(scale, gamma);
            bind(shift, beta);
            bind(dst, y);
            bind(mean, m);
            bind(variance, v);
            bind(mask, mk);
            forward.run(workspaceMgr, ArrayType.FF_WORKING_MEM);
        }

        void backward(INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray mk, INDArray dy,
                      INDArray dx, INDArray dGamma, INDArray dBeta, LayerWorkspaceMgr workspaceMgr) {
            bind(src, x);
            bind(scale, gamma);
            bind(shift, beta);
            bind(mean, m);
            bind(variance, v);
            bind(mask, mk);
            bind(diffDst, dy);
            bind(diffSrc, dx);
            bind(diffScale, dGamma);
            bind(diffShift, dBeta);
            backward.run(workspaceMgr, ArrayType.BP_WORKING_MEM);
        }

        void infer(INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray y,
                   LayerWorkspaceMgr workspaceMgr) {
            bind(src, x);
            bind(scale, gamma);
            bind(shift, beta);
            bind(dst, y);
            bind(mean, m);
            bind(variance, v);
            inference.run(workspaceMgr, ArrayType.FF_WORKING_MEM);
        }

        private void bind(memory m, INDArray a) {
            m.set_data_handle(Dnnl.address(a));
        }
    }
}
