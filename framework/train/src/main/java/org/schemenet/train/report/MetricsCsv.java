package org.schemenet.train.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * {@code metrics.csv}: one row per epoch, columns {@code epoch, lr, train_loss, train_acc,
 * test_error_pct, train_img_s, seconds, test_seconds} and then every learnable coefficient by
 * name. Rewritten atomically after every epoch; a resumed run keeps the rows up to its checkpoint
 * and drops any written after it.
 */
public final class MetricsCsv implements RunObserver {
    public static final String FILE = "metrics.csv";
    private static final String FIXED = "epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,seconds,test_seconds";

    private final Path file;
    private String header;
    private final List<String> rows = new ArrayList<>();

    public MetricsCsv(Path runDirectory) {
        this.file = runDirectory.resolve(FILE);
    }

    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        rows.clear();
        header = null;
        if (resumed == null || !Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            if (!lines.isEmpty()) {
                header = lines.get(0);
                for (String row : lines.subList(1, lines.size())) {
                    int comma = row.indexOf(',');
                    if (comma > 0 && Integer.parseInt(row.substring(0, comma)) <= resumed.epochsDone()) {
                        rows.add(row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void epochDone(EpochMetrics m, TrainerState state) {
        if (header == null) {
            StringBuilder h = new StringBuilder(FIXED);
            m.coefficients().keySet().forEach(name -> h.append(',').append(name));
            header = h.toString();
        }
        StringBuilder row = new StringBuilder();
        row.append(m.epoch()).append(',').append(rate(m.learningRate())).append(',').append(num(m.trainLoss()))
                .append(',').append(num(m.trainAccuracy())).append(',').append(num(m.testErrorPct())).append(',')
                .append(String.format(Locale.ROOT, "%.2f", m.imagesPerSecond())).append(',')
                .append(String.format(Locale.ROOT, "%.3f", m.seconds())).append(',')
                .append(String.format(Locale.ROOT, "%.3f", m.testSeconds()));
        m.coefficients().values().forEach(v -> row.append(',').append(num(v)));
        rows.add(row.toString());
        AtomicFiles.write(file, header + "\n" + String.join("\n", rows) + "\n");
    }

    /** A learning rate to 12 significant digits, so 0.1 · 0.1 reads 0.01, not 0.010000000000000002. */
    static String rate(double v) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).round(new java.math.MathContext(12))
                .stripTrailingZeros().toPlainString() : "";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
