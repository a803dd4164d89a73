package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training command's scheme options when the scheme comes from a file: a {@code --config} file's or a resumed
 * run's {@code [scheme]} names the scheme that {@code --scheme-options} lists and that the {@code --NAME VALUE}
 * options of the command line are checked against.
 */
class RunnerSchemeOptionsTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    /**
     * A run records its scheme options in the text the scheme reads them as, however they were typed: {@code --k 03}
     * is {@code k = "3"} (else a report would show {@code k=03} and {@code k=3} as two cells of one network).
     */
    @Test
    void aRunRecordsItsOptionsInCanonicalText() {
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "adams", "--k", "03", "--coefficients", " learnable",
                "--dry-run", "--data", "sample");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("scheme.k = \"3\"") && r.out().contains("scheme.coefficients = \"learnable\""),
                r.out());
        RunnerHarness.Result lm = RunnerHarness.run("--scheme", "lm", "--k-high", "-0.00", "--k-low", "-.50",
                "--dry-run", "--data", "sample");
        assertEquals(0, lm.exitCode(), lm.err());
        assertTrue(lm.out().contains("scheme.k-high = \"0.0\"") && lm.out().contains("scheme.k-low = \"-0.5\""),
                lm.out());
    }

    @Test
    void schemeOptionsListsTheOptionsOfTheSchemeTheConfigFileNames() throws IOException {
        Path config = file("adams.toml", "epochs = 2\n[scheme]\nname = \"adams\"\nk = 3\n");
        RunnerHarness.Result adams = RunnerHarness.run("--scheme", "adams", "--scheme-options");
        assertEquals(0, adams.exitCode(), adams.err());
        List<Path> before = files();

        RunnerHarness.Result r = RunnerHarness.run("--config", config.toString(), "--scheme-options");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(adams.out(), r.out());
        assertEquals(before, files(), "nothing written");

        RunnerHarness.Result lm = RunnerHarness.run("--scheme", "lm", "--scheme-options");
        r = RunnerHarness.run("--config", config.toString(), "--scheme", "lm", "--scheme-options");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(lm.out(), r.out(), "--scheme on the command line wins over the file's");
    }

    @Test
    void schemeOptionsListsTheOptionsOfTheResumedRunsScheme() throws IOException {
        Path run = dir.resolve("run");
        file("run/config.toml", "depth = 8\n[scheme]\nname = \"adams\"\nk = \"2\"\ncoefficients = \"fixed\"\n");
        RunnerHarness.Result adams = RunnerHarness.run("--scheme", "adams", "--scheme-options");
        List<Path> before = files();

        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString(), "--scheme-options");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(adams.out(), r.out());
        assertEquals(before, files(), "nothing written");
    }

    @Test
    void anOptionTheResumedRunsSchemeDoesNotHaveIsNamedAsSuchNotAsAChange() throws IOException {
        Path run = dir.resolve("run");
        file("run/config.toml", "depth = 8\n[scheme]\nname = \"adams\"\nk = \"2\"\ncoefficients = \"fixed\"\n");
        List<Path> before = files();

        RunnerHarness.Result r = RunnerHarness.run("--resume", run.toString(), "--kk", "2");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: scheme 'adams' has no option 'kk'; its options are k, coefficients; did you mean '--k'?\n",
                r.err());
        r = RunnerHarness.run("--resume", run.toString(), "--epoch", "3");
        assertEquals("error: scheme 'adams' has no option 'epoch'; its options are k, coefficients; did you mean "
                + "'--epochs'?\n", r.err());
        r = RunnerHarness.run("--resume", run.toString(), "--opt", "kk=2");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: scheme 'adams' has no option 'kk'; its options are k, coefficients; did you mean '--k'?\n",
                r.err());

        // an option the scheme has keeps its message: a resumed run's scheme options cannot change
        r = RunnerHarness.run("--resume", run.toString(), "--k", "3");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: --resume continues a run with its own configuration; scheme options (k) cannot change\n",
                r.err());
        r = RunnerHarness.run("--resume", run.toString(), "--opt", "coefficients=learnable");
        assertEquals("error: --resume continues a run with its own configuration; scheme options (coefficients) cannot"
                + " change\n", r.err());
        assertEquals(before, files(), "nothing written");
    }

    @Test
    void anOptionTheConfigFilesSchemeDoesNotHaveGetsTheSameMessage() throws IOException {
        Path config = file("adams.toml", "epochs = 2\n[scheme]\nname = \"adams\"\n");
        RunnerHarness.Result r = RunnerHarness.run("--config", config.toString(), "--kk", "2", "--dry-run");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: scheme 'adams' has no option 'kk'; its options are k, coefficients; did you mean '--k'?\n",
                r.err());
        r = RunnerHarness.run("--config", config.toString(), "--dry-run", "--k");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: option '--k' needs a value; allowed: an integer in [1, 8]\n", r.err());
    }

    @Test
    void schemeOptionsWithAFileThatNamesNoSchemeSaysSo() throws IOException {
        Path config = file("no-scheme.toml", "epochs = 2\n");
        RunnerHarness.Result r = RunnerHarness.run("--config", config.toString(), "--scheme-options");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals("error: --scheme-options needs a scheme: " + config + " names none ([scheme] name); give --scheme"
                + " NAME\n", r.err());
        r = RunnerHarness.run("--scheme-options");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: --scheme-options needs --scheme NAME (or --config FILE or --resume RUN_DIR naming one)\n",
                r.err());
    }
}
