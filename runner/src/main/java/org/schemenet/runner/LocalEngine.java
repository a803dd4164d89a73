package org.schemenet.runner;

import java.nio.file.Path;
import org.schemenet.parallel.DataParallelFitting;
import org.schemenet.parallel.ParallelMode;
import org.schemenet.train.Trainer;

/**
 * The engines of the default build: one worker (the trainer's own loop) or {@code --workers N}
 * through DL4J's ParallelWrapper. {@code --spark} is refused with how to get the Spark build.
 */
public final class LocalEngine implements TrainingEngine {

    @Override
    public Engine open(RunConfig config, Path runDirectory) {
        RunConfig.Scaling s = config.scaling();
        if (s.spark() != null) {
            throw new UsageException("--spark " + s.spark() + ": Spark training is not in this build. Build it with "
                    + "'mvn -B -Pspark -DskipTests install' and run framework/spark/bin/runner-spark with the same "
                    + "options, or spark-submit --class org.schemenet.spark.SparkMain (see docs/scaling.md)");
        }
        if (s.workers() == 1) {
            return new Engine(Trainer.SEQUENTIAL, "1 worker", () -> { });
        }
        ParallelMode mode = ParallelMode.parse(s.parallelMode());
        return new Engine(new DataParallelFitting(s.workers(), mode), "ParallelWrapper, " + s.workers()
                + " workers, " + mode.label() + " (" + s.workers() + " x " + config.batchSize() + " images per step)",
                () -> { });
    }
}
