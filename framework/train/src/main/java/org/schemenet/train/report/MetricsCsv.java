package org.schemenet.train.report;

import java.nio.file.Path;
import org.schemenet.run.MetricsFile;
import org.schemenet.run.RunDirectory;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * Adds a row to the run's {@code metrics.csv} ({@link MetricsFile}) after every epoch; a resumed
 * run first drops the rows after its checkpoint (they are trained again). Rows of finished epochs
 * are never rewritten.
 */
public final class MetricsCsv implements RunObserver {
    public static final String FILE = RunDirectory.METRICS;

    private final MetricsFile file;

    public MetricsCsv(Path runDirectory) {
        this.file = RunDirectory.at(runDirectory).metrics();
    }

    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        file.keepEpochs(resumed == null ? 0 : resumed.epochsDone());
    }

    @Override
    public void epochDone(EpochMetrics m, TrainerState state) {
        file.append(new MetricsFile.Row(m.epoch(), m.learningRate(), m.trainLoss(), m.trainAccuracy(),
                m.testErrorPct(), m.imagesPerSecond(), m.seconds(), m.testSeconds(), m.coefficients()));
    }
}
