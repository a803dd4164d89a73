package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity of a run, and the checks of a resume against it, also for runs from before run.json. */
class RunIdentityTest {
    static final RunIdentity.Data DATA = new RunIdentity.Data("386dc089293895d48becf6b25fa1", "cifar-10", 50000, 10000);
    static final RunIdentity.Network NET = new RunIdentity.Network("f1", 269722, "c1", "k1");

    static RunSettings settings(Path dir, Map<Setting<?>, Object> values) {
        return new SettingsResolver(SettingsTomlTest.surroundings(dir)).resolve(GivenSettings.flags(values, Map.of()));
    }

    @Test
    void aResumeOfTheSameRunHasNoDifferencesAndAnyChangeIsNamed(@TempDir Path dir) {
        RunSettings run = settings(dir, Map.of(Settings.SCHEME, "euler", Settings.EPOCHS, 10L, Settings.OUT, "r"));
        RunIdentity identity = RunIdentity.of(run, DATA, NET, "now");
        assertEquals(List.of(), identity.differences(run.with(Settings.THREADS, 7L), DATA, NET, "--data x"),
                "threads may change");
        List<String> d = identity.differences(run.with(Settings.LR, 0.2), new RunIdentity.Data("99aa", "cifar-10",
                50000, 10000), new RunIdentity.Network("f2", 269722, "c1", "k1"), "--data /elsewhere");
        assertEquals(3, d.size(), d.toString());
        assertEquals("lr: the run has 0.1, config.toml has 0.2", d.get(0));
        assertTrue(d.get(1).startsWith("data: the run trained on cifar-10 (SHA-256 386dc0892938…, 50000/10000 images)"
                + ", --data /elsewhere holds cifar-10 (SHA-256 99aa…"), d.get(1));
        assertTrue(d.get(2).startsWith("network: the run's has 269722 trainable parameters (fingerprint f1…)"), d.get(2));
    }

    @Test
    void aRunFromBeforeRunJsonIsCheckedAgainstItsSummaryAndAdopted(@TempDir Path dir) {
        RunSettings run = settings(dir, Map.of(Settings.SCHEME, "euler", Settings.EPOCHS, 10L, Settings.SEED, 2L,
                Settings.MILESTONES, List.of(5L, 8L), Settings.OUT, "r"));
        // summary.json as the runner wrote it before run.json (camelCase configuration keys)
        Map<String, Object> configuration = new java.util.LinkedHashMap<>();
        configuration.put("scheme", "euler");
        configuration.put("schemeOptions", Map.of());
        configuration.put("depth", 20L);
        configuration.put("epochs", 10L);
        configuration.put("batchSize", 128L);
        configuration.put("lr", 0.1);
        configuration.put("milestones", List.of(5L, 8L));
        configuration.put("weightDecay", 1.0E-4);
        configuration.put("seed", 2L);
        configuration.put("workers", 1L);
        configuration.put("parallelMode", "averaging");
        Summary legacy = new Summary(Map.of("configuration", configuration, "data", Map.of("sha256", DATA.sha256()),
                "network", Map.of("trainableParameters", 269722L)));
        assertEquals(List.of(), RunIdentity.legacyDifferences(legacy, run, DATA, NET, "--data x"));
        List<String> edited = RunIdentity.legacyDifferences(legacy, run.with(Settings.BATCH_SIZE, 64L)
                .with(Settings.SEED, 3L), DATA, NET, "--data x");
        assertEquals(List.of("batch-size: the run has 128, config.toml has 64", "seed: the run has 2, config.toml has 3"),
                edited);
        RunIdentity adopted = RunIdentity.adopt(run, DATA, NET, Optional.of(legacy));
        assertTrue(adopted.adopted());
        assertEquals(List.of(), adopted.differences(run, DATA, NET, "--data x"));
    }

    /**
     * The wiring (connections, fixed coefficients) is checked when the record has it, and named: another wiring
     * with the same fingerprint is refused. A record written before it was recorded (run.json's network with the
     * fingerprint and the parameter count only) reads back without it, is checked on the fingerprint alone, and
     * takes the wiring of the build that continues it.
     */
    @Test
    void theWiringIsCheckedWhenRecordedAndAnOlderRecordIsCheckedWithoutIt(@TempDir Path dir) {
        RunSettings run = settings(dir, Map.of(Settings.SCHEME, "euler", Settings.EPOCHS, 10L, Settings.OUT, "r"));
        RunIdentity identity = RunIdentity.of(run, DATA, NET, "now");
        assertEquals(List.of("network: the fixed coefficients of the run's wiring differ from this build's (the same "
                + "parameters and connections; fixed coefficients k1…, this build's k2…: is the scheme's plugin another "
                + "build of its version?)"), identity.differences(run, DATA,
                new RunIdentity.Network("f1", 269722, "c1", "k2"), "--data x"));
        assertEquals(List.of("network: the run's wiring connects its values otherwise than this build's (the same "
                + "parameter names and shapes; connections c1…, this build's c2…)"), identity.differences(run, DATA,
                new RunIdentity.Network("f1", 269722, "c2", "k2"), "--data x"));
        assertEquals(1, identity.differences(run, DATA, new RunIdentity.Network("f2", 269722, "c2", "k2"), "--data x")
                .size(), "another fingerprint is one difference");

        String written = Json.write(identity);
        assertTrue(written.contains("\"connections\": \"c1\",\n    \"fixedCoefficients\": \"k1\""), written);
        String older = written.replace(",\n    \"connections\": \"c1\",\n    \"fixedCoefficients\": \"k1\"", "");
        assertTrue(older.contains("\"trainableParameters\": 269722\n  }"), older);
        RunIdentity old = Json.read(older, RunIdentity.class);
        assertTrue(!old.network().hasWiring());
        RunIdentity.Network rebuilt = new RunIdentity.Network("f1", 269722, "c2", "k2");
        assertEquals(List.of(), old.differences(run, DATA, rebuilt, "--data x"));
        assertEquals(1, old.differences(run, DATA, new RunIdentity.Network("f2", 269722, "c1", "k1"), "--data x").size());
        RunIdentity wired = old.withWiring(rebuilt);
        assertEquals(rebuilt, wired.network());
        assertEquals(old.runId(), wired.runId());
        assertEquals(wired, wired.withWiring(NET), "a recorded wiring stays");
        assertEquals(1, wired.differences(run, DATA, NET, "--data x").size());
    }
}
