package org.schemenet.scheme;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated option values of one scheme: every declared option has a typed value (given or
 * default), and nothing undeclared is present. Made only by {@link #validate}.
 */
public final class Options {
    private final Map<String, Object> values;
    private final Map<String, String> text;

    private Options(Map<String, Object> values, Map<String, String> text) {
        this.values = Collections.unmodifiableMap(values);
        this.text = Collections.unmodifiableMap(text);
    }

    /**
     * Checks {@code given} (option name to text value) against {@code specs}, fills in defaults.
     *
     * @throws InvalidOptionException naming the option, the value and what is allowed
     */
    public static Options validate(String scheme, List<OptionSpec> specs, Map<String, String> given) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                String known = byName.isEmpty() ? "it takes no options"
                        : "its options are " + String.join(", ", byName.keySet());
                throw new InvalidOptionException(name,
                        "scheme '" + scheme + "' has no option '" + name + "'; " + known
                                + DidYouMean.suffix(name, byName.keySet(), ""));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            String raw = given.getOrDefault(spec.name(), spec.defaultValue());
            if (raw == null) {
                continue;
            }
            Object value = spec.type().parse(spec.name(), raw);
            values.put(spec.name(), value);
            text.put(spec.name(), spec.type().text(value));
        }
        return new Options(values, text);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int integer(String name) {
        return (Integer) get(name);
    }

    public double real(String name) {
        return (Double) get(name);
    }

    public String string(String name) {
        return (String) get(name);
    }

    /**
     * The options as canonical text ({@link OptionType#text}), in declaration order: what a run records to repeat
     * itself and names itself by.
     */
    public Map<String, String> asText() {
        return text;
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value for option '" + name + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return text.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
