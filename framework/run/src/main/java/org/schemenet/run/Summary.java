package org.schemenet.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's {@code summary.json} as read back: the run's description (configuration, scheme,
 * network, data with its checksum, software with the commit, back end) and its {@code results}
 * (status, epochs, final and best test error, wall time, images/s).
 *
 * @param json the whole object, in file order
 */
public record Summary(Map<String, Object> json) {

    public Summary {
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }

    /** A section (an object) of the summary, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String name) {
        return json.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** {@code running}, {@code completed}, {@code interrupted}, {@code diverged}, or {@code unknown}. */
    public String status() {
        return section("results").get("status") instanceof String s ? s : "unknown";
    }

    public int epochsDone() {
        return section("results").get("epochsDone") instanceof Number n ? n.intValue() : 0;
    }

    /** The data set's SHA-256, or null when the summary does not say. */
    public String dataSha256() {
        return section("data").get("sha256") instanceof String s ? s : null;
    }

    public String dataName() {
        return section("data").get("name") instanceof String s ? s : null;
    }

    /** The plugin id the run's scheme came from, or null when the summary does not say. */
    public String plugin() {
        return section("scheme").get("plugin") instanceof String s ? s : null;
    }

    /** That plugin's version, or null. */
    public String pluginVersion() {
        return section("scheme").get("pluginVersion") instanceof String s ? s : null;
    }

    /** The commit the run's build was made from, or null. */
    public String commit() {
        return section("software").get("commit") instanceof String s ? s : null;
    }
}
