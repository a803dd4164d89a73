package org.schemenet.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The value type of a {@link Setting}: how it is read from a command-line flag and from a TOML
 * value (TOML4J gives {@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@link List}),
 * how it is written back as TOML, and how it is shown in messages. Reading checks the type only;
 * the range is the setting's.
 *
 * @param <T> the Java type of the value
 */
public sealed interface SettingType<T>
        permits SettingType.Integer, SettingType.Real, SettingType.Words, SettingType.Flag, SettingType.IntegerList {

    /** The type in words, for messages: "an integer". */
    String kind();

    /** The value of a command-line flag's text; {@link IllegalArgumentException} naming the text when it is not one. */
    T parse(String text);

    /** The value of a TOML value; {@link IllegalArgumentException} when it has another type. */
    T fromToml(Object value);

    /** The value as a TOML literal (reads back to an equal value). */
    String toToml(T value);

    /** The value as a message shows it (strings unquoted). */
    default String show(T value) {
        return toToml(value);
    }

    /** A whole number ({@link Long}). */
    record Integer() implements SettingType<Long> {
        @Override
        public String kind() {
            return "an integer";
        }

        /**
         * Whole numbers from {@code min} to {@code max} in words, for what a setting or a command's option allows:
         * {@code an integer in [1, 2147483647]}; the upper end is stated also when it is only its Java type's.
         */
        public static String range(long min, long max) {
            return "an integer in [" + min + ", " + max + "]";
        }

        /** A whole number's text; one too large for a long is out of range (its setting's message says what is allowed). */
        @Override
        public Long parse(String text) {
            return whole(text, "'" + text + "' is not an integer");
        }

        /**
         * The whole number {@code text} (trimmed); {@link IllegalArgumentException} with {@code notOne} when it is
         * none, and naming it as out of range when its digits are too many for a long.
         */
        static long whole(String text, String notOne) {
            String t = text.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                if (t.matches("[+-]?[0-9]+")) {
                    throw new IllegalArgumentException(t + " is out of range");
                }
                throw new IllegalArgumentException(notOne);
            }
        }

        @Override
        public Long fromToml(Object value) {
            if (value instanceof Long l) {
                return l;
            }
            throw new IllegalArgumentException(kind());
        }

        @Override
        public String toToml(Long value) {
            return value.toString();
        }
    }

    /**
     * A finite number ({@link Double}); TOML integers are accepted. Text that Java reads as infinite or not a number
     * ({@code 1e400}, {@code Infinity}, {@code NaN}) is refused as such, in the user's words, instead of being
     * compared with a setting's range as {@code Infinity} or {@code NaN}.
     */
    record Real() implements SettingType<Double> {
        @Override
        public String kind() {
            return "a number";
        }

        @Override
        public Double parse(String text) {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("'" + text + "' is not a finite number");
            }
            return value;
        }

        @Override
        public Double fromToml(Object value) {
            if (value instanceof Double || value instanceof Long) {
                return ((Number) value).doubleValue();
            }
            throw new IllegalArgumentException(kind());
        }

        /** Java's shortest representation that reads back to the same double ({@code 1.0E-4} is valid TOML). */
        @Override
        public String toToml(Double value) {
            return value.toString();
        }
    }

    /** A setting whose value is a string: free text or one of a set of words. */
    sealed interface Words extends SettingType<String> permits Text, Choice {
        @Override
        default String kind() {
            return "a string";
        }

        @Override
        default String parse(String text) {
            return text;
        }

        @Override
        default String fromToml(Object value) {
            if (value instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException(kind());
        }

        @Override
        default String toToml(String value) {
            return quote(value);
        }

        @Override
        default String show(String value) {
            return value.isEmpty() ? "''" : value;
        }
    }

    /** Free text. */
    record Text() implements Words {
    }

    /** One of a fixed set of words (the setting's check says which). */
    record Choice(List<String> values) implements Words {
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a choice needs values");
            }
        }
    }

    /** true or false. */
    record Flag() implements SettingType<Boolean> {
        @Override
        public String kind() {
            return "a boolean";
        }

        @Override
        public Boolean parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }

        @Override
        public Boolean fromToml(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(kind());
        }

        @Override
        public String toToml(Boolean value) {
            return value.toString();
        }
    }

    /** A list of whole numbers: {@code 80,120} on the command line, {@code [80, 120]} in TOML. */
    record IntegerList() implements SettingType<List<Long>> {
        @Override
        public String kind() {
            return "an array of integers";
        }

        @Override
        public List<Long> parse(String text) {
            String t = text.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1);
            }
            List<Long> out = new ArrayList<>();
            if (t.isBlank()) {
                return out;
            }
            for (String part : t.split(",", -1)) {   // an element too large for a long is named as out of range
                if (part.isBlank()) {
                    throw new IllegalArgumentException("'" + text + "' has an empty element");
                }
                out.add(Integer.whole(part, "'" + part.trim() + "' is not an integer"));
            }
            return List.copyOf(out);
        }

        @Override
        public List<Long> fromToml(Object value) {
            if (value instanceof List<?> list && list.stream().allMatch(x -> x instanceof Long)) {
                return list.stream().map(x -> (Long) x).toList();
            }
            throw new IllegalArgumentException(kind());
        }

        @Override
        public String toToml(List<Long> value) {
            return value.toString();
        }
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20 || ch == 0x7f) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
