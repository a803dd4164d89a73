package org.schemenet.report;

import java.util.List;

/**
 * Sample mean and standard deviation: {@code mean = Σx/n}, {@code std = sqrt(Σ(x - mean)² / (n - 1))}
 * (the unbiased sample estimate; NaN for a single value).
 */
public record Summary(int n, double mean, double std) {

    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n == 1) {
            return new Summary(1, mean, Double.NaN);
        }
        double squares = values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return new Summary(n, mean, Math.sqrt(squares / (n - 1)));
    }

    /** {@code 8.12 ± 0.21}, or just {@code 8.12} for one value. */
    public String format() {
        return Double.isNaN(std) ? String.format(java.util.Locale.ROOT, "%.2f", mean)
                : String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean, std);
    }
}
