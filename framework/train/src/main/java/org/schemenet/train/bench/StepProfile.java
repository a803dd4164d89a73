package org.schemenet.train.bench;

import java.util.Comparator;
import java.util.List;

/**
 * Where the time of one training step goes besides the kernels' arithmetic, averaged over {@link #steps()} steps
 * measured with ND4J's op profiler on ({@link StepProfiler}): every figure is per step.
 *
 * <p>{@code wall = ops + outside}: {@link #opMillis()} is the time spent inside the {@link #opCalls()} calls of ND4J
 * ops (each one a call into libnd4j: element-wise and reduction ops, matrix products, and the custom ops that run
 * oneDNN, e.g. {@code conv2d_bp}); {@link #outsideOpsMillis()} is everything else on the training thread: the
 * layers' own Java loops (batch normalisation's sums), DL4J's graph bookkeeping and workspaces, array creation and
 * the JNI calls that are not ops. The profiler's own cost per op call (a few microseconds) is in the figures, so the
 * wall time is longer than in the timed repeats.
 *
 * @param steps              training steps profiled, {@code >= 1}
 * @param wallMillis         wall time per step
 * @param opCalls            ND4J op calls per step
 * @param opMillis           time inside ND4J op calls per step
 * @param gcCollections      garbage collections per step, every collector of the JVM
 * @param gcMillis           collectors' time per step (as the JVM reports it: concurrent work included)
 * @param heapAllocatedBytes Java heap bytes allocated per step by every live thread (the array data of ND4J lives
 *                           off the heap and is not in it); negative when the JVM cannot say
 * @param ops                per op name, sorted by time, most first
 */
public record StepProfile(int steps, double wallMillis, double opCalls, double opMillis, double gcCollections,
                          double gcMillis, double heapAllocatedBytes, List<OpCost> ops) {

    public StepProfile {
        if (steps < 1) {
            throw new IllegalArgumentException("a step profile needs at least one step, got " + steps);
        }
        ops = ops.stream().sorted(Comparator.comparingDouble(OpCost::millis).reversed()
                .thenComparing(OpCost::name)).toList();
    }

    /** The wall time per step outside ND4J op calls: {@code wall − ops}. */
    public double outsideOpsMillis() {
        return wallMillis - opMillis;
    }

    /**
     * One ND4J op's share of a step.
     *
     * @param name   the op's libnd4j name, e.g. {@code conv2d_bp}, {@code add_scalar}
     * @param calls  calls per step
     * @param millis time inside those calls per step
     */
    public record OpCost(String name, double calls, double millis) {
        public OpCost {
            if (name == null || name.isBlank() || calls < 0 || millis < 0) {
                throw new IllegalArgumentException("op cost: name '" + name + "', " + calls + " calls, " + millis
                        + " ms; need a name and non-negative figures");
            }
        }
    }
}
