package org.schemenet.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds scheme plugin jars on the fly, as PF4J's own tests do (PluginJar): compiles Java source
 * with the system compiler against the test class path, writes the classes, a PF4J manifest and
 * {@code META-INF/extensions.idx}.
 */
final class PluginJar {

    private PluginJar() {
    }

    /**
     * The source of a scheme class {@code pkg.className} named {@code schemeName}: forward Euler
     * wiring, no options; {@code constructorBody} runs in its constructor (e.g. a {@code throw}).
     */
    static String schemeSource(String pkg, String className, String schemeName, String constructorBody) {
        return """
                package %s;

                import java.util.List;
                import org.schemenet.scheme.*;
                import org.schemenet.wiring.*;

                public final class %s implements Scheme {
                    public %s() {
                        %s
                    }
                    public String name() { return "%s"; }
                    public String summary() { return "built on the fly by a test"; }
                    public List<OptionSpec> options() { return List.of(); }
                    public Discretisation configure(Options options) {
                        return new Discretisation() {
                            public String description() { return "on-the-fly Euler"; }
                            public int order() { return 1; }
                            public int evaluationsPerStep() { return 1; }
                            public int historyDepth() { return 0; }
                            public StageWiring wire(StageStart start) {
                                StageWiring.Builder b = StageWiring.builder(start);
                                Value y = b.state();
                                while (b.unitsLeft() > 0) {
                                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
                                }
                                return b.build();
                            }
                        };
                    }
                }
                """.formatted(pkg, className, className, constructorBody, schemeName);
    }

    /** A plugin jar with id {@code pluginId} holding one scheme class named {@code schemeName}. */
    static Path scheme(Path folder, String jarName, String pluginId, String schemeName, String constructorBody) {
        String pkg = "test." + pluginId.replace('-', '_');
        String className = "OnTheFlyScheme";
        return build(folder, jarName, pluginId,
                Map.of(pkg + "." + className, schemeSource(pkg, className, schemeName, constructorBody)),
                List.of(pkg + "." + className));
    }

    /**
     * Compiles {@code sources} (class name to source) and writes {@code folder/jarName}; {@code pluginId}
     * null leaves the PF4J entries out of the manifest.
     */
    static Path build(Path folder, String jarName, String pluginId, Map<String, String> sources, List<String> extensions) {
        try {
            Path classes = Files.createTempDirectory(folder.getParent(), "classes");
            compile(sources, classes);
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (pluginId != null) {
                main.putValue("Plugin-Id", pluginId);
                main.putValue("Plugin-Version", "1.2.3");
                main.putValue("Plugin-Provider", "tests");
            }
            Path jar = folder.resolve(jarName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                out.write((String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file called {@code jarName} that is not a zip at all. */
    static Path garbage(Path folder, String jarName) {
        try {
            Path jar = folder.resolve(jarName);
            try (OutputStream out = Files.newOutputStream(jar)) {
                out.write("this is not a jar\n".getBytes(StandardCharsets.UTF_8));
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(Map<String, String> sources, Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("these tests need a JDK (javax.tools.JavaCompiler)");
        }
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                "-proc:none", "--release", "17");
        java.io.StringWriter messages = new java.io.StringWriter();
        boolean ok = compiler.getTask(messages, null, null, options, null, units).call();
        if (!ok) {
            throw new IllegalStateException("could not compile the test plugin:\n" + messages);
        }
    }
}
