package org.schemenet.parallel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.deeplearning4j.parallelism.ParallelWrapper;

/**
 * How the workers of a data-parallel run combine what they learn.
 *
 * <ul>
 *   <li>{@link #AVERAGING}: every worker takes one batch and one optimiser step from the same
 *   parameters θ; then θ ← (1/N) Σ_w θ_w and the updater state (momentum) is averaged likewise.
 *   With plain SGD this equals one step on the union of the N batches with the mean gradient.</li>
 *   <li>{@link #SHARED_GRADIENTS}: every worker applies its own update and the threshold-encoded
 *   updates of all others (DL4J's gradient sharing; residuals below the threshold are carried
 *   over), so replicas drift apart by at most the un-sent residuals.</li>
 * </ul>
 */
public enum ParallelMode {
    AVERAGING("averaging", ParallelWrapper.TrainingMode.AVERAGING),
    SHARED_GRADIENTS("shared-gradients", ParallelWrapper.TrainingMode.SHARED_GRADIENTS);

    private final String label;
    private final ParallelWrapper.TrainingMode wrapperMode;

    ParallelMode(String label, ParallelWrapper.TrainingMode wrapperMode) {
        this.label = label;
        this.wrapperMode = wrapperMode;
    }

    /** The name on the command line and in config files. */
    public String label() {
        return label;
    }

    ParallelWrapper.TrainingMode wrapperMode() {
        return wrapperMode;
    }

    /** Parses {@link #label()}; the message of the exception names the allowed values. */
    public static ParallelMode parse(String text) {
        for (ParallelMode m : values()) {
            if (m.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown parallel mode '" + text + "'; allowed: "
                + Arrays.stream(values()).map(ParallelMode::label).collect(Collectors.joining(", ")));
    }
}
