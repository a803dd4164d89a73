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
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, SchemeRegistry.editDistance("adams", "adams"));
        assertEquals(1, SchemeRegistry.editDistance("adamz", "adams"));
        assertEquals(1, SchemeRegistry.editDistance("adam", "adams"));
        assertEquals(3, SchemeRegistry.editDistance("kitten", "sitting"));
        assertEquals(5, SchemeRegistry.editDistance("", "euler"));
    }

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
    void aDuplicateSchemeNameKeepsTheJarThatSortsFirstAndWarnsNamingBoth() {
        SchemeRegistry r = new SchemeRegistry(List.of(entry("twin", "zeta", "z.jar"), entry("twin", "alpha", "a.jar")),
                List.of("earlier warning"));
        assertEquals("alpha", r.require("twin").pluginId());
        assertEquals(2, r.warnings().size());
        assertEquals("/plugins/z.jar: scheme 'twin' (plugin zeta) was skipped: a.jar (plugin alpha) already registers "
                + "that name", r.warnings().get(1));
    }
}
