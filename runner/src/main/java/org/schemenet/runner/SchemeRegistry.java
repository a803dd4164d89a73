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
 *
 * <p>When two plugins register the same scheme name, the one whose jar path sorts first keeps it
 * and the other is skipped with a warning naming both jars.
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
        found.stream()
                .sorted(Comparator.comparing((Entry e) -> e.scheme().name()).thenComparing(e -> e.source().toString()))
                .forEach(e -> {
                    Entry first = byName.putIfAbsent(e.scheme().name(), e);
                    if (first != null) {
                        all.add(e.source() + ": scheme '" + e.scheme().name() + "' (plugin " + e.pluginId()
                                + ") was skipped: " + first.source().getFileName() + " (plugin " + first.pluginId()
                                + ") already registers that name");
                    }
                });
        this.entries = Collections.unmodifiableMap(byName);
        this.warnings = List.copyOf(all);
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * The scheme called {@code name}.
     *
     * @throws UsageException listing the available names and suggesting the closest
     */
    public Entry require(String name) {
        return find(name).orElseThrow(() -> new UsageException(unknown(name)));
    }

    /** The message for an unknown name: the available names and, if one is close, a suggestion. */
    public String unknown(String name) {
        if (entries.isEmpty()) {
            return "unknown scheme '" + name + "'; no schemes are loaded (is the plugins folder empty?)";
        }
        StringBuilder s = new StringBuilder("unknown scheme '").append(name).append("'; available: ")
                .append(String.join(", ", names()));
        closest(name).ifPresent(c -> s.append("; did you mean '").append(c).append("'?"));
        return s.toString();
    }

    /**
     * The available name nearest to {@code name} in Levenshtein distance (case-insensitive), if it is
     * within half the length of the longer of the two names.
     */
    public Optional<String> closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : entries.keySet()) {
            int d = editDistance(name.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(name.length(), best.length()) / 2) {
            return Optional.empty();
        }
        return Optional.of(best);
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

    /** The Levenshtein distance: fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
