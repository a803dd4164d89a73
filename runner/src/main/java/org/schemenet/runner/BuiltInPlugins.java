package org.schemenet.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheme plugins shipped in the install ({@code built-in-plugins.properties}: jar file name to
 * plugin id). A jar is built in when its file name and its {@code Plugin-Id} both match: the
 * folder cannot hold a second file of that name, so no dropped-in jar can pass for one.
 *
 * @param jars plugin id by jar file name, in load order
 */
public record BuiltInPlugins(Map<String, String> jars) {

    public static final String RESOURCE = "built-in-plugins.properties";

    public BuiltInPlugins {
        jars = Collections.unmodifiableMap(new LinkedHashMap<>(jars));
    }

    /** The list shipped with this runner. */
    public static BuiltInPlugins shipped() {
        Map<String, String> jars = new LinkedHashMap<>();
        try (InputStream in = BuiltInPlugins.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the runner jar");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] kv = l.split("=", 2);
                jars.put(kv[0].trim(), kv[1].trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuiltInPlugins(jars);
    }

    /** None: every jar is dropped in. */
    public static BuiltInPlugins none() {
        return new BuiltInPlugins(Map.of());
    }

    /** Whether the jar {@code file} with plugin id {@code pluginId} is built in. */
    public boolean isBuiltIn(Path file, String pluginId) {
        return pluginId != null && pluginId.equals(jars.get(file.getFileName().toString()));
    }

    /** Position in the load order: built-in jars first, in the listed order. */
    int rank(Path file) {
        int i = 0;
        for (String name : jars.keySet()) {
            if (name.equals(file.getFileName().toString())) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }
}
