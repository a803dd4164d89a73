package org.schemenet.scheme;

import java.util.List;

/** The type of a scheme option and its allowed values; parses the text form of a value. */
public sealed interface OptionType {

    /** The typed value of {@code text} ({@link Integer}, {@link Double} or {@link String}). */
    Object parse(String option, String text);

    /** What is allowed, for messages and help, e.g. {@code an integer in [1, 8]}. */
    String allowed();

    /**
     * The canonical text of {@code value}, a value {@link #parse} returned: what a run records and names itself by.
     * Two texts that parse to the same value have the same canonical text ({@code 03} and {@code 3}; {@code 0.50},
     * {@code .5} and {@code 5e-1}), so one network is one variant of a scheme wherever it was typed.
     */
    String text(Object value);

    /** An integer in {@code [min, max]}. */
    record IntegerRange(int min, int max) implements OptionType {
        public IntegerRange {
            if (min > max) {
                throw new IllegalArgumentException("empty integer range [" + min + ", " + max + "]");
            }
        }

        @Override
        public Object parse(String option, String text) {
            int value;
            String t = text.trim();
            try {
                value = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException(option, "option '" + option + "': "
                        + (t.matches("[+-]?[0-9]+") ? t + " is out of range" : "'" + text + "' is not an integer")
                        + "; allowed: " + allowed());   // digits too many for an int are a number out of range
            }
            if (value < min || value > max) {
                throw new InvalidOptionException(option,
                        "option '" + option + "': " + value + " is out of range; allowed: " + allowed());
            }
            return value;
        }

        @Override
        public String allowed() {
            return "an integer in [" + min + ", " + max + "]";
        }

        /** The integer in decimal without sign or leading zeros: {@code 3} for {@code +03}. */
        @Override
        public String text(Object value) {
            return Integer.toString((Integer) value);
        }
    }

    /**
     * A real number between {@code min} and {@code max}, each bound included unless it is declared open:
     * {@code [min, max]}, {@code (min, max]}, {@code [min, max)} or {@code (min, max)}.
     *
     * <p>{@code new RealRange(min, max)} is the closed range {@code [min, max]}, as it always was; an open bound is
     * declared with {@link #openMin}, {@link #openMax}, {@link #open} or the canonical constructor. {@link #allowed()}
     * prints the brackets the range has, so what {@code runner schemes} shows is what is accepted.
     *
     * @param min     the lower bound
     * @param max     the upper bound
     * @param minOpen whether {@code min} itself is refused
     * @param maxOpen whether {@code max} itself is refused
     */
    record RealRange(double min, double max, boolean minOpen, boolean maxOpen) implements OptionType {
        public RealRange {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max || (min == max && (minOpen || maxOpen))) {
                throw new IllegalArgumentException("empty real range " + interval(min, max, minOpen, maxOpen));
            }
        }

        /** The closed range {@code [min, max]}. */
        public RealRange(double min, double max) {
            this(min, max, false, false);
        }

        /** {@code (min, max]}: {@code min} itself refused, e.g. {@code (-1, 1]}. */
        public static RealRange openMin(double min, double max) {
            return new RealRange(min, max, true, false);
        }

        /** {@code [min, max)}: {@code max} itself refused. */
        public static RealRange openMax(double min, double max) {
            return new RealRange(min, max, false, true);
        }

        /** {@code (min, max)}: both bounds refused. */
        public static RealRange open(double min, double max) {
            return new RealRange(min, max, true, true);
        }

        /** Whether {@code value} is in the range (NaN never is). */
        public boolean contains(double value) {
            return (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
        }

        @Override
        public Object parse(String option, String text) {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidOptionException(option,
                        "option '" + option + "': '" + text + "' is not a number; allowed: " + allowed());
            }
            if (!contains(value)) {
                throw new InvalidOptionException(option,
                        "option '" + option + "': " + text + " is out of range; allowed: " + allowed());
            }
            return value;
        }

        @Override
        public String allowed() {
            return "a number in " + interval(min, max, minOpen, maxOpen);
        }

        /**
         * Java's text of the double ({@link Double#toString}): the shortest decimal that reads back as the same
         * double, with at least one digit after the point, {@code 0.5} for {@code .50}, {@code 0.0} for
         * {@code -0} (the same network), {@code 1.0E-4} for {@code 1e-4}.
         */
        @Override
        public String text(Object value) {
            double v = (Double) value;
            return Double.toString(v == 0 ? 0.0 : v);
        }

        private static String interval(double min, double max, boolean minOpen, boolean maxOpen) {
            return (minOpen ? "(" : "[") + min + ", " + max + (maxOpen ? ")" : "]");
        }
    }

    /** One of a fixed set of words. */
    record Choice(List<String> values) implements OptionType {
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one value");
            }
        }

        @Override
        public Object parse(String option, String text) {
            String t = text.trim();
            if (!values.contains(t)) {
                throw new InvalidOptionException(option,
                        "option '" + option + "': '" + text + "' is not allowed; allowed: " + allowed());
            }
            return t;
        }

        @Override
        public String allowed() {
            return "one of " + String.join(", ", values);
        }

        /** The word chosen. */
        @Override
        public String text(Object value) {
            return (String) value;
        }
    }

    /** Free text, checked by the scheme itself (e.g. a custom Butcher tableau). */
    record Text(String description) implements OptionType {
        @Override
        public Object parse(String option, String text) {
            return text;
        }

        @Override
        public String allowed() {
            return description;
        }

        /** The text without the white space around it (the scheme reads it as it likes). */
        @Override
        public String text(Object value) {
            return ((String) value).trim();
        }
    }
}
