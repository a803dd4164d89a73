package org.schemenet.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The tasks each executor finished, from Spark's scheduler events: where the work of a run or a
 * sweep really went ({@code executor 0 on 10.0.0.2: 34, executor 1 on 10.0.0.3: 34}).
 */
final class TaskCounts extends SparkListener {
    private final Map<String, Integer> counts = new TreeMap<>();

    /** Counts the tasks of {@code sc} from now on. */
    static TaskCounts of(JavaSparkContext sc) {
        TaskCounts t = new TaskCounts();
        sc.sc().addSparkListener(t);
        return t;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo() != null && end.taskInfo().successful()) {
            counts.merge("executor " + end.taskInfo().executorId() + " on " + end.taskInfo().host(), 1, Integer::sum);
        }
    }

    /** Finished tasks by executor. */
    synchronized Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    /** {@code tasks by executor: executor 0 on HOST: N, ...}. */
    @Override
    public synchronized String toString() {
        StringBuilder s = new StringBuilder("tasks by executor:");
        counts.forEach((k, v) -> s.append(s.charAt(s.length() - 1) == ':' ? " " : ", ").append(k).append(": ").append(v));
        return counts.isEmpty() ? "tasks by executor: none" : s.toString();
    }
}
