package org.schemenet.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.schemenet.run.DataSetNames;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.InputException;
import org.schemenet.run.MetricsFile;
import org.schemenet.run.Setting;
import org.schemenet.run.Settings;
import org.schemenet.run.Summary;

/**
 * A run directory as a report sees it: a {@link RunResult} made from its records, read through
 * the run directory's own readers ({@link org.schemenet.run.RunDirectory}): the settings from
 * {@code config.toml}, the epochs from {@code metrics.csv}, the status and data set from
 * {@code summary.json}. Problems are {@link InputException}s naming the file.
 */
public final class RunDirectory {
    public static final String CONFIG = org.schemenet.run.RunDirectory.CONFIG;
    public static final String METRICS = org.schemenet.run.RunDirectory.METRICS;
    public static final String SUMMARY = org.schemenet.run.RunDirectory.SUMMARY;

    /** The summary's status while a process trains the run. */
    static final String RUNNING = "running";
    /** The status of a run that stopped before its planned epochs (also one whose process was killed). */
    static final String INTERRUPTED = "interrupted";

    private RunDirectory() {
    }

    /** Whether {@code dir} holds a run (its {@code config.toml}). */
    public static boolean isRun(Path dir) {
        return org.schemenet.run.RunDirectory.at(dir).isRun();
    }

    /**
     * The run in {@code dir}: configuration from config.toml, epochs from metrics.csv, status from summary.json,
     * except that a run the summary calls running whose lock no live process holds is interrupted (the
     * process that trains the run may read it too: it holds the lock, so its run is running).
     *
     * @throws InputException naming the file when a record cannot be read, or when metrics.csv has fewer epoch
     *                        rows than a summary not written by a running process says are done (cut short)
     */
    public static RunResult read(Path dir) {
        org.schemenet.run.RunDirectory run = org.schemenet.run.RunDirectory.at(dir);
        if (!run.isRun()) {
            throw new InputException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        GivenSettings config = run.readSettings();
        String scheme = value(config, Settings.SCHEME, null);
        int depth = value(config, Settings.DEPTH, 20L).intValue();
        int epochs = value(config, Settings.EPOCHS, 160L).intValue();
        long seed = value(config, Settings.SEED, 0L);
        Optional<Summary> summary = run.summary();
        String status = summary.map(Summary::status).orElse("unknown");
        if (status.equals(RUNNING) && stale(run)) {
            status = INTERRUPTED;
        }
        String dataName = summary.map(Summary::dataName).orElse(dataName(value(config, Settings.DATA, "?")));
        long trainSubset = value(config, Settings.TRAIN_SUBSET, 0L);
        long testSubset = value(config, Settings.TEST_SUBSET, 0L);
        String dataSet = dataName + (trainSubset > 0 || testSubset > 0
                ? " (" + (trainSubset > 0 ? trainSubset : "all") + "/" + (testSubset > 0 ? testSubset : "all") + ")"
                : "");
        List<RunResult.EpochMetrics> rows = new ArrayList<>();
        for (MetricsFile.Row r : run.metrics().read()) {
            rows.add(new RunResult.EpochMetrics(r.epoch(), r.trainLoss(), r.testErrorPct() / 100, r.coefficients(),
                    r.lr(), r.trainAccuracy()));
        }
        int done = summary.map(Summary::epochsDone).orElse(0);
        if (!summary.map(Summary::status).orElse("").equals(RUNNING) && done > rows.size()) {
            throw new InputException(dir.resolve(METRICS) + " has the rows of " + rows.size() + " epoch"
                    + (rows.size() == 1 ? "" : "s") + ", " + SUMMARY + " says " + done + " epochs done (the file is "
                    + "cut short)");
        }
        return new RunResult(dir.toString(), scheme, Map.copyOf(config.schemeOptions()), depth, seed, dataSet, epochs,
                rows, status);
    }

    /**
     * Whether no live process holds the lock of a run whose summary says running: its process ended
     * without writing the summary's last word (SIGKILL, a power cut), so the run is interrupted. The lock
     * decides ({@link org.schemenet.run.RunDirectory#owner()}, as for a sweep); a lock that cannot be
     * probed (e.g. a run.lock this user may not open) leaves the summary's word.
     */
    private static boolean stale(org.schemenet.run.RunDirectory run) {
        try {
            return run.owner().isEmpty();
        } catch (InputException e) {
            return false;
        }
    }

    /**
     * The name a run's summary.json gives its data set, from the {@code data} setting, for a run without a
     * summary ({@link DataSetNames#of}: the names the data module gives what it loads), so that such a run
     * stays in the cell of its seeds; {@code ?} without a setting.
     */
    static String dataName(String dataSetting) {
        return dataSetting.equals("?") ? "?" : DataSetNames.of(dataSetting);
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(GivenSettings given, Setting<T> setting, T fallback) {
        Object v = given.values().get(setting);
        return v == null ? fallback : (T) v;
    }
}
