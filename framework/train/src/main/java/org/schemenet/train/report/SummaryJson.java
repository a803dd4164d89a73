package org.schemenet.train.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.schemenet.run.RunDirectory;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * {@code summary.json}: the run's description (configuration, data set with checksum, parameter
 * count, software versions, back end and CPU settings: whatever the caller puts in it) followed by
 * the results: status, epochs, final and best test error, wall time, throughput, and this process's peak
 * resident memory ({@code VmHWM}, MiB; this session's when the run was resumed). Rewritten
 * (through the run directory: atomically, JSON by Gson) after every epoch ({@code "status":
 * "running"}) and when the run ends.
 */
public final class SummaryJson implements RunObserver {
    public static final String FILE = RunDirectory.SUMMARY;

    private final RunDirectory run;
    private final Map<String, Object> description;
    private int epochs;
    private EpochMetrics last;

    /** @param description written first, in its order (values: maps, lists, strings, numbers, booleans) */
    public SummaryJson(Path runDirectory, Map<String, Object> description) {
        this.run = RunDirectory.at(runDirectory);
        this.description = new LinkedHashMap<>(description);
    }

    /**
     * For a resumed run, the last epoch it has done is taken from its {@code metrics.csv} (if it has that row), so that
     * a session that ends before its first epoch does (a stop, or a run killed after its last checkpoint and resumed)
     * still writes the run's last epoch.
     */
    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        epochs = plan.epochs();
        if (resumed != null && resumed.epochsDone() > 0) {
            try {
                run.metrics().read().stream().filter(r -> r.epoch() == resumed.epochsDone()).reduce((a, b) -> b)
                        .ifPresent(r -> last = new EpochMetrics(r.epoch(), epochs, r.lr(), r.trainLoss(),
                                r.trainAccuracy(), r.testErrorPct(), r.imagesPerSecond(), r.seconds(), r.testSeconds(),
                                r.coefficients()));
            } catch (org.schemenet.run.InputException unreadable) {
                last = null;   // no record of it to repeat: the summary's results still have the run's figures
            }
        }
    }

    @Override
    public void epochDone(EpochMetrics m, TrainerState state) {
        last = m;
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("status", "running");
        results.put("epochs", epochs);
        results.put("epochsDone", state.epochsDone());
        results.put("finalTestErrorPct", m.testErrorPct());
        results.put("bestTestErrorPct", state.bestTestError());
        results.put("bestEpoch", state.bestEpoch());
        results.put("wallSeconds", state.wallSeconds());
        results.put("trainImagesPerSecond", state.trainSeconds() > 0 ? state.trainImages() / state.trainSeconds()
                : Double.NaN);
        results.put("peakResidentMB", ProcessStatus.peakResidentMegabytes());
        write(results);
    }

    @Override
    public void finished(RunResult r) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("status", r.status().label());
        results.put("message", r.message());
        results.put("epochs", epochs);
        results.put("epochsDone", r.epochsDone());
        results.put("finalTestErrorPct", r.finalTestErrorPct());
        results.put("bestTestErrorPct", r.bestTestErrorPct());
        results.put("bestEpoch", r.bestEpoch());
        results.put("wallSeconds", r.wallSeconds());
        results.put("trainImagesPerSecond", r.trainImagesPerSecond());
        results.put("lastCheckpoint", r.lastCheckpoint() == null ? null : r.lastCheckpoint().toString());
        results.put("peakResidentMB", ProcessStatus.peakResidentMegabytes());
        write(results);
    }

    private void write(Map<String, Object> results) {
        Map<String, Object> all = new LinkedHashMap<>(description);
        all.put("results", results);
        if (last != null) {
            Map<String, Object> epoch = new LinkedHashMap<>();
            epoch.put("epoch", last.epoch());
            epoch.put("lr", last.learningRate());
            epoch.put("train_loss", last.trainLoss());
            epoch.put("train_acc", last.trainAccuracy());
            epoch.put("test_error_pct", last.testErrorPct());
            epoch.put("train_img_s", last.imagesPerSecond());
            epoch.put("seconds", last.seconds());
            epoch.put("coefficients", last.coefficients());
            all.put("lastEpoch", epoch);
        }
        run.writeSummary(all);
    }
}
