package org.schemenet.runner;

import java.nio.file.Path;
import org.schemenet.parallel.DataParallelFitting;
import org.schemenet.parallel.ParallelMode;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.train.Trainer;

/**
 * The engines of the default build: one worker (the trainer's own loop) or {@code --workers N}
 * through DL4J's ParallelWrapper. {@code --spark} is refused with how to get the Spark build.
 */
public final class LocalEngine implements TrainingEngine {

    @Override
    public Engine open(RunSettings settings, Path runDirectory) {
        String spark = settings.get(Settings.SPARK);
        if (spark != null) {
            throw new UsageException("--spark " + spark + ": Spark training is not in this build. Build it with "
                    + "'mvn -B -Pspark -DskipTests install' and run framework/spark/bin/runner-spark with the same "
                    + "options, or spark-submit --class org.schemenet.spark.SparkMain (see docs/scaling.md)");
        }
        int workers = settings.integer(Settings.WORKERS);
        if (workers == 1) {
            return new Engine(Trainer.SEQUENTIAL, "1 worker", () -> { });
        }
        ParallelMode mode = ParallelMode.parse(settings.get(Settings.PARALLEL_MODE));
        return new Engine(new DataParallelFitting(workers, mode), "ParallelWrapper, " + workers
                + " workers, " + mode.label() + " (" + workers + " x " + settings.integer(Settings.BATCH_SIZE)
                + " images per step)", () -> { });
    }
}
