package org.schemenet.train;

import java.util.Map;

/**
 * What one epoch measured (names as in the PyTorch reference's per-epoch JSON).
 *
 * @param epoch           1-based
 * @param epochs          the run's total
 * @param learningRate    the rate the epoch trained with
 * @param trainLoss       mean cross-entropy of the training batches (training mode, before each update; no L2 term)
 * @param trainAccuracy   fraction of training images classified correctly in those forward passes
 * @param testErrorPct    test error in percent after the epoch
 * @param imagesPerSecond training images per second (training only, evaluation excluded)
 * @param seconds         training seconds of the epoch
 * @param testSeconds     evaluation seconds
 * @param coefficients    every learnable coefficient by name, after the epoch
 */
public record EpochMetrics(int epoch, int epochs, double learningRate, double trainLoss, double trainAccuracy,
                           double testErrorPct, double imagesPerSecond, double seconds, double testSeconds,
                           Map<String, Double> coefficients) {
    public EpochMetrics {
        coefficients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(coefficients));
    }
}
