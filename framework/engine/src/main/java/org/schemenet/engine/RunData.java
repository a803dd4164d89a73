package org.schemenet.engine;

import java.util.Map;
import org.schemenet.train.EpochData;

/**
 * The data of a run: the batches by epoch, the input shape the network is built for, and the
 * description that goes to the output and to summary.json (name, source, checksum, image counts).
 */
public record RunData(EpochData epochs, int height, int width, int channels, int classes,
                      Map<String, Object> description, String summaryLine) {
    public RunData {
        description = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(description));
    }
}
