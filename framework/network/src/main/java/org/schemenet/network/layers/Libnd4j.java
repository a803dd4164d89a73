package org.schemenet.network.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j custom ops the hand-written layers call, with named arguments: convolutions take ND4J's
 * {@link Conv2DConfig} (kernel, stride, padding, dilation, padding mode, data format, weights format); the
 * positional integer arguments libnd4j reads are written in one place, {@link #integerArguments}. Each call runs in a native op context of its own that is closed when the op returns
 * (try-with-resources), whether it succeeded or not.
 *
 * <p>Outputs are written into the arrays passed in (the layers allocate them in DL4J's workspaces); libnd4j runs
 * oneDNN for FLOAT convolutions on the CPU back end.
 */
final class Libnd4j {

    private Libnd4j() {
    }

    /**
     * {@code conv2d}: {@code output = input ⋆ weights} (cross-correlation, no bias).
     *
     * @param input   {@code [n, c, h, w]} or {@code [n, h, w, c]} as {@code config}'s data format says
     * @param weights as {@code config}'s weights format says ({@code OIYX}: {@code [out, in, kH, kW]})
     * @param output  the result, in the input's format
     */
    static void conv2d(Conv2DConfig config, INDArray input, INDArray weights, INDArray output) {
        run("conv2d", integerArguments(config), new double[0], new INDArray[]{input, weights},
                new INDArray[]{output});
    }

    /**
     * {@code conv2d_bp}: with {@code delta = dL/dy}, writes {@code dL/dx} into {@code inputGradient} and
     * {@code dL/dW} into {@code weightGradient} (formulas in {@link ChannelsLastConvolution}).
     */
    static void conv2dBackprop(Conv2DConfig config, INDArray input, INDArray weights, INDArray delta,
                               INDArray inputGradient, INDArray weightGradient) {
        run("conv2d_bp", integerArguments(config), new double[0], new INDArray[]{input, weights, delta},
                new INDArray[]{inputGradient, weightGradient});
    }

    /**
     * The integer arguments libnd4j's {@code conv2d} and {@code conv2d_bp} read, in their
     * order (the order of ND4J's own {@code Conv2D#addArgs}): kH, kW, sH, sW, pH, pW, dH, dW, padding mode (0 valid
     * with explicit padding, 1 same, 2 causal), 1 for NHWC data, the weights format's ordinal ({@code YXIO} 0,
     * {@code OIYX} 1, {@code OYXI} 2).
     */
    static long[] integerArguments(Conv2DConfig c) {
        return new long[]{c.getKH(), c.getKW(), c.getSH(), c.getSW(), c.getPH(), c.getPW(), c.getDH(), c.getDW(),
                c.getPaddingMode().index, c.isNHWC() ? 1 : 0, c.getWeightsFormat().ordinal()};
    }

    /** Runs custom op {@code name} in a native context of its own, closed afterwards. */
    private static void run(String name, long[] integers, double[] reals, INDArray[] inputs, INDArray[] outputs) {
        CustomOp op = DynamicCustomOp.builder(name).build();
        try (OpContext context = Nd4j.getExecutioner().buildContext()) {
            context.setIArguments(integers);
            context.setTArguments(reals);
            context.setInputArrays(inputs);
            context.setOutputArrays(outputs);
            Nd4j.exec(op, context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // OpContext#close() is AutoCloseable's, declared to throw
            throw new IllegalStateException("libnd4j " + name + ": closing its native op context failed", e);
        }
    }
}
