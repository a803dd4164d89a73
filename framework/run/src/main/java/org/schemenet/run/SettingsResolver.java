package org.schemenet.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves {@link RunSettings}: for every setting in table order, the value of the last layer that
 * gives it (defaults, then a {@code --config} file, then flags), else its default; every value is
 * checked against what the setting allows, and one {@link InputException} names the source (the
 * flag, or the key and file), the value and what is allowed. A relative data folder is resolved against the
 * working directory ({@link Settings#recordedData}), so the run records where its data is.
 */
public final class SettingsResolver {
    private final Surroundings surroundings;

    public SettingsResolver(Surroundings surroundings) {
        this.surroundings = surroundings;
    }

    public Surroundings surroundings() {
        return surroundings;
    }

    /** The settings of a new run from {@code given} (layers already merged, later over earlier). */
    public RunSettings resolve(GivenSettings given) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Resolution resolution = new Resolution() {
            @SuppressWarnings("unchecked")
            @Override
            public <T> T get(Setting<T> setting) {
                return (T) values.get(setting);
            }

            @Override
            public Map<String, String> givenSchemeOptions() {
                return given.schemeOptions();
            }

            @Override
            public Surroundings surroundings() {
                return surroundings;
            }
        };
        for (Setting<?> s : Settings.ALL) {
            Object v = given.has(s) ? given.values().get(s) : s.fallback().value(resolution);
            if (v == null) {
                if (s.missing() != null) {
                    throw new InputException(s.missing());
                }
                continue;
            }
            check(s, v, given.sources().getOrDefault(s, "the default " + s.key()));
            values.put(s, recorded(s, v));
        }
        if (values.containsKey(Settings.SPARK) && given.has(Settings.WORKERS)
                && (Long) values.get(Settings.WORKERS) > 1) {
            throw new InputException(given.sources().get(Settings.WORKERS) + " and " + given.sources()
                    .getOrDefault(Settings.SPARK, Settings.SPARK.flag()) + " exclude each other: a Spark run has one "
                    + "worker per executor core (the master's local[N] or the cluster's cores)");
        }
        for (Setting<?> sparkOnly : List.of(Settings.SPARK_MODE, Settings.SPARK_WORKERS)) {
            if (!values.containsKey(Settings.SPARK) && given.has(sparkOnly)) {
                throw new InputException(given.sources().getOrDefault(sparkOnly, sparkOnly.flag()) + " applies to"
                        + " Spark runs only: give " + Settings.SPARK.flag() + " MASTER as well, or drop it");
            }
        }
        return new RunSettings(values, given.schemeOptions());
    }

    /**
     * The settings of a run about to be made from {@code given}: {@link #resolve}, then the checks that only a new
     * run gets, so that a run recorded before they existed still resumes (its config.toml is resolved with
     * {@link #resolve} alone). Gradient sharing ({@code parallel-mode = "shared-gradients"}) combines the updates of
     * {@code --workers N > 1}; a run of one worker (or a Spark run, whose workers combine by {@code --spark-mode})
     * trains the same without it, so it is refused instead of being recorded and ignored.
     */
    public RunSettings resolveNew(GivenSettings given) {
        RunSettings settings = resolve(given);
        if (given.has(Settings.PARALLEL_MODE) && "shared-gradients".equals(settings.get(Settings.PARALLEL_MODE))
                && settings.get(Settings.WORKERS) == 1L) {
            String source = given.sources().getOrDefault(Settings.PARALLEL_MODE, Settings.PARALLEL_MODE.flag());
            throw new InputException(source + " shared-gradients: this run has 1 worker, so there is nothing to "
                    + "share; " + (settings.get(Settings.SPARK) != null ? "a Spark run combines its workers by "
                    + Settings.SPARK_MODE.flag() + ", so drop " + source : "give " + Settings.WORKERS.flag()
                    + " N with N > 1 (docs/scaling.md), or drop " + source));
        }
        return settings;
    }

    /**
     * The settings of a resumed run: its own ({@code recorded}, from its config.toml) with the flags
     * a resumed run may give ({@link Setting.Resume#SAME} settings and scheme options may not
     * change, but may be given with the value the run records; {@code --epochs} may only grow).
     */
    public RunSettings resume(RunSettings recorded, GivenSettings flags) {
        List<String> changeable = Settings.ALL.stream().filter(s -> s.resume() != Setting.Resume.SAME)
                .map(Setting::flag).toList();
        for (Map.Entry<Setting<?>, Object> e : flags.values().entrySet()) {
            Setting<?> s = e.getKey();
            if (s.resume() == Setting.Resume.SAME
                    && !java.util.Objects.equals(recorded.values().get(s), recorded(s, e.getValue()))) {
                throw new InputException("--resume continues a run with its own configuration; " + s.flag()
                        + " cannot change (only " + String.join(", ", changeable) + " can)");
            }
        }
        String changedOptions = flags.schemeOptions().entrySet().stream()
                .filter(o -> !o.getValue().equals(recorded.schemeOptions().get(o.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
        if (!changedOptions.isEmpty()) {
            throw new InputException("--resume continues a run with its own configuration; scheme options ("
                    + changedOptions + ") cannot change");
        }
        RunSettings out = recorded;
        for (Map.Entry<Setting<?>, Object> e : flags.values().entrySet()) {
            Setting<?> s = e.getKey();
            check(s, e.getValue(), flags.sources().get(s));
            if (s.resume() == Setting.Resume.EXTEND) {
                long before = (Long) recorded.get(s);
                long after = (Long) e.getValue();
                if (after < before) {
                    throw new InputException(flags.sources().get(s) + " " + after + ": the run has " + before + " "
                            + s.key() + "; --resume may extend it, never shorten it (give " + before + " or more)");
                }
            }
            out = with(out, s, recorded(s, e.getValue()));
        }
        return out;
    }

    /** A value as the run records it: the data folder absolute ({@link Settings#recordedData}), the rest as given. */
    private Object recorded(Setting<?> s, Object value) {
        return s == Settings.DATA ? Settings.recordedData((String) value, surroundings.workingDirectory()) : value;
    }

    @SuppressWarnings("unchecked")
    private static <T> RunSettings with(RunSettings settings, Setting<T> s, Object value) {
        return settings.with(s, (T) value);
    }

    /**
     * Checks one value against what its setting allows, for a command that uses it before resolving the
     * settings (the plugins folder, loaded first); the message is the one {@link #resolve} gives.
     *
     * @param source the flag or key and file, for the message ({@code --plugins})
     */
    @SuppressWarnings("unchecked")
    public static <T> void check(Setting<T> s, Object value, String source) {
        Optional<String> fault = s.fault((T) value);
        if (fault.isPresent()) {
            throw new InputException(source + ": " + fault.get() + "; allowed: " + s.allowed());
        }
    }
}
