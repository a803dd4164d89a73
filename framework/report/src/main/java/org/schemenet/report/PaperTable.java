package org.schemenet.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed paper's CIFAR-10 table (test error %, 160 epochs, official CIFAR-10): ResNet,
 * LM-ResNet and Adamnet k = 2, 3 with learnable and fixed β at depths 20, 32, 44, 56.
 */
public final class PaperTable {

    /**
     * One row: a label, the scheme and the options a run must have to match it, and the errors by depth.
     */
    public record Row(String label, String scheme, Map<String, String> options, Map<Integer, Double> errorByDepth) {
        public Row {
            options = Map.copyOf(options);
            errorByDepth = Map.copyOf(errorByDepth);
        }

        /** Whether a run of {@code scheme} with {@code runOptions} is this row's network. */
        public boolean matches(String runScheme, Map<String, String> runOptions) {
            if (!scheme.equals(runScheme)) {
                return false;
            }
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (!e.getValue().equals(runOptions.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    public static final List<Row> ROWS = List.of(
            row("ResNet", "euler", Map.of(), 8.75, 7.51, 7.17, 6.97),
            row("LM-ResNet", "lm", Map.of("coefficients", "learnable"), 8.33, 7.18, 6.66, 6.31),
            row("Adamnet k=2, learnable β", "adams", Map.of("k", "2", "coefficients", "learnable"), 8.15, 7.31, 6.75, 6.44),
            row("Adamnet k=2, fixed β", "adams", Map.of("k", "2", "coefficients", "fixed"), 7.81, 7.49, 6.90, 6.71),
            row("Adamnet k=3, learnable β", "adams", Map.of("k", "3", "coefficients", "learnable"), 8.27, 7.39, 7.02, 6.36),
            row("Adamnet k=3, fixed β", "adams", Map.of("k", "3", "coefficients", "fixed"), 8.02, 7.54, 7.14, 6.97));

    private PaperTable() {
    }

    private static Row row(String label, String scheme, Map<String, String> options, double d20, double d32,
                           double d44, double d56) {
        return new Row(label, scheme, options, Map.of(20, d20, 32, d32, 44, d44, 56, d56));
    }

    /** The paper's row for a run's scheme and options, if it has one. */
    public static Optional<Row> rowFor(String scheme, Map<String, String> options) {
        return ROWS.stream().filter(r -> r.matches(scheme, options)).findFirst();
    }

    /** The paper's test error (%) for a scheme, options and depth, if it reports one. */
    public static Optional<Double> errorFor(String scheme, Map<String, String> options, int depth) {
        return rowFor(scheme, options).map(r -> r.errorByDepth().get(depth));
    }
}
