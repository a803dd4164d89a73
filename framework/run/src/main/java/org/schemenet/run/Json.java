package org.schemenet.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of the run directory, through Gson: objects as ordered maps, records as objects; numbers
 * read back as {@link Long} when whole, {@link Double} otherwise; a non-finite number is written
 * as {@code null} (JSON has no NaN).
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }

    /** {@code value} (maps, lists, strings, numbers, booleans, records) as indented JSON. */
    public static String write(Object value) {
        return GSON.toJson(finite(value));
    }

    /** {@code value} as JSON on one line (machine-readable output: one object per line). */
    public static String writeLine(Object value) {
        return COMPACT.toJson(finite(value));
    }

    /** A JSON object as an ordered map; {@link IllegalArgumentException} with Gson's reason when it is not one. */
    public static Map<String, Object> readObject(String text) {
        try {
            Map<String, Object> m = GSON.fromJson(text, new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
            if (m == null) {
                throw new IllegalArgumentException("empty, not a JSON object");
            }
            return m;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + reason(e), e);
        }
    }

    /** A JSON object as a record of {@code type}. */
    public static <T> T read(String text, Class<T> type) {
        try {
            T t = GSON.fromJson(text, type);
            if (t == null) {
                throw new IllegalArgumentException("empty, not a JSON object");
            }
            return t;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + reason(e), e);
        }
    }

    /** Gson's reason in one line, without its exception class name and its link to a troubleshooting page. */
    private static String reason(JsonParseException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String m = String.valueOf(cause.getMessage());
        int newline = m.indexOf('\n');
        return (newline >= 0 ? m.substring(0, newline) : m).replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip();
    }

    private static Object finite(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), finite(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(finite(v)));
            return out;
        }
        return value;
    }
}
