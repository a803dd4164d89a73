package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.numerics.ConformanceKit;

class PluginLoaderTest {

    @Test
    void findsTheEulerSchemeInTheBuiltPluginsFolder() {
        SchemeRegistry registry = new PluginLoader().load(RunnerHarness.builtPlugins());
        SchemeRegistry.Entry euler = registry.find("euler").orElseThrow();
        assertEquals("euler", euler.pluginId());
        assertEquals("schemenet-euler.jar", euler.source().getFileName().toString());
        // the scheme came from the plugin's own class loader, not from the runner's class path
        assertTrue(euler.scheme().getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader);
        assertTrue(ConformanceKit.atInitialMeans().verify(euler.scheme().configure(Map.of())).passes());
    }

    @Test
    void theEulerPluginJarHoldsNoDl4jOrNd4jClasses() throws IOException {
        try (JarFile jar = new JarFile(RunnerHarness.builtPlugins().resolve("schemenet-euler.jar").toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("META-INF/extensions.idx"));
            assertTrue(names.stream().anyMatch(n -> n.startsWith("org/schemenet/schemes/euler/")));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/deeplearning4j") || n.startsWith("org/nd4j")
                    || n.startsWith("org/schemenet/scheme/") || n.startsWith("org/pf4j")), names::toString);
            assertEquals("euler", jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
        }
    }

    @Test
    void anEmptyFolderHasNoSchemesAndAMissingOneIsAUsageError(@TempDir Path dir) {
        assertTrue(new PluginLoader().load(dir).all().isEmpty());
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> new PluginLoader().load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        assertTrue(Files.isDirectory(dir));
    }
}
