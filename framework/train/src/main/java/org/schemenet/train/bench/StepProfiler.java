package org.schemenet.train.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.profiler.data.primitives.TimeSet;

/**
 * Profiles {@code steps} calls of a training step ({@link StepProfile}): ND4J's op profiler on
 * ({@code ProfilerConfig.checkElapsedTime}: every op call through the executioner is counted by name and timed),
 * the JVM's collectors' counters and the threads' allocated-bytes counters read before and after.
 *
 * <p>ND4J 1.0.0-M2.1's {@link OpProfiler} prints its aggregates but has no accessor for them; they are read from
 * its fields: the call count per op name ({@code opCounter}), the time per op class ({@code classAggergator}, every
 * call) and per op name for the calls longer than 0.1 ms ({@code longAggergator}, keyed
 * {@code "<class> <name> (<hash>)"}). An op's time in {@link StepProfile.OpCost#millis()} is therefore that of
 * its calls longer than 0.1 ms; the calls under it are in {@link StepProfile#opMillis()} only. The profiler's
 * counters are reset before, and the executioner's profiling switched off after (ND4J's default).
 */
public final class StepProfiler {

    /** ND4J keeps per-name times only for calls longer than this (OpProfiler's threshold). */
    public static final double LONG_CALL_MILLIS = 0.1;

    private StepProfiler() {
    }

    /**
     * Runs {@code step} {@code steps} times with the op profiler on; the figures per step.
     *
     * @throws IllegalStateException when this ND4J's op profiler does not hold the aggregates described above
     */
    public static StepProfile profile(Runnable step, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps to profile: " + steps + "; allowed: an integer >= 1");
        }
        OpProfiler profiler = OpProfiler.getInstance();
        ThreadMXBean threads = threadBean();
        long gcCount0 = gcCount();
        long gcTime0 = gcMillis();
        Map<Long, Long> allocated0 = allocated(threads);
        profiler.reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < steps; i++) {
                step.run();
            }
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        long gcCount = gcCount() - gcCount0;
        long gcTime = gcMillis() - gcTime0;
        double heap = heapAllocated(threads, allocated0);

        Map<String, Long> calls = counts(field(profiler, "opCounter"));
        double opNanos = 0;
        for (TimeSet t : times(field(profiler, "classAggergator")).values()) {
            opNanos += t.getSum();
        }
        Map<String, Double> longNanos = new HashMap<>();
        times(field(profiler, "longAggergator")).forEach((key, t) ->
                longNanos.merge(opName(key), (double) t.getSum(), Double::sum));
        List<StepProfile.OpCost> ops = new ArrayList<>();
        calls.forEach((name, n) -> ops.add(new StepProfile.OpCost(name, (double) n / steps,
                longNanos.getOrDefault(name, 0.0) / 1e6 / steps)));
        long callCount = calls.values().stream().mapToLong(Long::longValue).sum();
        profiler.reset();
        return new StepProfile(steps, wall / steps, (double) callCount / steps, opNanos / 1e6 / steps,
                (double) gcCount / steps, (double) gcTime / steps, heap < 0 ? -1 : heap / steps, ops);
    }

    /** {@code "CustomOp conv2d_bp (-27301...)"} → {@code conv2d_bp}. */
    static String opName(String longCallKey) {
        String s = longCallKey;
        int paren = s.lastIndexOf(" (");
        if (paren >= 0) {
            s = s.substring(0, paren);
        }
        int space = s.indexOf(' ');
        return space >= 0 ? s.substring(space + 1) : s;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    private static ThreadMXBean threadBean() {
        return ManagementFactory.getThreadMXBean() instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                ? t : null;
    }

    /** Allocated bytes so far per live thread id; empty when the JVM cannot say. */
    private static Map<Long, Long> allocated(ThreadMXBean threads) {
        Map<Long, Long> bytes = new HashMap<>();
        if (threads == null) {
            return bytes;
        }
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        long[] ids = threads.getAllThreadIds();
        long[] values = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (values[i] >= 0) {
                bytes.put(ids[i], values[i]);
            }
        }
        return bytes;
    }

    /** Bytes allocated since {@code before} by the threads alive now (a thread started since counts from 0). */
    private static double heapAllocated(ThreadMXBean threads, Map<Long, Long> before) {
        if (threads == null) {
            return -1;
        }
        double sum = 0;
        for (Map.Entry<Long, Long> now : allocated(threads).entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> counts(Object stringCounter) {
        Map<String, Long> out = new HashMap<>();
        ((Map<String, ? extends Number>) field(stringCounter, "counter")).forEach((k, v) -> out.put(k, v.longValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, TimeSet> times(Object stringAggregator) {
        return new HashMap<>((Map<String, TimeSet>) field(stringAggregator, "times"));
    }

    private static Object field(Object owner, String name) {
        try {
            Field f = owner.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("ND4J's " + owner.getClass().getName() + " has no readable field '" + name
                    + "' (written for ND4J 1.0.0-M2.1): the op profile is not available with this ND4J", e);
        }
    }
}
