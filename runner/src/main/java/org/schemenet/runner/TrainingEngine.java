package org.schemenet.runner;

import java.nio.file.Path;
import org.schemenet.run.RunSettings;
import org.schemenet.train.BatchFitting;

/**
 * What fits a run's batches: the plain single-worker loop, {@code --workers N} data-parallel
 * workers in this JVM (ParallelWrapper), or a Spark cluster (bound by the Spark build's entry
 * point, {@code org.schemenet.spark.SparkMain}). Bound in {@link TrainerModule}.
 */
public interface TrainingEngine {

    /**
     * The engine for a run.
     *
     * @throws UsageException when the configuration asks for an engine this build does not have
     */
    Engine open(RunSettings settings, Path runDirectory);

    /**
     * An open engine.
     *
     * @param fitting     how the trainer fits an epoch's batches
     * @param description one line for the output and summary.json
     * @param close       releases what the engine holds (e.g. a Spark context)
     */
    record Engine(BatchFitting fitting, String description, Runnable close) {
    }
}
