package org.schemenet.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fully resolved settings of a run: a value for every {@link Settings} entry that has one (in
 * table order) and the scheme's options as text (in the scheme's order, once the scheme completed
 * them with its defaults). Made by {@link SettingsResolver}; written as {@code config.toml} by
 * {@link SettingsToml}, which reads it back to an equal value.
 *
 * @param values        values by setting; optional settings without a value are absent
 * @param schemeOptions the scheme's options as text
 */
public record RunSettings(Map<Setting<?>, Object> values, Map<String, String> schemeOptions) {

    public RunSettings {
        Map<Setting<?>, Object> ordered = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            Object v = values.get(s);
            if (v != null) {
                ordered.put(s, v);
            }
        }
        for (Setting<?> s : values.keySet()) {
            if (!Settings.ALL.contains(s)) {
                throw new IllegalArgumentException("not a setting of the table: " + s.key());
            }
        }
        values = Collections.unmodifiableMap(ordered);
        schemeOptions = Collections.unmodifiableMap(new LinkedHashMap<>(schemeOptions));
    }

    /** The value of {@code setting}, or null when it has none. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable(get(setting));
    }

    /** An integer setting as an {@code int} (the table keeps them within int range). */
    public int integer(Setting<Long> setting) {
        return Math.toIntExact(Objects.requireNonNull(get(setting), setting.key()));
    }

    public String scheme() {
        return get(Settings.SCHEME);
    }

    public <T> RunSettings with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
        if (value == null) {
            v.remove(setting);
        } else {
            v.put(setting, value);
        }
        return new RunSettings(v, schemeOptions);
    }

    public RunSettings withSchemeOptions(Map<String, String> options) {
        return new RunSettings(values, options);
    }

    /** {@code key = value} lines in table order, as TOML shows them, the scheme's options last. */
    public String listing() {
        StringBuilder out = new StringBuilder();
        values.forEach((s, v) -> out.append(s.key()).append(" = ").append(s.toToml(v)).append('\n'));
        schemeOptions.forEach((k, v) -> out.append(Settings.SCHEME_TABLE).append('.').append(k).append(" = ")
                .append(SettingType.quote(v)).append('\n'));
        return out.toString();
    }
}
