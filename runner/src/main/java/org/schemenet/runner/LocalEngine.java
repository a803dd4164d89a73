package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.schemenet.engine.OnSpark;
import org.schemenet.engine.TrainingEngine;
import org.schemenet.parallel.DataParallelFitting;
import org.schemenet.parallel.ParallelMode;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.train.Trainer;

/**
 * The engines of the default build: one worker (the trainer's own loop) or {@code --workers N}
 * through DL4J's ParallelWrapper. {@code --spark} goes to the Spark engine when the Spark
 * application bound one ({@link OnSpark}); the default build refuses it with how to get it.
 */
public final class LocalEngine implements TrainingEngine {
    private final Optional<TrainingEngine> spark;

    @Inject
    public LocalEngine(@OnSpark Optional<TrainingEngine> spark) {
        this.spark = spark;
    }

    @Override
    public Engine open(RunSettings settings, Path runDirectory) {
        String master = settings.get(Settings.SPARK);
        if (master != null) {
            return spark.orElseThrow(() -> new UsageException("--spark " + master + ": Spark training is not in this "
                    + "build. Build it with 'mvn -B -Pspark -DskipTests install' and run framework/spark/bin/runner-spark "
                    + "with the same options (see docs/scaling.md)")).open(settings, runDirectory);
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
