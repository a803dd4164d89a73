package org.schemenet.report;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the trainer leaves in a run directory into a {@link RunResult}, and tells how far the
 * run got ({@link RunState}). The files, as the runner writes them:
 * <ul>
 *   <li>{@code config.toml}: the resolved configuration ({@code depth}, {@code epochs}, {@code seed},
 *       {@code data}, {@code train-subset}, {@code test-subset}, and a {@code [scheme]} table with
 *       {@code name} and the scheme's options);</li>
 *   <li>{@code metrics.csv}: one row per epoch, columns {@code epoch, lr, train_loss, train_acc,
 *       test_error_pct, train_img_s, seconds, test_seconds}, then one column per learnable coefficient;</li>
 *   <li>{@code summary.json}: {@code results.status} ({@code running}, {@code completed},
 *       {@code interrupted}, {@code diverged}), {@code results.epochsDone}, {@code data.name};</li>
 *   <li>{@code checkpoints/epoch-EEEE[-batch-BBBBBB].zip}.</li>
 * </ul>
 */
public final class RunDirectory {
    public static final String CONFIG = "config.toml";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINTS = "checkpoints";

    private static final Pattern CHECKPOINT = Pattern.compile("epoch-\\d+(?:-batch-\\d+)?\\.zip");
    private static final Set<String> METRIC_COLUMNS = Set.of("epoch", "lr", "train_loss", "train_acc",
            "test_error_pct", "train_img_s", "seconds", "test_seconds");

    private RunDirectory() {
    }

    /** Whether {@code dir} holds a run (its {@code config.toml}). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * How far the run in {@code dir} got, for a sweep's decision:
     * no {@code config.toml}: {@link RunState#NEW}; summary status {@code completed} with every
     * planned epoch done: {@link RunState#FINISHED}; status {@code diverged}: {@link RunState#FAILED};
     * otherwise a checkpoint: {@link RunState#RESUMABLE}; otherwise (it died before its first
     * checkpoint): {@link RunState#RESTART}.
     *
     * @param plannedEpochs the epochs the caller wants; a completed run with fewer is resumable
     */
    public static RunState state(Path dir, int plannedEpochs) {
        if (!isRun(dir)) {
            return RunState.NEW;
        }
        Map<String, Object> results = summaryResults(dir);
        String status = results == null ? null : (String) results.get("status");
        int done = results == null || !(results.get("epochsDone") instanceof Double d) ? 0 : d.intValue();
        if ("diverged".equals(status)) {
            return RunState.FAILED;
        }
        if ("completed".equals(status) && done >= plannedEpochs) {
            return RunState.FINISHED;
        }
        return hasCheckpoint(dir) ? RunState.RESUMABLE : RunState.RESTART;
    }

    static boolean hasCheckpoint(Path dir) {
        Path folder = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> CHECKPOINT.matcher(f.getFileName().toString()).matches());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The run in {@code dir}: configuration from config.toml, epochs from metrics.csv, status from summary.json. */
    public static RunResult read(Path dir) {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        Toml config;
        try {
            config = new Toml().read(Files.readString(configFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }
        String scheme = config.getString("scheme.name");
        if (scheme == null) {
            throw new IllegalArgumentException(configFile + ": no [scheme] name");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Toml table = config.getTable("scheme");
        table.toMap().forEach((k, v) -> {
            if (!k.equals("name")) {
                options.put(k, String.valueOf(v));
            }
        });
        int depth = (int) (long) config.getLong("depth", 20L);
        int epochs = (int) (long) config.getLong("epochs", 160L);
        long seed = config.getLong("seed", 0L);
        Map<String, Object> summary = summary(dir);
        String status = "unknown";
        String dataName = config.getString("data", "?");
        if (summary != null) {
            if (summary.get("results") instanceof Map<?, ?> results && results.get("status") instanceof String s) {
                status = s;
            }
            if (summary.get("data") instanceof Map<?, ?> data && data.get("name") instanceof String n) {
                dataName = n;
            }
        }
        long trainSubset = config.getLong("train-subset", 0L);
        long testSubset = config.getLong("test-subset", 0L);
        String dataSet = dataName + (trainSubset > 0 || testSubset > 0
                ? " (" + (trainSubset > 0 ? trainSubset : "all") + "/" + (testSubset > 0 ? testSubset : "all") + ")"
                : "");
        return new RunResult(dir.toString(), scheme, options, depth, seed, dataSet, epochs, metrics(dir), status);
    }

    /** The rows of metrics.csv (empty when the run has none yet). */
    static List<RunResult.EpochMetrics> metrics(Path dir) {
        Path file = dir.resolve(METRICS);
        List<RunResult.EpochMetrics> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",", -1);
        int epoch = column(file, header, "epoch");
        int loss = column(file, header, "train_loss");
        int error = column(file, header, "test_error_pct");
        int lr = optionalColumn(header, "lr");
        int accuracy = optionalColumn(header, "train_acc");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.length + " cells, the "
                        + "header has " + header.length);
            }
            Map<String, Double> coefficients = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!METRIC_COLUMNS.contains(header[c]) && !cells[c].isEmpty()) {
                    coefficients.put(header[c], number(file, i, cells[c]));
                }
            }
            rows.add(new RunResult.EpochMetrics((int) number(file, i, cells[epoch]), number(file, i, cells[loss]),
                    number(file, i, cells[error]) / 100, coefficients,
                    lr < 0 ? Double.NaN : number(file, i, cells[lr]),
                    accuracy < 0 ? Double.NaN : number(file, i, cells[accuracy])));
        }
        return rows;
    }

    private static int optionalColumn(String[] header, String name) {
        return java.util.Arrays.asList(header).indexOf(name);
    }

    private static int column(Path file, String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(file + ": no column '" + name + "' in the header");
    }

    private static double number(Path file, int line, String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + (line + 1) + ": '" + cell + "' is not a number");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Path dir) {
        Path file = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Object json = JsonText.parse(Files.readString(file));
            return json instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summaryResults(Path dir) {
        Map<String, Object> s = summary(dir);
        return s != null && s.get("results") instanceof Map<?, ?> r ? (Map<String, Object>) r : null;
    }
}
