package org.schemenet.run;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.schemenet.scheme.DidYouMean;

/**
 * Run settings as TOML (TOML4J behind this one class): every {@link Settings} entry at the top
 * level under its key, and the scheme in a {@code [scheme]} table with its {@code name} and its
 * options (passed to the scheme as text; arrays in TOML syntax), e.g.
 *
 * <pre>
 *   depth = 20
 *   epochs = 160
 *   milestones = [80, 120]
 *   [scheme]
 *   name = "adams"
 *   k = "2"
 *   coefficients = "fixed"
 * </pre>
 *
 * A top-level {@code scheme = "adams"} is accepted too when there is no {@code [scheme]} table.
 * {@link #write} gives a file that {@link #read} turns back into the same settings. Every problem
 * is one {@link InputException} naming the file and the key: syntax errors with their line,
 * unknown keys with the nearest valid one, wrong types with what is allowed.
 */
public final class SettingsToml {
    private SettingsToml() {
    }

    /** The settings in {@code file} (a {@code --config} file or a run's config.toml). */
    public static GivenSettings read(Path file) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InputException("config file " + file + " does not exist or is not a file");
            }
            text = Files.readString(file);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);   // a UTF-8 byte-order mark some editors write: not part of the TOML
            }
        } catch (IOException e) {
            throw Faults.of("read the config file", file, e);
        }
        return parse(text, "config file " + file, key -> "'" + key + "' in " + file);
    }

    /** The settings in TOML {@code text}; {@code where} starts messages, {@code source} names a key's origin. */
    public static GivenSettings parse(String text, String where, java.util.function.Function<String, String> source) {
        Map<String, Object> toml = syntax(text, where);
        return settings(toml, where, source, EnumSet.allOf(Setting.Role.class), true);
    }

    /**
     * Parses TOML text (a {@code --config} file, a run's config.toml, a sweep plan), or one message of one line:
     * {@code WHERE: TOML syntax error on line N: what is wrong: the line}.
     */
    public static Map<String, Object> syntax(String text, String where) {
        try {
            return new Toml().read(text).toMap();
        } catch (RuntimeException e) {
            throw new InputException(where + ": TOML syntax error" + syntaxError(e, text), e);
        }
    }

    /** One error of TOML4J's message: what is wrong, then its line. */
    private static final Pattern TOML_ERROR = Pattern.compile("([A-Za-z][^\\n]*?) on line (\\d+)");

    /** TOML4J's integers are Longs: a longer one is its NumberFormatException, without a line (underscores gone). */
    private static final Pattern TOML_INTEGER = Pattern.compile("^For input string: \"([+-]?[0-9]+)\"$");

    /** The longest part of a line a message quotes. */
    private static final int QUOTED = 70;

    /**
     * TOML4J's error in one line: {@code " on line N: what: the line"}. TOML4J's own message quotes the rest of
     * the file after the line, and one unterminated array or string gives an error for every later line, the
     * cause last: the error of the earliest line is the one reported, the last of that line's.
     */
    static String syntaxError(RuntimeException e, String text) {
        String m = String.valueOf(e.getMessage());
        List<String> lines = text.lines().toList();
        Matcher integer = TOML_INTEGER.matcher(m);
        if (e instanceof NumberFormatException && integer.matches()) {
            String digits = integer.group(1);
            int line = 0;
            for (int i = 0; i < lines.size() && line == 0; i++) {
                line = lines.get(i).replace("_", "").contains(digits) ? i + 1 : 0;
            }
            return oneLine(line, "integer out of range (TOML integers are 64-bit: " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE + ")", lines, "");
        }
        Matcher error = TOML_ERROR.matcher(m);
        String what = null;
        int line = Integer.MAX_VALUE;
        while (error.find()) {
            int l = Integer.parseInt(error.group(2));
            if (l <= line) {
                line = l;
                what = error.group(1);
            }
        }
        if (what == null) {
            return ": " + m.lines().findFirst().orElse(m);
        }
        String hint = "";
        if (what.contains("heterogeneous")) {
            hint = " (TOML arrays hold values of one type: write every number of an array the same way, e.g. "
                    + "[0.5, 0.0] rather than [0.5, 0])";
        } else {
            // TOML4J's own words (Invalid value, Duplicate key, ...), not a key's name
            what = what.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + what.substring(1);
            if (what.startsWith("invalid text after key")) {
                what += " (end the value, or start a comment with #)";
            }
        }
        return oneLine(line, what, lines, hint);
    }

    /** {@code " on line N: what: the line (hint)"}; without the line when it is not known. */
    private static String oneLine(int line, String what, List<String> lines, String hint) {
        if (line < 1 || line > lines.size()) {
            return ": " + what + hint;
        }
        String quoted = lines.get(line - 1).strip();
        if (quoted.length() > QUOTED) {
            quoted = quoted.substring(0, QUOTED) + "...";
        }
        return " on line " + line + ": " + what + ": " + quoted + hint;
    }

    /**
     * The settings of a TOML table: the keys of {@code roles}' settings; with {@code schemeTable}, also
     * the {@code [scheme]} table (or a top-level {@code scheme}). Unknown keys, keys of other roles and
     * wrong types are one message each, starting with {@code where}.
     */
    public static GivenSettings settings(Map<String, Object> table, String where,
                                         java.util.function.Function<String, String> source, Set<Setting.Role> roles,
                                         boolean schemeTable) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, String> sources = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : table.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (schemeTable && key.equals(Settings.SCHEME_TABLE) && value instanceof Map<?, ?> scheme) {
                schemeTable(scheme, where, source, values, sources, options);
                continue;
            }
            Setting<?> s = Settings.byKey(key).filter(k -> roles.contains(k.role())).orElseThrow(() ->
                    unknown(where, key, roles, schemeTable));
            values.put(s, typed(s, value, where));
            sources.put(s, source.apply(key));
        }
        return new GivenSettings(values, sources, options);
    }

    private static void schemeTable(Map<?, ?> table, String where, java.util.function.Function<String, String> source,
                                    Map<Setting<?>, Object> values, Map<Setting<?>, String> sources,
                                    Map<String, String> options) {
        for (Map.Entry<?, ?> o : table.entrySet()) {
            String name = String.valueOf(o.getKey());
            Object v = o.getValue();
            if (name.equals(Settings.SCHEME_NAME)) {
                if (!(v instanceof String s)) {
                    throw new InputException(where + ": [scheme] name must be a string, got " + describe(v));
                }
                values.put(Settings.SCHEME, s);
                sources.put(Settings.SCHEME, source.apply("[scheme] name"));
            } else if (v instanceof Map<?, ?>) {
                throw new InputException(where + ": [scheme] " + name
                        + " is a table; scheme options are strings, numbers or arrays");
            } else {
                options.put(name, optionText(v));
            }
        }
    }

    private static InputException unknown(String where, String key, Set<Setting.Role> roles, boolean schemeTable) {
        Setting<?> other = Settings.byKey(key).orElse(null);
        if (other != null) {
            return new InputException(where + ": '" + key + "' cannot be given here: every run has its own ("
                    + "schemes come from [[scheme]], depths and seeds from 'depths' and 'seeds', run directories from "
                    + "the sweep)");
        }
        List<String> known = new ArrayList<>(Settings.ALL.stream().filter(s -> roles.contains(s.role()))
                .map(Setting::key).toList());
        if (schemeTable) {
            known.add(Settings.SCHEME_TABLE);
        }
        String hint = DidYouMean.closest(key, known).map(k -> "did you mean '" + k + "'? ").orElse("");
        return new InputException(where + ": unknown key '" + key + "' (" + hint + (schemeTable
                ? "scheme options go in the [scheme] table" : "known keys: " + String.join(", ", known)) + ")");
    }

    private static Object typed(Setting<?> s, Object value, String where) {
        try {
            return s.type().fromToml(value);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": '" + s.key() + "' must be " + s.type().kind() + " (" + s.allowed()
                    + "), got " + describe(value));
        }
    }

    /** A TOML value in words: "the string \"twenty\"", "the array [1, 2]", "the number 1.5". */
    public static String describe(Object v) {
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (v instanceof List<?>) {
            return "the array " + optionText(v);
        }
        if (v instanceof Map<?, ?>) {
            return "a table";
        }
        return (v instanceof Double ? "the number " : v instanceof Boolean ? "the boolean " : "") + optionText(v);
    }

    /** A TOML value as the text a scheme option receives: strings as they are, arrays in TOML syntax. */
    public static String optionText(Object v) {
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object x : list) {
                parts.add(x instanceof String s ? SettingType.quote(s) : optionText(x));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    /**
     * {@code settings} as a run's {@code config.toml}: a header saying how to repeat and continue
     * the run, every recorded setting in table order, the {@code [scheme]} table (options as strings,
     * so they read back exactly).
     */
    public static String write(RunSettings settings) {
        StringBuilder out = new StringBuilder();
        out.append("# schemenet run settings (resolved: defaults, then the --config file, then flags).\n");
        out.append("# Continue this run: runner --resume RUN_DIR; repeat it in a new run directory:\n");
        out.append("# runner --config RUN_DIR/config.toml\n");
        settings.values().forEach((s, v) -> {
            if (s != Settings.SCHEME && s.role().recorded()) {
                out.append(s.key()).append(" = ").append(s.toToml(v)).append('\n');
            }
        });
        out.append("\n[").append(Settings.SCHEME_TABLE).append("]\n");
        out.append(Settings.SCHEME_NAME).append(" = ").append(SettingType.quote(settings.scheme())).append('\n');
        settings.schemeOptions().forEach((k, v) -> out.append(tomlKey(k)).append(" = ").append(SettingType.quote(v))
                .append('\n'));
        return out.toString();
    }

    private static String tomlKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : SettingType.quote(key);
    }
}
