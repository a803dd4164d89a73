package org.schemenet.network.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward pass of a bias-free 2-d convolution {@code y = x ⋆ W} (NHWC FLOAT activations, OIYX weights, stride
 * {@code s}, padding {@code p}, no dilation) through oneDNN's own primitives, called directly (JavaCPP's presets,
 * {@code org.bytedeco:dnnl}, the JavaCPP version DL4J M2.1 uses):
 * <ul>
 *   <li>backward data: {@code dL/dx[n,c,h,w] = Σ_{o,a,b} W[o,c,a,b] δ[n,o,h',w']} over {@code s h' + a − p = h},
 *       {@code s w' + b − p = w};</li>
 *   <li>backward weights: {@code dL/dW[o,c,a,b] = Σ_{n,h',w'} δ[n,o,h',w'] x[n,c,s h' + a − p, s w' + b − p]}
 *       (zero outside the image),</li>
 * </ul>
 * with {@code δ = dL/dy}.
 *
 * <p>Why (docs/performance.md, attempt 23): libnd4j M2.1's {@code conv2d_bp} and {@code deconv2d_bp} build their
 * oneDNN primitives on every call and pick Winograd backward-data for 16 channels; measured at 128x32x32x16, the
 * pair this replaces ({@code conv2d} of the flipped kernel plus {@code deconv2d_bp}) took 12-18 ms per call against
 * about 7 ms here. The primitives (and the reorders between the user's NHWC/OIYX layouts and the blocked layouts
 * oneDNN prefers) are created once per shape and kept; the blocked copies live in DL4J's working-memory workspace,
 * so no memory is held between calls.
 *
 * <p>Algorithms: backward weights {@code convolution_auto} (Winograd at stride 1 for batches from about 16, direct
 * otherwise); backward data {@code convolution_direct} up to 16 input and output channels (the automatic choice there
 * is Winograd, measured slower) and {@code convolution_auto} above (Winograd at 32 and 64 channels, stride 1). The
 * primitives' temporary memory (scratchpad) is the caller's, from the working-memory workspace, so that nothing is
 * shared between threads or kept between calls ({@link Dnnl}). The first version (Winograd backward weights too, but
 * oneDNN's own scratchpad) crashed with a null access in Winograd's weight transform when two trainers ran in one
 * process ({@code SweepCommandTest}'s data-parallel run): oneDNN's own mode shares one scratchpad among primitives
 * and ties each to the thread that created it, which fits that crash. With the user's scratchpad Winograd backward
 * weights computes the right values ({@code OneDnnConvolutionBackwardTest}) and passed that test five times; it is
 * about 4% faster per training step than the direct algorithm (docs/performance.md, attempt 23c). CPU back end only:
 * the caller checks.
 */
final class OneDnnConvolutionBackward {

    /** Above this many channels oneDNN's automatic backward-data algorithm is the faster one. */
    private static final int DIRECT_DATA_MAX_CHANNELS = 16;

    /** The shape of one convolution's backward pass: what its primitives depend on. */
    record Shape(long batch, long height, long width, long in, long out, long kernelH, long kernelW, long strideH,
                 long strideW, long padH, long padW) {
        Shape {
            if (batch < 1 || height < 1 || width < 1 || in < 1 || out < 1 || kernelH < 1 || kernelW < 1
                    || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("not a convolution shape: " + this);
            }
        }

        long outH() {
            return (height + 2 * padH - kernelH) / strideH + 1;
        }

        long outW() {
            return (width + 2 * padW - kernelW) / strideW + 1;
        }

        /** oneDNN's right/bottom padding, from {@code out = (size + l + r − k) / s + 1} (negative when truncated). */
        long[] padRight() {
            return new long[]{(outH() - 1) * strideH + kernelH - height - padH,
                    (outW() - 1) * strideW + kernelW - width - padW};
        }

        /** Whether oneDNN can run it: output at least 1x1 and no negative right padding (DL4J's Truncate mode). */
        boolean supported() {
            long[] r = padRight();
            return outH() >= 1 && outW() >= 1 && r[0] >= 0 && r[1] >= 0;
        }
    }

    private final engine cpu = new engine(engine.kind.cpu, 0);
    private final stream stream = new stream(cpu);
    private final Map<Shape, Plan> plans = new HashMap<>();

    /**
     * Writes {@code dL/dx} into {@code inputGradient} ({@code [n, h, w, in]}) and {@code dL/dW} into
     * {@code weightGradient} ({@code [out, in, kH, kW]}), both c-contiguous FLOAT; {@code x} and {@code delta} are
     * c-contiguous FLOAT {@code [n, h, w, in]} and {@code [n, outH, outW, out]}.
     */
    void backward(Shape shape, INDArray x, INDArray weights, INDArray delta, INDArray inputGradient,
                  INDArray weightGradient, LayerWorkspaceMgr workspaceMgr) {
        if (!shape.supported()) {
            throw new IllegalArgumentException("oneDNN cannot run this convolution's backward pass: " + shape);
        }
        Plan plan = plans.computeIfAbsent(shape, Plan::new);
        plan.run(x, weights, delta, inputGradient, weightGradient, workspaceMgr);
    }

    /**
     * The arguments of {@code shape}'s backward pass that are copied to or from a blocked layout on every call
     * ({@code "delta"}, {@code "weights"}, {@code "input gradient"}, {@code "weight gradient"}, {@code "x"}, and
     * {@code "delta for weights"} when the weights primitive wants δ in a layout of its own); the others are read
     * and written where ND4J keeps them.
     */
    List<String> copiedArguments(Shape shape) {
        Plan plan = plans.computeIfAbsent(shape, Plan::new);
        List<String> copied = new ArrayList<>();
        Map<String, Layout> named = new LinkedHashMap<>();
        named.put("delta", plan.delta);
        named.put("weights", plan.weights);
        named.put("input gradient", plan.inputGradient);
        named.put("weight gradient", plan.weightGradient);
        named.put("x", plan.x);
        if (plan.deltaForWeights != plan.delta) {
            named.put("delta for weights", plan.deltaForWeights);
        }
        named.forEach((name, layout) -> {
            if (layout.toInner != null) {
                copied.add(name);
            }
        });
        return copied;
    }

    /** The primitives of one shape, with their memory objects; data pointers are set on every call. */
    private final class Plan {
        final Layout delta;
        final Layout weights;
        final Layout inputGradient;
        final Layout weightGradient;
        /** The weights primitive's reads: x, and δ ({@link #delta} itself when both primitives want one layout). */
        final Layout x;
        final Layout deltaForWeights;
        final primitive data;
        final primitive weightsPrimitive;
        final IntMemoryMap dataArgs;
        final IntMemoryMap weightsArgs;
        /** The primitives' temporary memory, in the working-memory workspace (oneDNN's user scratchpad mode). */
        final memory.desc dataScratchpad;
        final memory.desc weightsScratchpad;
        final memory dataScratchpadMemory;
        final memory weightsScratchpadMemory;

        Plan(Shape s) {
            long[] act = {s.batch(), s.in(), s.height(), s.width()};
            long[] out = {s.batch(), s.out(), s.outH(), s.outW()};
            long[] w = {s.out(), s.in(), s.kernelH(), s.kernelW()};
            long[] strides = {s.strideH(), s.strideW()};
            long[] padL = {s.padH(), s.padW()};
            long[] padR = s.padRight();
            memory.desc anyAct = Dnnl.floats(act, memory.format_tag.any);
            memory.desc anyOut = Dnnl.floats(out, memory.format_tag.any);
            memory.desc anyW = Dnnl.floats(w, memory.format_tag.any);
            memory.desc none = new memory.desc();
            algorithm dataAlgorithm = s.in() <= DIRECT_DATA_MAX_CHANNELS && s.out() <= DIRECT_DATA_MAX_CHANNELS
                    ? algorithm.convolution_direct : algorithm.convolution_auto;
            primitive_attr userScratchpad = Dnnl.userScratchpad();
            convolution_backward_data.primitive_desc dataPd = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(dataAlgorithm, anyAct, anyW, anyOut, strides, padL, padR),
                    userScratchpad, cpu, forwardHint(dataAlgorithm, anyAct, anyW, none, anyOut, strides, padL, padR));
            convolution_backward_weights.primitive_desc weightsPd = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(algorithm.convolution_auto, anyAct, anyW, none, anyOut,
                            strides, padL, padR), userScratchpad, cpu,
                    forwardHint(algorithm.convolution_auto, anyAct, anyW, none, anyOut, strides, padL, padR));
            dataScratchpad = dataPd.scratchpad_desc();
            weightsScratchpad = weightsPd.scratchpad_desc();
            dataScratchpadMemory = new memory(dataScratchpad, cpu, (Pointer) null);
            weightsScratchpadMemory = new memory(weightsScratchpad, cpu, (Pointer) null);
            delta = new Layout(out, memory.format_tag.nhwc, dataPd.diff_dst_desc());
            weights = new Layout(w, memory.format_tag.oihw, dataPd.weights_desc());
            inputGradient = new Layout(act, memory.format_tag.nhwc, dataPd.diff_src_desc());
            weightGradient = new Layout(w, memory.format_tag.oihw, weightsPd.diff_weights_desc());
            x = new Layout(act, memory.format_tag.nhwc, weightsPd.src_desc());
            deltaForWeights = weightsPd.diff_dst_desc().equals(delta.inner) ? delta
                    : new Layout(out, memory.format_tag.nhwc, weightsPd.diff_dst_desc());
            data = new convolution_backward_data(dataPd);
            weightsPrimitive = new convolution_backward_weights(weightsPd);
            dataArgs = new IntMemoryMap().put(DNNL_ARG_DIFF_DST, delta.innerMemory)
                    .put(DNNL_ARG_WEIGHTS, weights.innerMemory).put(DNNL_ARG_DIFF_SRC, inputGradient.innerMemory)
                    .put(DNNL_ARG_SCRATCHPAD, dataScratchpadMemory);
            weightsArgs = new IntMemoryMap().put(DNNL_ARG_SRC, x.innerMemory)
                    .put(DNNL_ARG_DIFF_DST, deltaForWeights.innerMemory)
                    .put(DNNL_ARG_DIFF_WEIGHTS, weightGradient.innerMemory)
                    .put(DNNL_ARG_SCRATCHPAD, weightsScratchpadMemory);
        }

        void run(INDArray xArray, INDArray weightsArray, INDArray deltaArray, INDArray inputGradientArray,
                 INDArray weightGradientArray, LayerWorkspaceMgr workspaceMgr) {
            delta.bind(deltaArray, workspaceMgr);
            weights.bind(weightsArray, workspaceMgr);
            inputGradient.bind(inputGradientArray, workspaceMgr);
            weightGradient.bind(weightGradientArray, workspaceMgr);
            x.bind(xArray, workspaceMgr);
            if (deltaForWeights != delta) {
                deltaForWeights.bind(deltaArray, workspaceMgr);
            }
            dataScratchpadMemory.set_data_handle(
                    Dnnl.scratch(dataScratchpad, workspaceMgr, ArrayType.BP_WORKING_MEM));
            weightsScratchpadMemory.set_data_handle(
                    Dnnl.scratch(weightsScratchpad, workspaceMgr, ArrayType.BP_WORKING_MEM));
            delta.toInner(stream);
            weights.toInner(stream);
            data.execute(stream, dataArgs);
            inputGradient.toUser(stream);
            x.toInner(stream);
            if (deltaForWeights != delta) {
                deltaForWeights.toInner(stream);
            }
            weightsPrimitive.execute(stream, weightsArgs);
            weightGradient.toUser(stream);
            stream._wait();
        }
    }

    /**
     * One argument's two layouts: the user's (an ND4J array) and the primitive's; when they differ, a blocked copy in
     * the working-memory workspace and the reorders between the two.
     */
    private final class Layout {
        final memory.desc inner;
        final memory userMemory;
        final memory innerMemory;
        final reorder toInner;
        final reorder toUser;
        final IntMemoryMap toInnerArgs;
        final IntMemoryMap toUserArgs;

        /** {@code dims} in oneDNN's order ({@code [n, c, h, w]}, {@code [o, i, kH, kW]}), the user's {@code tag}. */
        Layout(long[] dims, memory.format_tag tag, memory.desc inner) {
            this.inner = inner;
            memory.desc user = Dnnl.floats(dims, tag);
            userMemory = new memory(inner.equals(user) || sameBytes(dims, tag, inner) ? inner : user, cpu,
                    (Pointer) null);
            if (userMemory.get_desc().equals(inner)) {
                innerMemory = userMemory;
                toInner = null;
                toUser = null;
                toInnerArgs = null;
                toUserArgs = null;
            } else {
                innerMemory = new memory(inner, cpu, (Pointer) null);
                toInner = Dnnl.reorder(userMemory, innerMemory);
                toUser = Dnnl.reorder(innerMemory, userMemory);
                toInnerArgs = reorderArgs(userMemory, innerMemory);
                toUserArgs = reorderArgs(innerMemory, userMemory);
            }
        }

        void bind(INDArray array, LayerWorkspaceMgr workspaceMgr) {
            userMemory.set_data_handle(Dnnl.address(array));
            if (innerMemory != userMemory) {
                innerMemory.set_data_handle(Dnnl.scratch(inner, workspaceMgr, ArrayType.BP_WORKING_MEM));
            }
        }

        void toInner(stream s) {
            if (toInner != null) {
                toInner.execute(s, toInnerArgs);
            }
        }

        void toUser(stream s) {
            if (toUser != null) {
                toUser.execute(s, toUserArgs);
            }
        }
    }

    /**
     * Whether an NHWC activation layout and a channel-blocked one ({@code nChw16c}, {@code nChw8c}: element
     * {@code (n, c, h, w)} at {@code ((n ⌈C/b⌉ + ⌊c/b⌋) H + h) W b + w b + c mod b}) put every element at the same
     * offset: when the block {@code b} is the channel count {@code C}, both offsets are {@code ((n H + h) W + w) C + c}.
     * Then the primitive reads and writes the ND4J array itself and the reorder (a plain copy) is left out; at 16
     * channels (stage 1 of a CIFAR ResNet, the largest activations) that is every reorder of the layer.
     */
    static boolean sameBytes(long[] dims, memory.format_tag tag, memory.desc inner) {
        if (dims.length != 4 || tag != memory.format_tag.nhwc) {
            return false;
        }
        return dims[1] == 16 && inner.equals(Dnnl.floats(dims, memory.format_tag.nChw16c))
                || dims[1] == 8 && inner.equals(Dnnl.floats(dims, memory.format_tag.nChw8c));
    }

    private convolution_forward.primitive_desc forwardHint(algorithm a, memory.desc src, memory.desc w,
                                                            memory.desc bias, memory.desc dst, long[] strides,
                                                            long[] padL, long[] padR) {
        return new convolution_forward.primitive_desc(new convolution_forward.desc(prop_kind.forward_training, a, src,
                w, bias, dst, strides, padL, padR), cpu);
    }

    private static IntMemoryMap reorderArgs(memory from, memory to) {
        return new IntMemoryMap().put(DNNL_ARG_FROM, from).put(DNNL_ARG_TO, to);
    }
}
