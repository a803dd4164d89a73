package org.schemenet.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer of given settings: the flags of a command line, a TOML file, a sweep plan's
 * {@code [training]} and grid. Values are typed (checked against {@link SettingType}) but not yet
 * against the allowed range; each carries where it came from, for messages ({@code --depth},
 * {@code 'epochs' in run.toml}).
 *
 * @param values        typed values by setting
 * @param sources       where each value came from
 * @param schemeOptions scheme options as text
 */
public record GivenSettings(Map<Setting<?>, Object> values, Map<Setting<?>, String> sources,
                            Map<String, String> schemeOptions) {

    public static final GivenSettings NONE = new GivenSettings(Map.of(), Map.of(), Map.of());

    public GivenSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        schemeOptions = Collections.unmodifiableMap(new LinkedHashMap<>(schemeOptions));
        for (Setting<?> s : values.keySet()) {
            if (!sources.containsKey(s)) {
                throw new IllegalArgumentException("no source for " + s.key());
            }
        }
    }

    /** A layer of values given as flags (each value's source is its flag). */
    public static GivenSettings flags(Map<Setting<?>, Object> values, Map<String, String> schemeOptions) {
        Map<Setting<?>, String> sources = new LinkedHashMap<>();
        values.keySet().forEach(s -> sources.put(s, s.flag()));
        return new GivenSettings(values, sources, schemeOptions);
    }

    public boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /** This layer with {@code setting} set to {@code value} from {@code source}. */
    public <T> GivenSettings with(Setting<T> setting, T value, String source) {
        Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
        Map<Setting<?>, String> s = new LinkedHashMap<>(sources);
        v.put(setting, value);
        s.put(setting, source);
        return new GivenSettings(v, s, schemeOptions);
    }

    /** This layer without {@code setting}. */
    public GivenSettings without(Setting<?> setting) {
        Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
        Map<Setting<?>, String> s = new LinkedHashMap<>(sources);
        v.remove(setting);
        s.remove(setting);
        return new GivenSettings(v, s, schemeOptions);
    }

    /**
     * {@code later} over this: its values and scheme options replace these. A later scheme other than this one's is
     * refused while this one has scheme options (they are the earlier scheme's): one message naming both.
     */
    public GivenSettings then(GivenSettings later) {
        Object scheme = values.get(Settings.SCHEME);
        Object laterScheme = later.values.get(Settings.SCHEME);
        if (scheme != null && laterScheme != null && !scheme.equals(laterScheme) && !schemeOptions.isEmpty()) {
            // the earlier scheme options belong to the earlier scheme: keeping them would blame the later one
            throw new InputException(later.sources.getOrDefault(Settings.SCHEME, Settings.SCHEME.flag()) + " "
                    + laterScheme + " replaces the scheme '" + scheme + "' that "
                    + sources.getOrDefault(Settings.SCHEME, "the earlier settings") + " names, and that file's scheme"
                    + " options (" + String.join(", ", schemeOptions.keySet()) + ") are for '" + scheme + "'; leave"
                    + " out " + Settings.SCHEME.flag() + ", or give the scheme's options on the command line and"
                    + " remove them from the file");
        }
        Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
        Map<Setting<?>, String> s = new LinkedHashMap<>(sources);
        Map<String, String> o = new LinkedHashMap<>(schemeOptions);
        v.putAll(later.values);
        s.putAll(later.sources);
        o.putAll(later.schemeOptions);
        return new GivenSettings(v, s, o);
    }
}
