package org.schemenet.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully resolved training configuration: defaults (the seed paper's protocol), then a
 * {@code --config} file, then command-line flags. Written to the run directory as
 * {@code config.toml} by {@link ConfigFile#write}; values are checked by {@link ConfigResolver}.
 *
 * @param scheme        scheme name
 * @param schemeOptions scheme options as text, in the scheme's declaration order
 * @param milestones    epochs after which the learning rate is divided by 10
 * @param data          a data directory or {@code sample}
 * @param out           the run directory
 * @param plugins       plugin folder, or null for the default
 * @param scaling       how the run is spread over workers
 */
public record RunConfig(String scheme, Map<String, String> schemeOptions, int depth, String shortcut, int epochs,
                        int batchSize, double lr, List<Integer> milestones, double weightDecay, double momentum,
                        String data, int trainSubset, int testSubset, String out, long seed, String device,
                        int threads, String plugins, Scaling scaling) {

    public RunConfig {
        schemeOptions = Collections.unmodifiableMap(new LinkedHashMap<>(schemeOptions));
        milestones = List.copyOf(milestones);
        scaling = scaling == null ? Scaling.SINGLE : scaling;
    }

    /** A single-worker run. */
    public RunConfig(String scheme, Map<String, String> schemeOptions, int depth, String shortcut, int epochs,
                     int batchSize, double lr, List<Integer> milestones, double weightDecay, double momentum,
                     String data, int trainSubset, int testSubset, String out, long seed, String device,
                     int threads, String plugins) {
        this(scheme, schemeOptions, depth, shortcut, epochs, batchSize, lr, milestones, weightDecay, momentum, data,
                trainSubset, testSubset, out, seed, device, threads, plugins, Scaling.SINGLE);
    }

    /**
     * Data parallelism (docs/scaling.md).
     *
     * @param workers      ParallelWrapper workers in this JVM (1: the plain single-worker run)
     * @param parallelMode their mode: averaging or shared-gradients
     * @param spark        a Spark master, or null for no Spark
     * @param sparkMode    the Spark training master: averaging
     */
    public record Scaling(int workers, String parallelMode, String spark, String sparkMode) {
        public static final Scaling SINGLE = new Scaling(1, "averaging", null, "averaging");
    }

    public RunConfig withSchemeOptions(Map<String, String> options) {
        return new RunConfig(scheme, options, depth, shortcut, epochs, batchSize, lr, milestones, weightDecay, momentum,
                data, trainSubset, testSubset, out, seed, device, threads, plugins, scaling);
    }

    public RunConfig withOut(String directory) {
        return new RunConfig(scheme, schemeOptions, depth, shortcut, epochs, batchSize, lr, milestones, weightDecay,
                momentum, data, trainSubset, testSubset, directory, seed, device, threads, plugins, scaling);
    }

    /** The configuration as an ordered map (for summary.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", scheme);
        m.put("schemeOptions", schemeOptions);
        m.put("depth", depth);
        m.put("shortcut", shortcut);
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("lr", lr);
        m.put("milestones", milestones);
        m.put("weightDecay", weightDecay);
        m.put("momentum", momentum);
        m.put("optimizer", "SGD with heavy-ball momentum (v = mu v + g; w = w - lr v), L2 on weights before the "
                + "updater (PyTorch weight_decay)");
        m.put("data", data);
        m.put("trainSubset", trainSubset);
        m.put("testSubset", testSubset);
        m.put("out", out);
        m.put("seed", seed);
        m.put("device", device);
        m.put("threads", threads);
        m.put("workers", scaling.workers());
        m.put("parallelMode", scaling.parallelMode());
        if (scaling.spark() != null) {
            m.put("spark", scaling.spark());
            m.put("sparkMode", scaling.sparkMode());
        }
        return m;
    }
}
