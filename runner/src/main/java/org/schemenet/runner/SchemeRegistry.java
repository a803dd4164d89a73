package org.schemenet.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.schemenet.scheme.Scheme;

/**
 * Every scheme the runner can use, by name, with the plugin it came from, plus the warnings
 * collected while loading (a broken jar never hides the other schemes).
 */
public final class SchemeRegistry {

    /** A scheme and where it came from. */
    public record Entry(Scheme scheme, String pluginId, String pluginVersion, Path source) {
    }

    private final Map<String, Entry> entries;
    private final List<String> warnings;

    public SchemeRegistry(List<Entry> found, List<String> warnings) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(warnings);
        found.stream().sorted(Comparator.comparing(e -> e.scheme().name())).forEach(e -> {
            Entry first = byName.putIfAbsent(e.scheme().name(), e);
            if (first != null) {
                all.add("scheme '" + e.scheme().name() + "' from " + e.source() + " ignored: "
                        + first.source() + " already registers that name");
            }
        });
        this.entries = Collections.unmodifiableMap(byName);
        this.warnings = List.copyOf(all);
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public List<Entry> all() {
        return List.copyOf(entries.values());
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public List<String> warnings() {
        return warnings;
    }
}
