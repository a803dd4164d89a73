package org.schemenet.engine;

/**
 * Where a sweep's runs train: child processes of the sweep on this machine, or tasks on the
 * executors of a Spark cluster (one run per task). The sweep decides what to do with each run from
 * its lock and records alone; an executor only trains the runs it is given and reports their exit
 * codes. Stopping is the same everywhere: {@link #interrupt()} starts nothing new and sends every
 * running run one SIGTERM (it finishes its batch, writes a checkpoint and exits with 143).
 */
public interface SweepExecutor extends AutoCloseable {

    /** One line for the output, e.g. {@code this machine} or {@code Spark spark://host:7077, 2 executors}. */
    String description();

    /** Runs at a time when the sweep is not told ({@code --parallel}): 1 here, every task slot on a cluster. */
    int defaultParallel();

    /** Native threads per run when neither the sweep nor its plan says: cores / parallel here, {@code spark.task.cpus} on a cluster. */
    int defaultThreads(int parallel);

    /**
     * Trains one run to its end or to a stop; blocks. Returns the child runner's exit code (130 when the
     * sweep was interrupted before the run could start).
     */
    Outcome run(SweepTask task);

    /** Starts no more runs and sends each running run one SIGTERM. */
    void interrupt();

    /** Whether {@link #interrupt()} was called. */
    boolean interrupted();

    /** Waits up to {@code seconds} for the running runs to end, then ends those left where it can. */
    void awaitOrKill(long seconds);

    @Override
    void close();

    /**
     * How a run ended and where it ran.
     *
     * @param exitCode the child runner's exit code
     * @param where    where it trained ({@code this machine}, {@code executor 1 on 10.0.0.2})
     */
    record Outcome(int exitCode, String where) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Opens the executor of a sweep. */
    interface Factory {
        /**
         * @param spark the Spark master of {@code runner sweep --spark MASTER}, or null for child processes of this machine
         * @throws org.schemenet.run.InputException when this build cannot run a sweep there
         */
        SweepExecutor open(String spark);
    }
}
