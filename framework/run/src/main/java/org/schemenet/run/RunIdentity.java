package org.schemenet.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What makes a run this run, recorded in {@code run.json} when it starts and checked whenever it
 * is resumed: its settings (those a resumed run may not change), the scheme and its options, the
 * data it trains on (SHA-256 of the files, so another copy of the same data is the same data),
 * the network (fingerprints of its parameter shapes and coefficient names, of its connections and of
 * its fixed coefficients) and a random id that every checkpoint of the run carries.
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
     * @param connections         SHA-256 of which values every node of the network's lowered wiring takes (units,
     *                            shortcuts, combinations); null in a record written before it was recorded
     * @param fixedCoefficients   SHA-256 of the constants and weights of every linear combination (the scheme's
     *                            fixed coefficients); null in a record written before it was recorded
     */
    public record Network(String fingerprint, long trainableParameters, String connections, String fixedCoefficients) {

        /** Whether the record has the wiring ({@link #connections}, {@link #fixedCoefficients}). */
        public boolean hasWiring() {
            return connections != null && fixedCoefficients != null;
        }
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
     * This identity with the wiring of {@code network} when its record has none (written before the wiring
     * was recorded), so that later resumes are checked against the build that continues the run; else itself.
     */
    public RunIdentity withWiring(Network network) {
        if (this.network == null || this.network.hasWiring() || !network.hasWiring()) {
            return this;
        }
        return new RunIdentity(runId, created, settings, scheme, schemeOptions, data, new Network(
                this.network.fingerprint(), this.network.trainableParameters(), network.connections(),
                network.fixedCoefficients()), adopted);
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

    /**
     * How what a resume is about to train differs from this identity, one phrase each; empty when it
     * is the same run. Checked: the settings in config.toml now (an edited file), the data's SHA-256 (the
     * same files elsewhere are the same data), the network's fingerprint, then, when the record has them, its
     * connections and fixed coefficients (a record written before they were recorded is checked on the
     * fingerprint alone).
     *
     * @param recorded   the settings config.toml holds now
     * @param dataSource where the data comes from now, for the message ({@code --data DIR})
     */
    public List<String> differences(RunSettings recorded, Data data, Network network, String dataSource) {
        List<String> out = new ArrayList<>(settingsDifferences(recorded));
        if (this.data != null && !Objects.equals(this.data.sha256(), data.sha256())) {
            out.add("data: the run trained on " + text(this.data) + ", " + dataSource + " holds " + text(data));
        }
        if (this.network != null && !Objects.equals(this.network.fingerprint(), network.fingerprint())) {
            out.add("network: the run's has " + this.network.trainableParameters() + " trainable parameters "
                    + "(fingerprint " + shortHash(this.network.fingerprint()) + "), this build makes "
                    + network.trainableParameters() + " (" + shortHash(network.fingerprint()) + ")");
        } else if (this.network != null && this.network.hasWiring()
                && !Objects.equals(this.network.connections(), network.connections())) {
            out.add("network: the run's wiring connects its values otherwise than this build's (the same parameter "
                    + "names and shapes; connections " + shortHash(this.network.connections()) + ", this build's "
                    + shortHash(network.connections()) + ")");
        } else if (this.network != null && this.network.hasWiring()
                && !Objects.equals(this.network.fixedCoefficients(), network.fixedCoefficients())) {
            out.add("network: the fixed coefficients of the run's wiring differ from this build's (the same "
                    + "parameters and connections; fixed coefficients " + shortHash(this.network.fixedCoefficients())
                    + ", this build's " + shortHash(network.fixedCoefficients()) + ": is the scheme's plugin another "
                    + "build of its version?)");
        }
        return out;
    }

    /**
     * What can be checked of a run written before run.json existed, against its summary.json: the
     * configuration it recorded (keys in camelCase), the data's SHA-256 and the parameter count.
     */
    public static List<String> legacyDifferences(Summary summary, RunSettings recorded, Data data, Network network,
                                                 String dataSource) {
        List<String> out = new ArrayList<>();
        Map<String, Object> configuration = summary.section("configuration");
        if (configuration.get("scheme") instanceof String s && !s.equals(recorded.scheme())) {
            out.add("scheme: the run has " + s + ", config.toml has " + recorded.scheme());
        }
        if (configuration.get("schemeOptions") instanceof Map<?, ?> o && !new java.util.TreeMap<>(o).equals(
                new java.util.TreeMap<>(recorded.schemeOptions()))) {
            out.add("scheme options: the run has " + o + ", config.toml has " + recorded.schemeOptions());
        }
        Map<String, String> identifying = identifying(recorded);
        for (Setting<?> s : Settings.ALL) {
            Object before = configuration.get(camelCase(s.key()));
            if (before == null || !identifying.containsKey(s.key())) {
                continue;
            }
            Object now = recorded.get(s);
            if (!sameValue(before, now)) {
                out.add(s.key() + ": the run has " + before + ", config.toml has " + s.show(now));
            }
        }
        String sha = summary.dataSha256();
        if (sha != null && !sha.equals(data.sha256())) {
            out.add("data: the run trained on SHA-256 " + shortHash(sha) + ", " + dataSource + " holds " + text(data));
        }
        if (summary.section("network").get("trainableParameters") instanceof Number n
                && n.longValue() != network.trainableParameters()) {
            out.add("network: the run's has " + n + " trainable parameters, this build makes "
                    + network.trainableParameters());
        }
        return out;
    }

    /**
     * The identity recorded for a run written before run.json existed, when it is resumed: a new run id,
     * and {@code adopted} so that its checkpoints without a run id are accepted.
     */
    public static RunIdentity adopt(RunSettings recorded, Data data, Network network, Optional<Summary> summary) {
        String created = summary.map(s -> s.section("run").get("created")).map(String::valueOf)
                .orElse("before run.json");
        return new RunIdentity(UUID.randomUUID().toString(), created, identifying(recorded), recorded.scheme(),
                recorded.schemeOptions(), data, network, true);
    }

    private static boolean sameValue(Object inJson, Object setting) {
        if (setting instanceof Long l && inJson instanceof Number n) {
            return n.longValue() == l && n.doubleValue() == l.doubleValue();
        }
        if (setting instanceof Double d && inJson instanceof Number n) {
            return n.doubleValue() == d;
        }
        if (setting instanceof List<?> list && inJson instanceof List<?> json) {
            return list.size() == json.size() && java.util.stream.IntStream.range(0, list.size())
                    .allMatch(i -> sameValue(json.get(i), list.get(i)));
        }
        return Objects.equals(String.valueOf(inJson), String.valueOf(setting));
    }

    /** {@code batch-size} as summary.json wrote it before run.json existed: {@code batchSize}. */
    static String camelCase(String key) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static String text(Data d) {
        return d.name() + " (SHA-256 " + shortHash(d.sha256()) + ", " + d.trainImages() + "/" + d.testImages()
                + " images)";
    }

    private static String shortHash(String sha) {
        return sha == null ? "unknown" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }
}
