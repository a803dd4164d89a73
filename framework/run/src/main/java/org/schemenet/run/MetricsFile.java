package org.schemenet.run;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code metrics.csv}: one row per finished epoch, columns {@code epoch, lr, train_loss, train_acc,
 * test_error_pct, train_img_s, seconds, test_seconds}, then one column per learnable coefficient
 * by name. A row, once written, is never rewritten: {@link #append} keeps the file's earlier lines
 * as they are; {@link #keepEpochs} drops the rows after a resumed run's checkpoint (epochs that
 * will be trained again) and refuses a file that lacks the rows up to it ({@link #checkEpochs}).
 */
public final class MetricsFile {
    public static final List<String> COLUMNS = List.of("epoch", "lr", "train_loss", "train_acc", "test_error_pct",
            "train_img_s", "seconds", "test_seconds");
    private static final Set<String> FIXED = Set.copyOf(COLUMNS);

    private final Path file;

    MetricsFile(Path file) {
        this.file = file;
    }

    /**
     * One epoch's row.
     *
     * @param trainAccuracy fraction in [0, 1], NaN when unknown
     * @param testErrorPct  percent
     * @param coefficients  learnable coefficients by name after the epoch
     */
    public record Row(int epoch, double lr, double trainLoss, double trainAccuracy, double testErrorPct,
                      double imagesPerSecond, double seconds, double testSeconds, Map<String, Double> coefficients) {
        public Row {
            coefficients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
        }
    }

    public Path path() {
        return file;
    }

    /** Adds {@code row} after the rows there (the header from the first row's coefficients). */
    public void append(Row row) {
        List<String> lines = lines();
        if (lines.isEmpty()) {
            StringBuilder h = new StringBuilder(String.join(",", COLUMNS));
            row.coefficients().keySet().forEach(name -> h.append(',').append(name));
            lines.add(h.toString());
        }
        lines.add(format(row));
        AtomicWrite.text(file, String.join("\n", lines) + "\n");
    }

    /**
     * Drops the rows of epochs after {@code epochsDone} (a resumed run trains them again; a run killed
     * after writing a row and before its checkpoint leaves one); earlier rows stay as they are. With
     * {@code epochsDone} 0 the file is removed. Before changing anything it {@linkplain #checkEpochs checks}
     * that the file holds the epochs up to {@code epochsDone}.
     */
    public void keepEpochs(int epochsDone) {
        if (epochsDone == 0) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw Faults.of("remove", file, e);
            }
            return;
        }
        List<String> lines = lines();
        int kept = checkedRows(lines, epochsDone);
        if (kept + 1 != lines.size()) {
            AtomicWrite.text(file, String.join("\n", lines.subList(0, kept + 1)) + "\n");
        }
    }

    /**
     * Checks, without changing the file, that a run resumed from a checkpoint at epoch {@code epochsDone}
     * (> 0) has its records of those epochs: the file exists, its header begins with {@link #COLUMNS}, and
     * its rows up to that epoch are the rows of epochs 1 to {@code epochsDone} in order, each with as many
     * cells as the header and numbers in them (the trainer writes an epoch's row before its checkpoint).
     * Rows after {@code epochsDone} are not looked at beyond their epoch number. Anything else is an
     * {@link InputException} naming the file and what is wrong.
     */
    public void checkEpochs(int epochsDone) {
        if (epochsDone > 0) {
            checkedRows(lines(), epochsDone);
        }
    }

    /** The number of rows (after the header) that belong to epochs up to {@code epochsDone}, checked. */
    private int checkedRows(List<String> lines, int epochsDone) {
        if (lines.isEmpty()) {
            throw unusable("the file is missing or empty", epochsDone);
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length < COLUMNS.size() || !List.of(header).subList(0, COLUMNS.size()).equals(COLUMNS)) {
            throw unusable("the header '" + lines.get(0) + "' is cut short or damaged; it begins "
                    + String.join(",", COLUMNS), epochsDone);
        }
        int kept = 0;
        for (int i = 1; i < lines.size(); i++) {
            String row = lines.get(i);
            int epoch = epochOf(row);
            if (epoch < 0) {
                throw unusable("line " + (i + 1) + " '" + row + "' is not a metrics row", epochsDone);
            }
            if (epoch > epochsDone) {
                if (kept == i - 1 && rowsAfter(lines, i, epochsDone)) {
                    break;
                }
                throw unusable("line " + (i + 1) + " (epoch " + epoch + ") comes before the row of an earlier "
                        + "epoch", epochsDone);
            }
            if (epoch != kept + 1) {
                throw unusable(epoch <= kept ? "line " + (i + 1) + " repeats epoch " + epoch
                        : missing(kept + 1, epoch - 1), epochsDone);
            }
            String[] cells = row.split(",", -1);
            if (cells.length != header.length) {
                throw unusable("line " + (i + 1) + " has " + cells.length + " cells, the header has " + header.length,
                        epochsDone);
            }
            for (String cell : cells) {
                if (!cell.isEmpty() && !isNumber(cell)) {
                    throw unusable("line " + (i + 1) + ": '" + cell + "' is not a number", epochsDone);
                }
            }
            kept++;
        }
        if (kept < epochsDone) {
            throw unusable(missing(kept + 1, epochsDone), epochsDone);
        }
        return kept;
    }

    /** Whether every line from {@code from} on is a row of an epoch after {@code epochsDone}. */
    private static boolean rowsAfter(List<String> lines, int from, int epochsDone) {
        return lines.subList(from, lines.size()).stream().allMatch(l -> epochOf(l) > epochsDone);
    }

    /** The epoch a row starts with, or -1 when it starts with none. */
    private static int epochOf(String row) {
        int comma = row.indexOf(',');
        try {
            return Integer.parseInt(comma < 0 ? row : row.substring(0, comma));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String missing(int first, int last) {
        return first == last ? "the row of epoch " + first + " is missing"
                : "the rows of epochs " + first + " to " + last + " are missing";
    }

    private InputException unusable(String what, int epochsDone) {
        return new InputException(file + ": " + what + "; a resume needs it intact up to the checkpoint's epoch "
                + epochsDone + " (the header, then the rows of epochs 1 to " + epochsDone + "): put the run's own "
                + "file back, or start the run anew (runner --config " + file.resolveSibling(RunDirectory.CONFIG)
                + ")");
    }

    /** The rows (empty when the file does not exist yet). */
    public List<Row> read() {
        List<String> lines = lines();
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",", -1);
        int[] at = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            at[c] = List.of(header).indexOf(COLUMNS.get(c));
        }
        for (int c : new int[] {0, 2, 4}) {
            if (at[c] < 0) {
                throw new InputException(file + ": no column '" + COLUMNS.get(c) + "' in the header");
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new InputException(file + " line " + (i + 1) + ": " + cells.length + " cells, the header has "
                        + header.length);
            }
            double[] v = new double[COLUMNS.size()];
            for (int c = 0; c < v.length; c++) {
                v[c] = at[c] < 0 ? Double.NaN : number(i, cells[at[c]]);
            }
            Map<String, Double> coefficients = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!FIXED.contains(header[c]) && !cells[c].isEmpty()) {
                    coefficients.put(header[c], number(i, cells[c]));
                }
            }
            rows.add(new Row((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], coefficients));
        }
        return rows;
    }

    private List<String> lines() {
        try {
            return Files.isRegularFile(file) ? new ArrayList<>(Files.readAllLines(file).stream()
                    .filter(l -> !l.isEmpty()).toList()) : new ArrayList<>();
        } catch (IOException e) {
            throw Faults.of("read", file, e);
        }
    }

    private double number(int line, String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new InputException(file + " line " + (line + 1) + ": '" + cell + "' is not a number");
        }
    }

    static String format(Row m) {
        StringBuilder row = new StringBuilder();
        row.append(m.epoch()).append(',').append(rate(m.lr())).append(',').append(num(m.trainLoss()))
                .append(',').append(num(m.trainAccuracy())).append(',').append(num(m.testErrorPct())).append(',')
                .append(String.format(Locale.ROOT, "%.2f", m.imagesPerSecond())).append(',')
                .append(String.format(Locale.ROOT, "%.3f", m.seconds())).append(',')
                .append(String.format(Locale.ROOT, "%.3f", m.testSeconds()));
        m.coefficients().values().forEach(v -> row.append(',').append(num(v)));
        return row.toString();
    }

    /** A learning rate to 12 significant digits, so 0.1 · 0.1 reads 0.01, not 0.010000000000000002. */
    static String rate(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString()
                : "";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
