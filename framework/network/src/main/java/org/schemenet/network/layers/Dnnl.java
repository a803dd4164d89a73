package org.schemenet.network.layers;

import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the layers that call oneDNN directly ({@link OneDnnConvolutionBackward}, {@link OneDnnBatchNormRelu}; JavaCPP's
 * {@code org.bytedeco:dnnl} presets) share: FLOAT memory descriptors, pointers to ND4J's buffers, and the
 * primitives' temporary memory (scratchpad).
 *
 * <p>Every primitive is created in oneDNN's <em>user</em> scratchpad mode and gets its scratchpad from DL4J's
 * working-memory workspace on each call. oneDNN's default (library mode, in a build without
 * {@code DNNL_ENABLE_CONCURRENT_EXEC}, as JavaCPP's is) shares one scratchpad among all primitives and lets a
 * primitive run only on the thread that created it; DL4J may train a network on another thread than the one that
 * first ran it (data-parallel workers, Spark tasks), and two trainers run at once in one process. User
 * mode is oneDNN's thread-safe mode as long as no scratchpad is used by two executions at once, which per-call
 * workspace memory guarantees.
 */
final class Dnnl {

    /** Bytes scratchpads are aligned to (a cache line). */
    private static final int ALIGNMENT = 64;

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

    /** Attributes with oneDNN's user scratchpad mode (see the class comment). */
    static primitive_attr userScratchpad() {
        primitive_attr attr = new primitive_attr();
        attr.set_scratchpad_mode(scratchpad_mode.user);
        return attr;
    }

    /**
     * A reorder (a copy between layouts) from {@code from} to {@code to} in user scratchpad mode; it must need no
     * scratchpad (plain FLOAT reorders do not), so it is called without one.
     */
    static reorder reorder(memory from, memory to) {
        reorder.primitive_desc pd = new reorder.primitive_desc(from, to, userScratchpad(), false);
        if (pd.scratchpad_desc().get_size() != 0) {
            throw new IllegalStateException("a oneDNN reorder that needs a scratchpad of "
                    + pd.scratchpad_desc().get_size() + " bytes");
        }
        return new reorder(pd);
    }

    /**
     * A cache-line aligned block of {@code layout}'s size in the workspace of {@code type} (working memory: it
     * lives until the layer's forward or backward pass returns), or a null pointer for an empty layout.
     */
    static Pointer scratch(memory.desc layout, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        long bytes = layout.get_size();
        if (bytes == 0) {
            return raw(0);
        }
        long floats = (bytes + ALIGNMENT) / Float.BYTES + 1;
        INDArray block = workspaceMgr.createUninitialized(type, DataType.FLOAT, new long[]{floats}, 'c');
        long start = address(block).address();
        return raw((start + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
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
