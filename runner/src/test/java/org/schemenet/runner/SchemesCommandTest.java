package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchemesCommandTest {

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
