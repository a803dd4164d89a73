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
        return schemeSource(pkg, className, schemeName, constructorBody, "List.of()");
    }

    /**
     * The same with the options {@code options} (a Java expression of type {@code List<OptionSpec>}, e.g.
     * {@code List.of(new OptionSpec("alpha", new OptionType.RealRange(0.5, 1), "1", "alpha"))}); the wiring
     * stays Euler's whatever the options' values, and the description names them ({@code on-the-fly Euler,
     * alpha=0.75}).
     */
    static String schemeSource(String pkg, String className, String schemeName, String constructorBody,
            String options) {
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
                    public List<OptionSpec> options() { return %s; }
                    public Discretisation configure(Options options) {
                        return new Discretisation() {
                            public String description() {
                                return "on-the-fly Euler" + (options.asText().isEmpty() ? "" : ", " + options);
                            }
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
                """.formatted(pkg, className, className, constructorBody, schemeName, options);
    }

    /** The plugin calls that {@link #brokenScheme} can break. */
    static final List<String> CALLS = List.of("static initialiser", "constructor", "name()", "summary()", "options()",
            "configure()", "description()", "order()", "evaluationsPerStep()", "historyDepth()", "wire()");

    /**
     * A plugin jar whose scheme {@code schemeName} fails in {@code call} (one of {@link #CALLS}) with a
     * {@link NoClassDefFoundError}: that call touches a class the scheme was compiled against but that
     * is not in the jar (as a scheme that uses a DL4J class would, at run time, in the plugin's class loader).
     */
    static Path brokenScheme(Path folder, String jarName, String pluginId, String schemeName, String call) {
        if (!CALLS.contains(call)) {
            throw new IllegalArgumentException("no plugin call " + call + "; one of " + CALLS);
        }
        String pkg = "test." + pluginId.replace('-', '_');
        String missing = pkg + ".Missing";
        String touch = missing + ".touch();";
        String source = """
                package %1$s;

                import java.util.List;
                import org.schemenet.scheme.*;
                import org.schemenet.wiring.*;

                public final class Broken implements Scheme {
                    static { %2$s }
                    public Broken() { %3$s }
                    public String name() { %4$s return "%12$s"; }
                    public String summary() { %5$s return "breaks in one call"; }
                    public List<OptionSpec> options() { %6$s return List.of(); }
                    public Discretisation configure(Options options) {
                        %7$s
                        return new Discretisation() {
                            public String description() { %8$s return "broken Euler"; }
                            public int order() { %9$s return 1; }
                            public int evaluationsPerStep() { %10$s return 1; }
                            public int historyDepth() { %11$s return 0; }
                            public StageWiring wire(StageStart start) {
                                %13$s
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
                """.formatted(pkg, hook(call, "static initialiser", touch), hook(call, "constructor", touch),
                hook(call, "name()", touch), hook(call, "summary()", touch), hook(call, "options()", touch),
                hook(call, "configure()", touch), hook(call, "description()", touch), hook(call, "order()", touch),
                hook(call, "evaluationsPerStep()", touch), hook(call, "historyDepth()", touch), schemeName,
                hook(call, "wire()", touch));
        String missingSource = "package " + pkg + "; public final class Missing { public static void touch() {} }";
        return build(folder, jarName, pluginId, Map.of(pkg + ".Broken", source, missing, missingSource),
                List.of(pkg + ".Broken"), List.of(missing));
    }

    private static String hook(String broken, String call, String touch) {
        return broken.equals(call) ? touch : "";
    }

    /**
     * A PF4J plugin zip: {@code plugin.properties} (id {@code pluginId}, version 2.0.0) and
     * {@code lib/<pluginId>.jar} holding a scheme named {@code schemeName}.
     */
    static Path zip(Path folder, String zipName, String pluginId, String schemeName) {
        try {
            Path staging = Files.createTempDirectory(folder.getParent(), "zip");
            Path jar = scheme(staging, pluginId + ".jar", pluginId, schemeName, "");
            Path zip = folder.resolve(zipName);
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
                out.write(("plugin.id=" + pluginId + "\nplugin.version=2.0.0\nplugin.provider=tests\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                out.putNextEntry(new java.util.zip.ZipEntry("lib/" + pluginId + ".jar"));
                Files.copy(jar, out);
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A plugin jar with one scheme {@code schemeName} (no options) that claims {@code order}, uses
     * {@code evaluationsPerStep} units per step and a history of {@code historyDepth}, and wires with
     * {@code wireBody}: Java statements with {@code b} the builder of {@code start}, returning {@code b.build()}.
     */
    static Path wiring(Path folder, String jarName, String pluginId, String schemeName, int order,
                       int evaluationsPerStep, int historyDepth, String wireBody) {
        return wiring(folder, jarName, pluginId, schemeName, order, evaluationsPerStep, historyDepth, "List.of()",
                wireBody);
    }

    /**
     * {@link #wiring(Path, String, String, String, int, int, int, String)} whose scheme has the options
     * {@code options} (a Java expression of type {@code List<OptionSpec>}); {@code wireBody} may read them as
     * {@code options}.
     */
    static Path wiring(Path folder, String jarName, String pluginId, String schemeName, int order,
                       int evaluationsPerStep, int historyDepth, String options, String wireBody) {
        String pkg = "test." + pluginId.replace('-', '_');
        String source = """
                package %s;

                import java.util.List;
                import org.schemenet.scheme.*;
                import org.schemenet.wiring.*;

                public final class Wired implements Scheme {
                    public String name() { return "%s"; }
                    public String summary() { return "a test scheme"; }
                    public List<OptionSpec> options() { return %s; }
                    public Discretisation configure(Options options) {
                        return new Discretisation() {
                            public String description() { return "%s"; }
                            public int order() { return %d; }
                            public int evaluationsPerStep() { return %d; }
                            public int historyDepth() { return %d; }
                            public StageWiring wire(StageStart start) {
                                StageWiring.Builder b = StageWiring.builder(start);
                                %s
                            }
                        };
                    }
                }
                """.formatted(pkg, schemeName, options, schemeName, order, evaluationsPerStep, historyDepth, wireBody);
        return build(folder, jarName, pluginId, Map.of(pkg + ".Wired", source), List.of(pkg + ".Wired"));
    }

    /** Forward Euler that claims order 3: it loads, configures and wires, and measures order 1. */
    static Path liar(Path folder, String jarName) {
        return wiring(folder, jarName, "liar", "liar", 3, 1, 0, """
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0, b.evaluate(y))));
                }
                return b.build();
                """);
    }

    /**
     * A predictor–corrector in PECE mode: AB2 predictor {@code p = y_n + 3/2 f_n - 1/2 f_{n-1}},
     * trapezoidal corrector {@code y_{n+1} = y_n + 1/2 f_n + 1/2 f(p)}, two evaluations per step
     * (Euler predictor while no previous evaluation exists).
     */
    static Path pece(Path folder, String jarName) {
        return wiring(folder, jarName, "pece", "pece", 2, 2, 1, """
                Value y = b.state();
                Value previous = b.pastEvaluations().isEmpty() ? null : b.pastEvaluations().get(0);
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    Value p = previous == null ? b.combine(Term.of(1.0, y), Term.of(1.0, f))
                            : b.combine(Term.of(1.0, y), Term.of(1.5, f), Term.of(-0.5, previous));
                    Value fp = b.evaluate(p);
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(0.5, f), Term.of(0.5, fp)));
                    previous = f;
                }
                return b.build();
                """);
    }

    /** A plugin jar with id {@code pluginId} holding one scheme class named {@code schemeName}. */
    static Path scheme(Path folder, String jarName, String pluginId, String schemeName, String constructorBody) {
        return schemeWithOptions(folder, jarName, pluginId, schemeName, constructorBody, "List.of()");
    }

    /** {@link #scheme} whose scheme has the options {@code options} (see {@link #schemeSource(String, String, String, String, String)}). */
    static Path schemeWithOptions(Path folder, String jarName, String pluginId, String schemeName,
            String constructorBody, String options) {
        String pkg = "test." + pluginId.replace('-', '_');
        String className = "OnTheFlyScheme";
        return build(folder, jarName, pluginId,
                Map.of(pkg + "." + className, schemeSource(pkg, className, schemeName, constructorBody, options)),
                List.of(pkg + "." + className));
    }

    /**
     * Compiles {@code sources} (class name to source) and writes {@code folder/jarName}; {@code pluginId}
     * null leaves the PF4J entries out of the manifest.
     */
    static Path build(Path folder, String jarName, String pluginId, Map<String, String> sources, List<String> extensions) {
        return build(folder, jarName, pluginId, sources, extensions, List.of());
    }

    /** {@link #build(Path, String, String, Map, List)} leaving the classes {@code omitted} out of the jar. */
    static Path build(Path folder, String jarName, String pluginId, Map<String, String> sources, List<String> extensions,
                      List<String> omitted) {
        return build(folder, jarName, pluginId, sources, extensions, omitted, Map.of());
    }

    /** {@link #build(Path, String, String, Map, List, List)} with more manifest entries (e.g. {@code Plugin-Class}). */
    static Path build(Path folder, String jarName, String pluginId, Map<String, String> sources, List<String> extensions,
                      List<String> omitted, Map<String, String> manifestEntries) {
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
            manifestEntries.forEach(main::putValue);
            Path jar = folder.resolve(jarName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String entry = classes.relativize(f).toString().replace('\\', '/');
                    if (omitted.contains(entry.replace(".class", "").replace('/', '.'))) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry));
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

    /** Compiles {@code sources} (class name to source) against the test class path into {@code classes}. */
    static void compile(Map<String, String> sources, Path classes) {
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
