package org.schemenet.run;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One run setting: a row of the table in {@link Settings}. Everything about it is here, so the
 * command line, TOML files (read and written), sweep plans, {@code --dry-run} and the checks of a
 * resumed run all follow from one entry.
 *
 * @param key      the TOML key and, with two dashes, the flag ({@code batch-size}, {@code --batch-size})
 * @param type     the value type
 * @param label    the flag's parameter label in {@code --help} ({@code N}, {@code RATE}, {@code DIR|sample})
 * @param help     one sentence for {@code --help}
 * @param allowed  the allowed values in words, for messages ({@code an integer in [1, 2147483647]})
 * @param valid    whether a value of the right type is allowed; an {@link Explained} one also says what is wrong
 *                 (e.g. which element of a list)
 * @param fallback the default when no layer gives a value (may depend on settings before it in the
 *                 table and on the surroundings); null from it means the setting has no value
 * @param missing  when the setting has no value: the message (the setting is required), or null (it is optional)
 * @param resume   what a resumed run may do with it
 * @param role     where it comes from and whether {@code config.toml} records it
 * @param <T>      the value's Java type
 */
public record Setting<T>(String key, SettingType<T> type, String label, String help, String allowed,
                         Predicate<T> valid, Fallback<T> fallback, String missing, Resume resume, Role role) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(role, "role");
        if (!key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a setting key is lower-case words joined by '-': " + key);
        }
    }

    /** The command-line flag: {@code --KEY}. */
    public String flag() {
        return "--" + key;
    }

    /** Whether {@code value} (of this setting's type) is allowed. */
    public boolean allows(T value) {
        return valid.test(value);
    }

    /**
     * What is wrong with {@code value} (of this setting's type), for a message that goes on with "; allowed: ..."; empty
     * when it is allowed. An {@link Explained} check names the fault itself (the element of a list at fault); any other
     * says {@code <value> is out of range}.
     */
    public Optional<String> fault(T value) {
        if (valid instanceof Explained<T> explained) {
            return explained.fault(value);
        }
        return allows(value) ? Optional.empty() : Optional.of(show(value) + " is out of range");
    }

    /** A check of a setting's values that says what is wrong with one it refuses. */
    @FunctionalInterface
    public interface Explained<T> extends Predicate<T> {
        /** What is wrong with {@code value}, e.g. {@code 3000000000 is out of range}; empty when it is allowed. */
        Optional<String> fault(T value);

        @Override
        default boolean test(T value) {
            return fault(value).isEmpty();
        }
    }

    /** A value of this setting's type, shown as messages show it. */
    @SuppressWarnings("unchecked")
    public String show(Object value) {
        return type.show((T) value);
    }

    /** A value of this setting's type as a TOML literal. */
    @SuppressWarnings("unchecked")
    public String toToml(Object value) {
        return type.toToml((T) value);
    }

    /** The default of a setting, given what is resolved before it. */
    @FunctionalInterface
    public interface Fallback<T> {
        /** The value, or null for none. */
        T value(Resolution resolved);

        static <T> Fallback<T> constant(T value) {
            return r -> value;
        }

        static <T> Fallback<T> none() {
            return r -> null;
        }
    }

    /** What a resumed run ({@code --resume RUN}) may do with a setting. */
    public enum Resume {
        /** Part of the run's arithmetic: it keeps the run's own value; a flag or an edited config.toml is refused. */
        SAME,
        /** May grow with a flag ({@code --epochs}), never shrink. */
        EXTEND,
        /** May change with a flag for this invocation ({@code --threads}, {@code --plugins}, {@code --device}). */
        FREE,
        /** May point elsewhere with a flag, but the data found there must have the run's checksum ({@code --data}). */
        SAME_DATA
    }

    /** Where a setting's value comes from and where it is written. */
    public enum Role {
        /** A protocol setting: flags, TOML files, a sweep plan's {@code [training]}; recorded in config.toml. */
        SHARED,
        /** Given per run ({@code --scheme}, {@code --depth}, {@code --seed}; a plan's grid); recorded in config.toml. */
        PER_RUN,
        /** Where the run lives ({@code --out}): per run, not recorded (the run directory is where config.toml is). */
        PLACE;

        /** Whether {@code config.toml} records settings of this role. */
        public boolean recorded() {
            return this != PLACE;
        }
    }
}
