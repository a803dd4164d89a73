package org.schemenet.engine;

import java.nio.file.Path;
import org.schemenet.run.RunSettings;
import org.schemenet.train.BatchFitting;

/**
 * What fits a run's batches: the plain single-worker loop, {@code --workers N} data-parallel
 * workers in this JVM (ParallelWrapper), or a Spark cluster. The runner binds the local engines;
 * the Spark application ({@code org.schemenet.spark.SparkModule}) binds the Spark engine in their place.
 */
public interface TrainingEngine {

    /** The command that continues a run of the default build: {@code runner --resume RUN_DIR}. */
    String RUNNER = "runner";

    /**
     * The engine for a run.
     *
     * @throws org.schemenet.run.InputException when the configuration asks for an engine this build
     *         does not have, or for one it cannot start (the message names the setting and what is allowed)
     */
    Engine open(RunSettings settings, Path runDirectory);

    /**
     * An open engine.
     *
     * @param fitting     how the trainer fits an epoch's batches
     * @param description one line for the output and summary.json
     * @param close       releases what the engine holds (e.g. a Spark context)
     * @param launcher    the command that continues the run ({@code LAUNCHER --resume RUN_DIR}): the
     *                    resume hint printed after a stop is a command that works for this engine
     */
    record Engine(BatchFitting fitting, String description, Runnable close, String launcher) {
        public Engine {
            if (fitting == null || description == null || close == null || launcher == null || launcher.isBlank()) {
                throw new IllegalArgumentException("an engine needs a fitting, a description, a close action and a "
                        + "launcher");
            }
        }

        /** An engine of the default build, continued with {@link #RUNNER}. */
        public Engine(BatchFitting fitting, String description, Runnable close) {
            this(fitting, description, close, RUNNER);
        }
    }
}
