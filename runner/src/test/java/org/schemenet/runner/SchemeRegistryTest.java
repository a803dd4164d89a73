package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

class SchemeRegistryTest {

    private record Named(String name) implements Scheme {
        @Override
        public String summary() {
            return name;
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Discretisation configure(Options options) {
            throw new UnsupportedOperationException();
        }
    }

    private static SchemeRegistry.Entry entry(String name, String plugin, String jar) {
        return new SchemeRegistry.Entry(new Named(name), plugin, "1", Path.of("/plugins", jar));
    }

    private final SchemeRegistry registry = new SchemeRegistry(List.of(entry("euler", "euler", "e.jar"),
            entry("adams", "adams", "a.jar"), entry("lm", "multistep", "m.jar"), entry("rk", "runge-kutta", "r.jar")),
            List.of());

    @Test
    void anUnknownNameListsTheAvailableOnesAndSuggestsTheClosest() {
        UsageException e = assertThrows(UsageException.class, () -> registry.require("adamz"));
        assertEquals("unknown scheme 'adamz'; available: adams, euler, lm, rk; did you mean 'adams'?", e.getMessage());
        assertEquals(Optional.of("euler"), registry.closest("Eular"));
        assertEquals(Optional.of("rk"), registry.closest("rk4"));
        assertEquals(Optional.empty(), registry.closest("transformer"), "nothing close: no suggestion");
        assertTrue(registry.unknown("transformer").endsWith("available: adams, euler, lm, rk"));
    }

    @Test
    void aDuplicateSchemeNameKeepsTheJarThatSortsFirstAndWarnsNamingBothPaths() {
        SchemeRegistry r = new SchemeRegistry(List.of(entry("twin", "zeta", "z.jar"), entry("twin", "alpha", "a.jar")),
                List.of("earlier warning"));
        assertEquals("alpha", r.require("twin").pluginId());
        assertEquals(2, r.warnings().size());
        assertEquals("/plugins/z.jar: scheme 'twin' (plugin zeta) was skipped: /plugins/a.jar (plugin alpha) already "
                + "registers that name", r.warnings().get(1));
    }

    @Test
    void aBuiltInSchemeKeepsItsNameWhicheverJarSortsFirst() {
        for (String impostorJar : List.of("aaa-impostor.jar", "zzz-impostor.jar")) {
            SchemeRegistry.Entry builtIn = new SchemeRegistry.Entry(new Named("adams"), "adams", "1",
                    Path.of("/plugins/schemenet-adams.jar"), true);
            SchemeRegistry r = new SchemeRegistry(List.of(entry("adams", "impostor", impostorJar), builtIn), List.of());
            assertEquals("adams", r.require("adams").pluginId(), impostorJar);
            assertEquals(List.of("/plugins/" + impostorJar + ": scheme 'adams' (plugin impostor) was skipped: the "
                    + "built-in /plugins/schemenet-adams.jar (plugin adams) already registers that name; built-in "
                    + "schemes cannot be replaced, give yours another name"), r.warnings());
        }
    }
}
