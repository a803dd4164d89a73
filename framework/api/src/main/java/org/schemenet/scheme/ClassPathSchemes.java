package org.schemenet.scheme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Schemes found on a class path, without PF4J's plugin manager: for library users who add scheme
 * jars (e.g. {@code schemenet-adams}) as ordinary dependencies. Reads the extension index
 * {@code META-INF/extensions.idx} that PF4J's annotation processor writes into every plugin jar.
 */
public final class ClassPathSchemes {

    /** The index file PF4J writes for {@code @Extension} classes. */
    public static final String INDEX = "META-INF/extensions.idx";

    private final Map<String, Scheme> byName;

    private ClassPathSchemes(Map<String, Scheme> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Every scheme indexed on the class path of {@code loader}. */
    public static ClassPathSchemes load(ClassLoader loader) {
        Map<String, Scheme> found = new TreeMap<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        line = line.trim();
                        if (line.isEmpty() || line.startsWith("#")) {
                            continue;
                        }
                        Class<?> type = Class.forName(line, true, loader);
                        if (Scheme.class.isAssignableFrom(type)) {
                            Scheme scheme = (Scheme) type.getDeclaredConstructor().newInstance();
                            found.putIfAbsent(scheme.name(), scheme);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX + " from the class path", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a scheme listed in " + INDEX + ": " + e, e);
        }
        return new ClassPathSchemes(found);
    }

    /** Every scheme indexed on the class path of this class's loader. */
    public static ClassPathSchemes load() {
        return load(ClassPathSchemes.class.getClassLoader());
    }

    /** All schemes by name. */
    public Map<String, Scheme> all() {
        return byName;
    }

    /**
     * The scheme called {@code name}.
     *
     * @throws IllegalArgumentException listing the names that exist, and the nearest one when it is a likely
     *         misspelling ({@link DidYouMean})
     */
    public Scheme find(String name) {
        Scheme s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no scheme '" + name + "' on the class path; found: "
                    + (byName.isEmpty() ? "none (add a scheme jar such as schemenet-euler)"
                    : String.join(", ", byName.keySet())) + DidYouMean.suffix(name, byName.keySet(), ""));
        }
        return s;
    }
}
