package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.numerics.ConformanceKit;

class PluginLoaderTest {

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    /** Runs {@code load} and fails if anything (e.g. PF4J's own logging) wrote to standard error. */
    private static SchemeRegistry quietly(Supplier<SchemeRegistry> load) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return load.get();
        } finally {
            System.setErr(before);
            String written = captured.toString(StandardCharsets.UTF_8);
            assertEquals("", written, "loading plugins wrote to stderr");
        }
    }

    private static String onlyWarning(SchemeRegistry r) {
        assertEquals(1, r.warnings().size(), r.warnings()::toString);
        return r.warnings().get(0);
    }

    @Test
    void findsEveryBuiltInSchemeInTheBuiltPluginsFolder() {
        SchemeRegistry registry = new PluginLoader().load(RunnerHarness.builtPlugins());
        assertTrue(registry.names().containsAll(List.of("adams", "euler", "lm", "rk")), registry.names()::toString);
        assertEquals(List.of(), registry.warnings());
        SchemeRegistry.Entry euler = registry.find("euler").orElseThrow();
        assertEquals("euler", euler.pluginId());
        assertEquals("schemenet-euler.jar", euler.source().getFileName().toString());
        assertEquals("multistep", registry.find("lm").orElseThrow().pluginId());
        assertEquals("runge-kutta", registry.find("rk").orElseThrow().pluginId());
        // the scheme came from the plugin's own class loader, not from the runner's class path
        assertTrue(euler.scheme().getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader);
        assertTrue(ConformanceKit.atInitialMeans().verify(euler.scheme().configure(Map.of())).passes());
    }

    @Test
    void theSchemePluginJarsHoldNoDl4jNd4jOrApiClasses() throws IOException {
        for (String name : List.of("euler", "multistep", "adams", "runge-kutta")) {
            try (JarFile jar = new JarFile(RunnerHarness.builtPlugins().resolve("schemenet-" + name + ".jar").toFile())) {
                List<String> names = jar.stream().map(e -> e.getName()).toList();
                assertTrue(names.contains("META-INF/extensions.idx"), name);
                assertFalse(names.stream().anyMatch(n -> n.startsWith("org/deeplearning4j") || n.startsWith("org/nd4j")
                        || n.startsWith("org/schemenet/scheme/") || n.startsWith("org/pf4j")), names::toString);
                assertEquals(name, jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
            }
        }
    }

    @Test
    void anEmptyFolderHasNoSchemesAndAMissingOneIsAUsageError(@TempDir Path dir) {
        assertTrue(new PluginLoader().load(dir).all().isEmpty());
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> new PluginLoader().load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void findsTheSchemeOfAPluginJarBuiltOnTheFly() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "demo-plugin.jar", "demo-plugin", "demo", "");
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        assertEquals(List.of(), registry.warnings());
        SchemeRegistry.Entry demo = registry.find("demo").orElseThrow();
        assertEquals("demo-plugin", demo.pluginId());
        assertEquals("1.2.3", demo.pluginVersion());
        assertEquals("demo-plugin.jar", demo.source().getFileName().toString());
        assertTrue(demo.scheme().getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader);
        assertTrue(ConformanceKit.atInitialMeans().verify(demo.scheme().configure(Map.of())).passes());
    }

    @Test
    void aJarWithoutAPluginIdIsOneWarningNamingItAndTheOthersStayUsable() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.build(folder, "plain-library.jar", null,
                Map.of("lib.Thing", "package lib; public class Thing {}"), List.of());
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("plain-library.jar") && warning.contains("is not a valid plugin"), warning);
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void aFileThatIsNotAJarIsOneWarningNamingIt() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "truncated.jar");
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("truncated.jar") && warning.contains("is not a valid plugin"), warning);
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void aSchemeWhoseConstructorThrowsIsOneWarningNamingTheJar() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.scheme(folder, "faulty.jar", "faulty", "faulty",
                "if (true) throw new IllegalStateException(\"cannot start: no licence\");");
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("faulty.jar") && warning.contains("could not be created")
                && warning.contains("cannot start: no licence"), warning);
        assertTrue(registry.find("faulty").isEmpty());
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void twoPluginsRegisteringTheSameSchemeNameAreOneWarningNamingBothJars() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "a-first.jar", "first", "twin", "");
        PluginJar.scheme(folder, "b-second.jar", "second", "twin", "");
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("b-second.jar") && warning.contains("a-first.jar")
                && warning.contains("already registers that name"), warning);
        assertEquals("first", registry.find("twin").orElseThrow().pluginId());
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void twoJarsWithTheSamePluginIdAreOneWarning() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "copy-1.jar", "same-id", "demo", "");
        PluginJar.scheme(folder, "copy-2.jar", "same-id", "demo", "");
        SchemeRegistry registry = quietly(() -> new PluginLoader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("plugin id 'same-id' is already loaded from copy-"), warning);
        assertTrue(warning.contains("copy-1.jar") && warning.contains("copy-2.jar"), warning);
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void theRunnerPrintsEachWarningOnceAndStillListsAndVerifiesTheGoodSchemes() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "truncated.jar");
        PluginJar.scheme(folder, "faulty.jar", "faulty", "faulty", "if (true) throw new IllegalStateException(\"x\");");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "schemes", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("demo — built on the fly by a test"), r.out());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("warning: ")).count(), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "demo", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
    }
}
