package org.schemenet.network.layers;

import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the layers that call oneDNN directly ({@link OneDnnConvolutionBackward}, {@link OneDnnBatchNormRelu}; JavaCPP's
 * {@code org.bytedeco:dnnl} presets) share: FLOAT memory descriptors and pointers to ND4J's buffers.
 */
final class Dnnl {

    private Dnnl() {
    }

    /** A FLOAT memory descriptor: {@code dims} in oneDNN's logical order, laid out as {@code tag} says. */
    static memory.desc floats(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** The address of an array's first element (its buffer plus its offset). */
    static Pointer address(INDArray a) {
        return raw(a.data().address() + a.offset() * a.data().getElementSize());
    }

    /** A pointer to {@code address}, memory owned elsewhere. */
    static Pointer raw(long address) {
        return new RawAddress(address);
    }

    /** A JavaCPP pointer to memory owned elsewhere (ND4J); it frees nothing. */
    private static final class RawAddress extends Pointer {
        RawAddress(long address) {
            this.address = address;
        }
    }
}
