package org.schemenet.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished (or interrupted) training run reports: its configuration and, per epoch, the
 * metrics the trainer logged.
 *
 * @param directory   the run directory, for messages
 * @param scheme      scheme name, e.g. {@code adams}
 * @param options     the scheme's options as text, e.g. {@code k=3, coefficients=learnable}
 * @param depth       network depth (6n + 2)
 * @param seed        the run's seed
 * @param dataSet     which data set it trained on (e.g. {@code cifar-10} or {@code sample})
 * @param plannedEpochs epochs the run was configured for
 * @param epochs      per completed epoch, in order
 * @param status      how the run stands, as its summary says: {@code completed}, {@code running},
 *                    {@code interrupted}, {@code diverged}, or {@code unknown} without a summary
 */
public record RunResult(String directory, String scheme, Map<String, String> options, int depth, long seed,
                        String dataSet, int plannedEpochs, List<EpochMetrics> epochs, String status) {

    public RunResult {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));   // sorted: stable labels
        epochs = List.copyOf(epochs);
        if (depth < 1 || plannedEpochs < 1) {
            throw new IllegalArgumentException(directory + ": depth and planned epochs must be >= 1");
        }
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException(directory + ": a status is required");
        }
    }

    /** A run whose status follows from its epochs: {@code completed} when all planned epochs are done. */
    public RunResult(String directory, String scheme, Map<String, String> options, int depth, long seed,
                     String dataSet, int plannedEpochs, List<EpochMetrics> epochs) {
        this(directory, scheme, options, depth, seed, dataSet, plannedEpochs, epochs,
                epochs.size() >= plannedEpochs ? "completed" : "unknown");
    }

    /**
     * Metrics of one epoch; {@code coefficients} are learnable coefficient values by name at its end.
     *
     * @param testError     a fraction
     * @param learningRate  the rate the epoch trained with (NaN if not recorded)
     * @param trainAccuracy the fraction of training images the epoch's forward passes classified correctly
     *                      (NaN if not recorded)
     */
    public record EpochMetrics(int epoch, double trainLoss, double testError, Map<String, Double> coefficients,
                               double learningRate, double trainAccuracy) {
        public EpochMetrics {
            coefficients = Map.copyOf(coefficients);
        }

        /** An epoch without a recorded learning rate and training accuracy. */
        public EpochMetrics(int epoch, double trainLoss, double testError, Map<String, Double> coefficients) {
            this(epoch, trainLoss, testError, coefficients, Double.NaN, Double.NaN);
        }

        /** The training error, {@code 1 − trainAccuracy} (a fraction; NaN if not recorded). */
        public double trainError() {
            return 1 - trainAccuracy;
        }
    }

    /** Whether every planned epoch completed (a diverged run never counts as finished). */
    public boolean finished() {
        return epochs.size() >= plannedEpochs && !status.equals("diverged");
    }

    /** The values of the learnable coefficients after the last completed epoch (empty if none). */
    public Map<String, Double> finalCoefficients() {
        return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1).coefficients();
    }

    /** The test error (a fraction) after the last completed epoch. */
    public double finalTestError() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException(directory + " has no completed epoch");
        }
        return epochs.get(epochs.size() - 1).testError();
    }

    /** {@code scheme} with its options, e.g. {@code adams k=3 coefficients=learnable}. */
    public String label() {
        StringBuilder s = new StringBuilder(scheme);
        options.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }
}
