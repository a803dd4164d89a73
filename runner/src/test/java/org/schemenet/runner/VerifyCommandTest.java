package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    @Test
    void verifiesEulerAtFirstOrder() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "euler");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("forward Euler (nominal order 1)"), r.out());
        assertTrue(r.out().matches("(?s).*linear rotation-decay\\s+1\\.00\\d.*"), r.out());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
    }

    @Test
    void printsOneJsonObject() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "euler", "--json");
        assertEquals(0, r.exitCode(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{\"scheme\":\"euler\"") && json.endsWith("}"), json);
        assertTrue(json.contains("\"passes\":true"), json);
    }

    @Test
    void anUnknownSchemeIsAUsageErrorListingTheAvailableOnes() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "nope");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown scheme 'nope'; available: euler"), r.err());
        assertTrue(!r.err().contains("at org."), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void aBadOptionIsAUsageErrorNamingIt() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "euler", "--opt", "k=2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("scheme 'euler' has no option 'k'"), r.err());
    }

    @Test
    void thePluginsFolderComesFromTheOptionBeforeTheVariable() {
        RunnerHarness.Result r = RunnerHarness.run(Map.of(Environment.PLUGINS_VARIABLE, "/nonexistent"),
                "verify", "--scheme", "euler", "--plugins", RunnerHarness.builtPlugins().toString());
        assertEquals(0, r.exitCode(), r.err());
        r = RunnerHarness.run(Map.of(Environment.PLUGINS_VARIABLE, "/nonexistent"), "verify", "--scheme", "euler");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("/nonexistent"), r.err());
    }
}
