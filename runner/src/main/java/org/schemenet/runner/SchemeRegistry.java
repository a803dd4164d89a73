package org.schemenet.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.schemenet.scheme.DidYouMean;
import org.schemenet.scheme.Scheme;

/**
 * Every scheme the runner can use, by name, with the plugin it came from, plus the warnings
 * collected while loading (a broken jar never hides the other schemes).
 *
 * <p>When two plugins register the same scheme name, a built-in one (shipped in the install)
 * keeps it whatever the file names; between dropped-in jars, the one whose path sorts first keeps
 * it. The other is skipped with a warning naming both jars.
 */
public final class SchemeRegistry {

    /**
     * A scheme and where it came from.
     *
     * @param source  the jar (or zip) in the plugins folder
     * @param builtIn whether the jar is one shipped in the install ({@link BuiltInPlugins})
     */
    public record Entry(Scheme scheme, String pluginId, String pluginVersion, Path source, boolean builtIn) {
        public Entry(Scheme scheme, String pluginId, String pluginVersion, Path source) {
            this(scheme, pluginId, pluginVersion, source, false);
        }

        /** Where the scheme comes from, for messages: {@code plugin heun, /path/plugins/heun.jar}. */
        public String origin() {
            return "plugin " + pluginId + ", " + source;
        }
    }

    /** One problem met while loading, with the exception behind it (shown with {@code --verbose}). */
    public record Warning(String message, Throwable cause) {
    }

    private final Map<String, Entry> entries;
    private final List<Warning> warnings;

    public SchemeRegistry(List<Entry> found, List<String> warnings) {
        this(byName(found, warnings.stream().map(w -> new Warning(w, null)).toList()));
    }

    /** The registry of {@code found}, with the warnings (and their causes) met while loading. */
    public static SchemeRegistry of(List<Entry> found, List<Warning> warnings) {
        return new SchemeRegistry(byName(found, warnings));
    }

    private record Resolved(Map<String, Entry> entries, List<Warning> warnings) {
    }

    private SchemeRegistry(Resolved resolved) {
        this.entries = Collections.unmodifiableMap(resolved.entries());
        this.warnings = List.copyOf(resolved.warnings());
    }

    /** One entry per name: built-in first, then the jar whose path sorts first; a warning for each one skipped. */
    private static Resolved byName(List<Entry> found, List<Warning> warnings) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<Warning> all = new ArrayList<>(warnings);
        found.stream()
                .sorted(Comparator.comparing((Entry e) -> e.scheme().name()).thenComparing(e -> !e.builtIn())
                        .thenComparing(e -> e.source().toString()))
                .forEach(e -> {
                    Entry first = byName.putIfAbsent(e.scheme().name(), e);
                    if (first != null) {
                        all.add(new Warning(e.source() + ": scheme '" + e.scheme().name() + "' (plugin " + e.pluginId()
                                + ") was skipped: " + (first.builtIn() ? "the built-in " : "") + first.source()
                                + " (plugin " + first.pluginId() + ") already registers that name"
                                + (first.builtIn() ? "; built-in schemes cannot be replaced, give yours another name"
                                : ""), null));
                    }
                });
        return new Resolved(byName, all);
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
        return "unknown scheme '" + name + "'; available: " + String.join(", ", names())
                + DidYouMean.suffix(name, entries.keySet(), "");
    }

    /** The available name nearest to {@code name} ({@link DidYouMean}). */
    public Optional<String> closest(String name) {
        return DidYouMean.closest(name, entries.keySet());
    }

    public List<Entry> all() {
        return List.copyOf(entries.values());
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The warnings' messages. */
    public List<String> warnings() {
        return warnings.stream().map(Warning::message).toList();
    }

    /** The warnings with their causes. */
    public List<Warning> problems() {
        return warnings;
    }
}
