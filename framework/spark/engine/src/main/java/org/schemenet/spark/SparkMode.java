package org.schemenet.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the executors of a Spark run combine what they learn.
 *
 * <ul>
 *   <li>{@link #AVERAGING}: DL4J's {@code ParameterAveragingTrainingMaster}: every worker fits
 *   {@code averagingFrequency} batches from the broadcast parameters, then the driver sets
 *   θ ← (1/N) Σ_w θ_w (and the updater state likewise) and broadcasts again.</li>
 *   <li>{@link #SHARED_GRADIENTS}: DL4J's {@code SharedTrainingMaster} (threshold-encoded updates
 *   over Aeron UDP; Aeron needs {@code -Daeron.publication.unblock.timeout=60000000000} and a private
 *   {@code -Daeron.dir}, see {@link SparkContexts}).</li>
 * </ul>
 */
public enum SparkMode {
    AVERAGING("averaging"),
    SHARED_GRADIENTS("shared-gradients");

    private final String label;

    SparkMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses {@link #label()}; the message of the exception names the allowed values. */
    public static SparkMode parse(String text) {
        for (SparkMode m : values()) {
            if (m.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Spark mode '" + text + "'; allowed: "
                + Arrays.stream(values()).map(SparkMode::label).collect(Collectors.joining(", ")));
    }
}
