package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemesCommandTest {

    @TempDir
    Path temp;

    /** The built plugins folder's jars plus a broken one (it sorts first, so it is listed halfway through nothing). */
    private Path withBrokenJar(String call) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("plugins"));
        for (String jar : BuiltInPlugins.shipped().jars().keySet()) {
            Files.copy(RunnerHarness.builtPlugins().resolve(jar), folder.resolve(jar));
        }
        PluginJar.brokenScheme(folder, "aaa-broken.jar", "broken", "broken", call);
        return folder;
    }

    static List<String> everyCallButWire() {
        return PluginJar.CALLS.stream().filter(c -> !c.equals("wire()")).toList();
    }

    @ParameterizedTest(name = "NoClassDefFoundError in {0}")
    @MethodSource("everyCallButWire")
    void aJarThatBreaksInAnyCallIsOneWarningAndTheOtherSchemesAreListedWithExitZero(String call) throws IOException {
        Path folder = withBrokenJar(call);
        String jar = folder.resolve("aaa-broken.jar").toString();
        for (List<String> args : List.of(List.of("schemes"), List.of("schemes", "--json"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("--plugins", folder.toString()));
            RunnerHarness.Result r = RunnerHarness.run(Map.of(), all.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("warning: plugin " + jar + ": "), r.err());
            assertTrue(r.err().contains("java.lang.NoClassDefFoundError: test/broken/Missing"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
            assertFalse(r.out().contains("broken"), r.out());
            if (args.contains("--json")) {
                assertEquals(4, r.out().split("\\{\"name\":\"[a-z]+\",\"summary\"", -1).length - 1, r.out());
            } else {
                assertTrue(r.out().startsWith("4 schemes in "), r.out());
                assertTrue(r.out().contains("rk — "), r.out());
            }
        }
    }

    @Test
    void aJarThatBreaksOnlyWhenWiringIsListedItBreaksWhenUsed() throws IOException {
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "schemes", "--plugins", withBrokenJar("wire()").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("5 schemes in "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aConfigureThatThrowsIsNamedAsSuchNotAsNeedingOptions() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("plugins"));
        Path jar = PluginJar.build(folder, "configure-throws.jar", "configure-throws", Map.of("t.Throws", """
                package t;
                import java.util.List;
                import org.schemenet.scheme.*;
                public final class Throws implements Scheme {
                    public String name() { return "throwing"; }
                    public String summary() { return "configure throws"; }
                    public List<OptionSpec> options() { return List.of(); }
                    public Discretisation configure(Options o) { throw new IllegalStateException("not ready"); }
                }
                """), List.of("t.Throws"));
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "schemes", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("warning: plugin " + jar + ": scheme 'throwing': configure() failed: "
                + "java.lang.IllegalStateException: not ready; the scheme is not listed", r.err().strip());
        assertFalse(r.out().contains("needs options"), r.out());
    }

    @Test
    void listsEveryBuiltInSchemeWithOrderOptionsAndPlugin() {
        RunnerHarness.Result r = RunnerHarness.run("schemes");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        String out = r.out();
        assertTrue(out.startsWith("4 schemes in "), out);
        assertTrue(out.contains("adams — explicit Adams-Bashforth k-step"), out);
        assertTrue(out.matches("(?s).*adams — .*?nominal order: 2 \\(default options\\).*"), out);
        assertTrue(out.contains("plugin: adams 0.1.0-SNAPSHOT, schemenet-adams.jar"), out);
        assertTrue(out.matches("(?s).*    k\\s+default 2\\s+an integer in \\[1, 8\\];.*"), out);
        assertTrue(out.contains("plugin: multistep 0.1.0-SNAPSHOT, schemenet-multistep.jar"), out);
        assertTrue(out.matches("(?s).*    tableau\\s+default rk4\\s+one of euler, midpoint, heun2, ralston2, kutta3, "
                + "heun3, ssprk3, rk4, rk38, custom;.*"), out);
        assertTrue(out.matches("(?s).*rk — .*?nominal order: 4 \\(default options\\).*"), out);
        assertTrue(out.matches("(?s).*euler — .*?options: none.*"), out);
    }

    @Test
    void printsOneJsonArray() {
        RunnerHarness.Result r = RunnerHarness.run("schemes", "--json");
        assertEquals(0, r.exitCode(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("[{\"name\":\"adams\"") && json.endsWith("}]"), json);
        assertTrue(json.contains("{\"name\":\"k\",\"default\":\"2\",\"allowed\":\"an integer in [1, 8]\""), json);
        assertTrue(json.contains("\"pluginId\":\"runge-kutta\""), json);
        assertTrue(json.contains("\"nominalOrder\":1"), json);
    }
}
