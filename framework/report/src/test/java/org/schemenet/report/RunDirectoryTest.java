package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories laid out as the runner writes them (formats copied from a real run). */
class RunDirectoryTest {

    static final String CONFIG = """
            # schemenet run configuration (resolved: defaults, then --config file, then flags).
            depth = 14
            shortcut = "A"
            epochs = 3
            batch-size = 20
            lr = 0.1
            milestones = [2, 3]
            weight-decay = 1.0E-4
            momentum = 0.9
            data = "sample"
            train-subset = 200
            test-subset = 0
            out = "x"
            seed = 5
            device = "cpu"
            threads = 2

            [scheme]
            name = "adams"
            k = "2"
            coefficients = "learnable"
            """;

    static final String METRICS = """
            epoch,lr,train_loss,train_acc,test_error_pct,train_img_s,seconds,test_seconds,stage1.unit1.beta0,stage2.unit1.beta0
            1,0.1,2.25,0.15,81.0,12.19,164.053,8.080,1.04,1.07
            2,0.01,1.92,0.25,72.2,9.30,215.029,4.021,1.10,
            """;

    static Path run(Path dir, String status, int epochsDone, String... checkpoints) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), CONFIG);
        Files.writeString(dir.resolve("metrics.csv"), METRICS);
        if (status != null) {
            Files.writeString(dir.resolve("summary.json"), "{\"configuration\":{\"scheme\":\"adams\"},"
                    + "\"data\":{\"name\":\"cifar-10-sample\",\"sha256\":\"3a4f\",\"note\":\"a \\\"quoted\\\" note\"},"
                    + "\"results\":{\"status\":\"" + status + "\",\"epochs\":3,\"epochsDone\":" + epochsDone
                    + ",\"finalTestErrorPct\":72.2,\"bestTestErrorPct\":null,\"lastCheckpoint\":null},"
                    + "\"lastEpoch\":{\"coefficients\":{}}}\n");
        }
        if (checkpoints.length > 0) {
            Files.createDirectories(dir.resolve("checkpoints"));
            for (String c : checkpoints) {
                Files.writeString(dir.resolve("checkpoints").resolve(c), "zip");
            }
        }
        return dir;
    }

    @Test
    void readsConfigurationMetricsAndStatus(@TempDir Path dir) throws IOException {
        RunResult r = RunDirectory.read(run(dir.resolve("r"), "interrupted", 2, "epoch-0002.zip"));
        assertEquals("adams", r.scheme());
        assertEquals(Map.of("k", "2", "coefficients", "learnable"), r.options());
        assertEquals(14, r.depth());
        assertEquals(5, r.seed());
        assertEquals(3, r.plannedEpochs());
        assertEquals("cifar-10-sample (200/all)", r.dataSet());
        assertEquals("interrupted", r.status());
        assertEquals(2, r.epochs().size());
        assertFalse(r.finished());
        assertEquals(0.722, r.finalTestError(), 1e-12);    // 72.2 % as a fraction
        assertEquals(1.92, r.epochs().get(1).trainLoss(), 1e-12);
        assertEquals(0.01, r.epochs().get(1).learningRate(), 1e-15);
        assertEquals(0.75, r.epochs().get(1).trainError(), 1e-12);   // 1 − train_acc 0.25
        assertEquals(Map.of("stage1.unit1.beta0", 1.04, "stage2.unit1.beta0", 1.07), r.epochs().get(0).coefficients());
        assertEquals(Map.of("stage1.unit1.beta0", 1.10), r.finalCoefficients(), "an empty cell is no value");
        RunResult noSummary = RunDirectory.read(run(dir.resolve("n"), null, 0));
        assertEquals("unknown", noSummary.status());
        assertEquals("cifar-10-sample (200/all)", noSummary.dataSet(), "named as its summary would: same cell");
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws IOException {
        org.schemenet.run.InputException none = assertThrows(org.schemenet.run.InputException.class, () -> RunDirectory.read(dir));
        assertTrue(none.getMessage().contains("no config.toml"), none.getMessage());
        Path r = run(dir.resolve("r"), "running", 1);
        Files.writeString(r.resolve("metrics.csv"), "epoch,lr,train_loss,train_acc,test_error_pct\n1,0.1,x,0.1,50\n");
        org.schemenet.run.InputException bad = assertThrows(org.schemenet.run.InputException.class, () -> RunDirectory.read(r));
        assertTrue(bad.getMessage().contains("metrics.csv line 2: 'x' is not a number"), bad.getMessage());
        Files.writeString(r.resolve("metrics.csv"), "epoch,train_loss,test_error_pct\n1,2.0,50\n");
        assertTrue(Double.isNaN(RunDirectory.read(r).epochs().get(0).learningRate()), "lr and train_acc are optional");
        Files.writeString(r.resolve("metrics.csv"), METRICS);
        Files.writeString(r.resolve("summary.json"), "{\"results\": {\"status\": ");
        org.schemenet.run.InputException json = assertThrows(org.schemenet.run.InputException.class,
                () -> RunDirectory.read(r));
        assertTrue(json.getMessage().contains("summary.json: not valid JSON"), json.getMessage());
    }
}
