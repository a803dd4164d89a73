package org.schemenet.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What makes a run this run, recorded in {@code run.json} when it starts and checked whenever it
 * is resumed: its settings (those a resumed run may not change), the scheme and its options, the
 * data it trains on (SHA-256 of the files, so another copy of the same data is the same data),
 * the network (a fingerprint of its parameter shapes and coefficients) and a random id that every
 * checkpoint of the run carries.
 *
 * @param runId         random, unique per run; written into every checkpoint
 * @param created       when the run started (ISO-8601)
 * @param settings      every {@link Setting.Resume#SAME} or {@link Setting.Resume#EXTEND} setting as TOML text
 * @param scheme        the scheme's name
 * @param schemeOptions its options as text
 * @param data          the data set
 * @param network       the network
 * @param adopted       true when the record was made on resuming a run written before run.json existed
 *                      (its older checkpoints carry no run id)
 */
public record RunIdentity(String runId, String created, Map<String, String> settings, String scheme,
                          Map<String, String> schemeOptions, Data data, Network network, boolean adopted) {

    public RunIdentity {
        Objects.requireNonNull(runId, "runId");
        settings = new LinkedHashMap<>(settings == null ? Map.of() : settings);
        schemeOptions = new LinkedHashMap<>(schemeOptions == null ? Map.of() : schemeOptions);
    }

    /**
     * @param sha256      SHA-256 over the data set's files, as the data module computes it
     * @param name        e.g. cifar-10
     * @param trainImages training images used
     * @param testImages  test images used
     */
    public record Data(String sha256, String name, long trainImages, long testImages) {
    }

    /**
     * @param fingerprint         SHA-256 of the network's parameter names and shapes and coefficient names
     * @param trainableParameters the parameter count
     */
    public record Network(String fingerprint, long trainableParameters) {
    }

    /** A new run's identity, with a fresh random id. */
    public static RunIdentity of(RunSettings settings, Data data, Network network, String created) {
        return new RunIdentity(UUID.randomUUID().toString(), created, identifying(settings), settings.scheme(),
                settings.schemeOptions(), data, network, false);
    }

    /** The settings that identify a run, as TOML text by key. */
    public static Map<String, String> identifying(RunSettings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.values().forEach((s, v) -> {
            if (s != Settings.SCHEME && s.role().recorded()
                    && (s.resume() == Setting.Resume.SAME || s.resume() == Setting.Resume.EXTEND)) {
                out.put(s.key(), s.toToml(v));
            }
        });
        return out;
    }

    /** This identity with the settings of {@code settings} (after {@code --epochs} extended the run). */
    public RunIdentity withSettings(RunSettings settings) {
        return new RunIdentity(runId, created, identifying(settings), scheme, schemeOptions, data, network, adopted);
    }

    /**
     * How {@code settings} (read from the run's config.toml now) differ from the recorded ones, one
     * phrase each ({@code "lr: the run has 0.1, config.toml has 0.05"}); empty when they agree.
     */
    public List<String> settingsDifferences(RunSettings settings) {
        List<String> out = new ArrayList<>();
        if (!scheme.equals(settings.scheme())) {
            out.add("scheme: the run has " + scheme + ", config.toml has " + settings.scheme());
        }
        if (!schemeOptions.equals(settings.schemeOptions())) {
            out.add("scheme options: the run has " + schemeOptions + ", config.toml has " + settings.schemeOptions());
        }
        Map<String, String> now = identifying(settings);
        for (String key : union(this.settings.keySet(), now.keySet())) {
            String before = this.settings.get(key);
            String after = now.get(key);
            if (!Objects.equals(before, after)) {
                out.add(key + ": the run has " + (before == null ? "none" : before) + ", config.toml has "
                        + (after == null ? "none" : after));
            }
        }
        return out;
    }

    private static List<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> keys = new ArrayList<>(a);
        b.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }
}
