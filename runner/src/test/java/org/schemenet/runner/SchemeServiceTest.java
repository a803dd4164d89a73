package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheme service every command uses, and the conformance check it makes before training
 * (finding 3 of issue 17: a scheme measuring below its claim must not train without a word).
 */
class SchemeServiceTest {

    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private SchemeService service(Path folder) {
        Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new SchemeService(new PluginLoader(temp.resolve("unpacked"), BuiltInPlugins.shipped()),
                new Environment(Map.of(Environment.PLUGINS_VARIABLE, folder.toString()), temp), console,
                new Verbosity(false));
    }

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    @Test
    void loadsAFolderOnceAndPrintsItsWarningsOnce() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "truncated.jar");
        SchemeService s = service(folder);
        SchemeRegistry first = s.registry(null);
        assertSame(first, s.registry(null));
        assertSame(first, s.registry(folder));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("warning: " + folder.resolve("truncated.jar")), err.toString());
    }

    @Test
    void configuresWithTextOptionsRecordingPluginJarAndOptions() {
        SchemeService s = service(RunnerHarness.builtPlugins());
        ConfiguredScheme c = s.configure(null, "adams", Map.of("k", "3"));
        assertEquals("adams", c.name());
        assertEquals("adams", c.pluginId());
        assertEquals("schemenet-adams.jar", c.jar().getFileName().toString());
        assertEquals(Map.of("k", "3", "coefficients", "fixed"), c.options());
        assertEquals("k=3, coefficients=fixed", c.optionsText());
        assertEquals(3, c.discretisation().order());
        UsageException e = assertThrows(UsageException.class, () -> s.configure(null, "adamz", Map.of()));
        assertEquals("unknown scheme 'adamz'; available: adams, euler, lm, rk; did you mean 'adams'?", e.getMessage());
        e = assertThrows(UsageException.class, () -> s.configure(null, "adams", Map.of("kk", "3")));
        assertTrue(e.getMessage().startsWith("scheme 'adams' has no option 'kk'; its options are k, coefficients; did "
                + "you mean 'k'?"), e.getMessage());
    }

    @Test
    void theCheckOfAConformingSchemePassesWithItsMeasuredOrder() {
        SchemeService s = service(RunnerHarness.builtPlugins());
        SchemeCheck check = s.checkBeforeTraining(s.configure(null, "adams", Map.of("k", "3")));
        assertTrue(check.passes(), check::toString);
        assertEquals(3, check.claimedOrder());
        assertEquals(3.0, check.measuredOrder(), 0.05);
        assertTrue(check.consistent() && check.zeroStable());
        assertEquals("", err.toString(), "nothing to say about a scheme that conforms");
    }

    @Test
    void aSchemeMeasuringBelowItsClaimIsOneWarningWithTheFiguresAndIsCheckedOncePerJarAndOptions() throws IOException {
        Path folder = plugins();
        Path jar = PluginJar.liar(folder, "liar.jar");
        SchemeService s = service(folder);
        ConfiguredScheme liar = s.configure(null, "liar", Map.of());
        SchemeCheck check = s.checkBeforeTraining(liar);
        assertFalse(check.passes());
        assertEquals(3, check.claimedOrder());
        assertEquals(1.0, check.measuredOrder(), 0.01);
        assertEquals(1.0, check.measuredOrderRounded(), 0.01);
        assertSame(check, s.checkBeforeTraining(s.configure(null, "liar", Map.of())), "cached per checksum and options");
        String warning = err.toString().strip();
        assertEquals(1, warning.lines().count(), warning);
        assertTrue(warning.startsWith("warning: scheme 'liar' (plugin liar, " + jar + "; options none) fails the "
                + "conformance kit: order on linear rotation-decay: measured 1.0"), warning);
        assertTrue(warning.contains(", claimed 3 (allowed 2.7 to 3.3)"), warning);
        assertTrue(warning.endsWith("; for the details run: runner verify --scheme liar; --strict-schemes makes this "
                + "an error"), warning);

        s.requireConformance(true);
        UsageException e = assertThrows(UsageException.class, () -> s.checkBeforeTraining(liar));
        assertTrue(e.getMessage().endsWith("; for the details run: runner verify --scheme liar; --strict-schemes stops "
                + "here"), e.getMessage());
    }

    /**
     * The command a failed check points to reproduces the check: it names the plugins folder the scheme came from
     * and the options that differ from the scheme's defaults, quoted for a POSIX shell. Before, it was always
     * {@code runner verify --scheme liar}: from another plugins folder an unknown scheme (exit 2), and with other
     * options a check of another configuration (here: without the inconsistency that step=2 causes).
     */
    @Test
    void theVerifyCommandAFailedCheckPointsToReproducesTheCheck() throws Exception {
        Path folder = plugins();
        PluginJar.wiring(folder, "liar.jar", "liar", "liar", 3, 1, 0, """
                List.of(new OptionSpec("step", new OptionType.RealRange(0.5, 2), "1", "weight of f"),
                        new OptionSpec("note", new OptionType.Text("any text"), "none", "ignored"),
                        new OptionSpec("k", new OptionType.IntegerRange(1, 3), "1", "ignored"))""", """
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    y = b.step(b.combine(Term.of(1.0, y), Term.of(options.real("step"), b.evaluate(y))));
                }
                return b.build();
                """);
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "--scheme", "liar", "--step", "2", "--note",
                "it's a test", "--depth", "8", "--dry-run", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String warning = r.err().strip();
        assertEquals(1, warning.lines().count(), warning);
        String command = "runner verify --scheme liar --plugins " + folder + " --opt step=2.0 --opt 'note=it'\\''s a test'";
        assertTrue(warning.endsWith("; for the details run: " + command + "; --strict-schemes makes this an error"),
                warning);

        // what a shell makes of the command, run: the same failures, the inconsistency included
        Process split = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + command.substring("runner ".length()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String[] words = new String(split.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .split("\\x00");
        assertEquals(0, split.waitFor());
        RunnerHarness.Result verify = RunnerHarness.run(Map.of(), words);
        assertEquals(1, verify.exitCode(), String.join(" | ", words) + ": " + verify.out() + verify.err());
        assertTrue(verify.out().contains("failed: consistency"), verify.out());
        assertTrue(warning.contains("consistency"), warning);
    }

    /**
     * A scheme whose configure() rejects its own defaults (a bad default the option's type allows): the error names
     * the jar and says which values were defaults, since the user gave none. Before: "scheme 'picky': alpha above
     * 0.9 is not supported" for a user who never gave alpha, no jar; an InvalidOptionException about a defaulted
     * option named neither the scheme nor the jar.
     */
    @Test
    void aSchemeRejectingItsOwnDefaultsIsNamedWithItsJarAndTheDefaults() throws IOException {
        Path folder = plugins();
        Path jar = PluginJar.build(folder, "picky.jar", "picky", Map.of("t.Picky", """
                package t;
                import java.util.List;
                import org.schemenet.scheme.*;
                public final class Picky implements Scheme {
                    public String name() { return "picky"; }
                    public String summary() { return "rejects its defaults"; }
                    public List<OptionSpec> options() {
                        return List.of(new OptionSpec("alpha", new OptionType.RealRange(0, 1), "1", "alpha"),
                                new OptionSpec("k", new OptionType.IntegerRange(1, 9), "9", "k"));
                    }
                    public Discretisation configure(Options o) {
                        if (o.real("alpha") > 0.9) {
                            throw new IllegalArgumentException("alpha above 0.9 is not supported");
                        }
                        throw new InvalidOptionException("k", "option 'k': " + o.integer("k") + " is too large");
                    }
                }
                """), List.of("t.Picky"));
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "picky", "--plugins",
                folder.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("error: scheme 'picky' (plugin picky, " + jar + "; options alpha=1.0 (default), k=9 (default)): "
                + "alpha above 0.9 is not supported", r.err().strip());

        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "picky", "--alpha", "0.5", "--plugins", folder.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("error: option 'k': 9 is too large (the default of scheme 'picky', plugin picky, " + jar + ")",
                r.err().strip());
        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "picky", "--alpha", "0.5", "--k", "8", "--plugins",
                folder.toString());
        assertEquals("error: option 'k': 8 is too large", r.err().strip(), "a value the user gave is named as before");
        r = RunnerHarness.run("verify", "--scheme", "rk", "--tableau", "custom");
        assertTrue(r.err().startsWith("error: option 'a' is missing; tableau=custom needs a and b"), r.err());
        assertFalse(r.err().contains("default"), "an option without a default is missing, not defaulted: " + r.err());
    }

    @Test
    void dryRunWarnsAboutAFailingSchemeAndStrictSchemesMakesItExitTwo() throws IOException {
        Path folder = plugins();
        PluginJar.liar(folder, "liar.jar");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "--scheme", "liar", "--depth", "8", "--dry-run",
                "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("dry run: nothing trained"), r.out());
        assertTrue(r.err().startsWith("warning: scheme 'liar' (plugin liar, "), r.err());
        assertTrue(r.err().contains("claimed 3 (allowed 2.7 to 3.3)"), r.err());

        r = RunnerHarness.run(Map.of(), "--scheme", "liar", "--depth", "8", "--dry-run", "--strict-schemes",
                "--plugins", folder.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: scheme 'liar' (plugin liar, "), r.err());
        assertTrue(r.err().strip().endsWith("--strict-schemes stops here"), r.err());
        assertFalse(r.out().contains("dry run"), r.out());

        r = RunnerHarness.run("--scheme", "adams", "--k", "2", "--dry-run", "--strict-schemes");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void aPluginThatBreaksWhileTheRunIsPreparedIsOneErrorNamingTheJar() throws IOException {
        Path folder = plugins();
        Path jar = PluginJar.brokenScheme(folder, "broken.jar", "broken", "broken", "configure()");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "--scheme", "broken", "--dry-run", "--plugins",
                folder.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: plugin " + jar + ": scheme 'broken': configure() failed: "
                + "java.lang.NoClassDefFoundError: test/broken/Missing"), r.err());
    }

    @Test
    void aDroppedInSchemesOwnOptionsWorkAsNameValueForTraining() throws IOException {
        Path folder = plugins();
        PluginJar.build(folder, "damped.jar", "damped", Map.of("t.Damped", """
                package t;
                import java.util.List;
                import org.schemenet.scheme.*;
                import org.schemenet.wiring.*;
                public final class Damped implements Scheme {
                    public String name() { return "damped"; }
                    public String summary() { return "Euler with a damped step"; }
                    public List<OptionSpec> options() {
                        return List.of(new OptionSpec("damping", new OptionType.RealRange(0, 1), "0", "damping"));
                    }
                    public Discretisation configure(Options o) {
                        double d = o.real("damping");
                        return new Discretisation() {
                            public String description() { return "damped Euler, damping " + d; }
                            public int order() { return 1; }
                            public int evaluationsPerStep() { return 1; }
                            public int historyDepth() { return 0; }
                            public StageWiring wire(StageStart start) {
                                StageWiring.Builder b = StageWiring.builder(start);
                                Value y = b.state();
                                while (b.unitsLeft() > 0) {
                                    y = b.step(b.combine(Term.of(1.0, y), Term.of(1.0 - d, b.evaluate(y))));
                                }
                                return b.build();
                            }
                        };
                    }
                }
                """), java.util.List.of("t.Damped"));
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "--scheme", "damped", "--damping", "0.25", "--depth", "8",
                "--dry-run", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("damped Euler, damping 0.25"), r.out());
        r = RunnerHarness.run(Map.of(), "--scheme", "damped", "--dampng", "0.25", "--dry-run", "--plugins",
                folder.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("scheme 'damped' has no option 'dampng'; its options are damping; did you mean "
                + "'--damping'?"), r.err());
        r = RunnerHarness.run(Map.of(), "--scheme", "damped", "--epoch", "3", "--dry-run", "--plugins",
                folder.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("did you mean '--epochs'?"), r.err());
    }

    @Test
    void summaryJsonRecordsTheMeasuredOrderNextToTheClaim() throws IOException {
        Path folder = plugins();
        PluginJar.liar(folder, "liar.jar");
        Path data = SyntheticCifar.write(temp.resolve("cifar"), 20, 10, 3);
        Path out = temp.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "--scheme", "liar", "--depth", "8", "--epochs", "1",
                "--batch-size", "10", "--data", data.toString(), "--threads", "2", "--out", out.toString(), "--plugins",
                folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("warning: scheme 'liar'"), r.err());
        String summary = TrainingRunTest.compact(out.resolve("summary.json"));
        Matcher m = Pattern.compile("\"scheme\":\\{\"name\":\"liar\",\"description\":\"liar\",\"order\":3,"
                + "\"measuredOrder\":(1\\.\\d+),").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(1.0, Double.parseDouble(m.group(1)), 0.01);
    }
}
