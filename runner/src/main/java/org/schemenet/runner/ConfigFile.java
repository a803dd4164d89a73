package org.schemenet.runner;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes run configurations as TOML (TOML4J behind this one class). A file holds any of
 * the {@link ConfigKey} settings at the top level and the scheme in a {@code [scheme]} table: its
 * {@code name} and its options, passed to the scheme as text (arrays in TOML syntax), e.g.
 *
 * <pre>
 *   depth = 20
 *   epochs = 160
 *   milestones = [80, 120]
 *   [scheme]
 *   name = "adams"
 *   k = 2
 *   coefficients = "fixed"
 * </pre>
 *
 * A top-level {@code scheme = "adams"} is accepted too, when there is no {@code [scheme]} table.
 * Every problem is one {@link UsageException} naming the file and the key: syntax errors with
 * their line, unknown keys with the nearest valid key, wrong types.
 */
public final class ConfigFile {

    /**
     * A file's settings.
     *
     * @param values        typed values by key ({@link Long}, {@link Double}, {@link String}, {@code List<Long>})
     * @param schemeOptions the scheme's options as text
     */
    public record Contents(Map<ConfigKey, Object> values, Map<String, String> schemeOptions) {
        public Contents {
            values = Map.copyOf(values);
            schemeOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schemeOptions));
        }
    }

    /** Reads and checks {@code file}. */
    public Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("config file " + file + " does not exist or is not a file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Toml toml;
        try {
            toml = new Toml().read(text);
        } catch (RuntimeException e) {
            throw new UsageException("config file " + file + ": TOML syntax error: " + e.getMessage(), e);
        }
        Map<ConfigKey, Object> values = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : toml.toMap().entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals(ConfigKey.SCHEME_TABLE) && value instanceof Map<?, ?> table) {
                readSchemeTable(file, table, values, options);
                continue;
            }
            ConfigKey k = ConfigKey.byKey(key).orElseThrow(() -> unknown(file, key));
            values.put(k, typed(file, k, value));
        }
        return new Contents(values, options);
    }

    private static void readSchemeTable(Path file, Map<?, ?> table, Map<ConfigKey, Object> values,
                                        Map<String, String> options) {
        for (Map.Entry<?, ?> o : table.entrySet()) {
            String name = String.valueOf(o.getKey());
            Object v = o.getValue();
            if (name.equals(ConfigKey.SCHEME_NAME)) {
                if (!(v instanceof String s)) {
                    throw new UsageException("config file " + file + ": [scheme] name must be a string, got "
                            + describe(v));
                }
                values.put(ConfigKey.SCHEME, s);
            } else if (v instanceof Map<?, ?>) {
                throw new UsageException("config file " + file + ": [scheme] " + name
                        + " is a table; scheme options are strings, numbers or arrays");
            } else {
                options.put(name, toText(v));
            }
        }
    }

    private static UsageException unknown(Path file, String key) {
        List<String> known = new ArrayList<>(ConfigKey.keys());
        known.add(ConfigKey.SCHEME_TABLE);
        return new UsageException("config file " + file + ": unknown key '" + key + "' (did you mean '"
                + ConfigKey.nearest(key, known) + "'? scheme options go in the [scheme] table)");
    }

    private static Object typed(Path file, ConfigKey k, Object v) {
        switch (k.kind()) {
            case INTEGER:
                if (v instanceof Long) {
                    return v;
                }
                break;
            case REAL:
                if (v instanceof Double || v instanceof Long) {
                    return ((Number) v).doubleValue();
                }
                break;
            case TEXT:
                if (v instanceof String) {
                    return v;
                }
                break;
            case INTEGER_LIST:
                if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof Long)) {
                    return List.copyOf(list);
                }
                break;
            default:
                break;
        }
        throw new UsageException("config file " + file + ": '" + k.key() + "' must be " + k.kind().description()
                + " (" + k.allowed() + "), got " + describe(v));
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (v instanceof List<?>) {
            return "the array " + toText(v);
        }
        if (v instanceof Map<?, ?>) {
            return "a table";
        }
        return (v instanceof Double ? "the number " : v instanceof Boolean ? "the boolean " : "") + toText(v);
    }

    /** A TOML value as the text a scheme option receives: strings as they are, arrays in TOML syntax. */
    static String toText(Object v) {
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object x : list) {
                parts.add(x instanceof String s ? quote(s) : toText(x));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    /** The resolved configuration as a TOML file that {@link #read} accepts and that repeats the run. */
    public String write(RunConfig c) {
        StringBuilder out = new StringBuilder();
        out.append("# schemenet run configuration (resolved: defaults, then --config file, then flags).\n");
        out.append("# Repeat the run with: runner --config config.toml\n");
        line(out, ConfigKey.DEPTH, Integer.toString(c.depth()));
        line(out, ConfigKey.SHORTCUT, quote(c.shortcut()));
        line(out, ConfigKey.EPOCHS, Integer.toString(c.epochs()));
        line(out, ConfigKey.BATCH_SIZE, Integer.toString(c.batchSize()));
        line(out, ConfigKey.LR, Double.toString(c.lr()));
        line(out, ConfigKey.MILESTONES, c.milestones().toString());
        line(out, ConfigKey.WEIGHT_DECAY, Double.toString(c.weightDecay()));
        line(out, ConfigKey.MOMENTUM, Double.toString(c.momentum()));
        line(out, ConfigKey.DATA, quote(c.data()));
        line(out, ConfigKey.TRAIN_SUBSET, Integer.toString(c.trainSubset()));
        line(out, ConfigKey.TEST_SUBSET, Integer.toString(c.testSubset()));
        line(out, ConfigKey.OUT, quote(c.out()));
        line(out, ConfigKey.SEED, Long.toString(c.seed()));
        line(out, ConfigKey.DEVICE, quote(c.device()));
        line(out, ConfigKey.THREADS, Integer.toString(c.threads()));
        if (c.plugins() != null) {
            line(out, ConfigKey.PLUGINS, quote(c.plugins()));
        }
        line(out, ConfigKey.WORKERS, Integer.toString(c.scaling().workers()));
        line(out, ConfigKey.PARALLEL_MODE, quote(c.scaling().parallelMode()));
        if (c.scaling().spark() != null) {
            line(out, ConfigKey.SPARK, quote(c.scaling().spark()));
            line(out, ConfigKey.SPARK_MODE, quote(c.scaling().sparkMode()));
        }
        out.append("\n[").append(ConfigKey.SCHEME_TABLE).append("]\n");
        out.append(ConfigKey.SCHEME_NAME).append(" = ").append(quote(c.scheme())).append('\n');
        for (Map.Entry<String, String> o : c.schemeOptions().entrySet()) {
            out.append(o.getKey()).append(" = ").append(optionValue(o.getValue())).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, ConfigKey k, String value) {
        out.append(k.key()).append(" = ").append(value).append('\n');
    }

    /** Arrays stay arrays if they are valid TOML; everything else is written as a string. */
    private static String optionValue(String text) {
        String t = text.trim();
        if (t.startsWith("[")) {
            try {
                new Toml().read("x = " + t);
                return t;
            } catch (RuntimeException e) {
                return quote(text);
            }
        }
        return quote(text);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
