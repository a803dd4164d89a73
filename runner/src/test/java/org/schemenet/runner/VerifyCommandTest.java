package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerifyCommandTest {

    /** The measured orders (exact start values) of the table, in problem order. */
    private static List<Double> orders(String out) {
        Matcher m = Pattern.compile("(?m)^  (linear rotation-decay|riccati y'=-y\\^2|logistic y'=y\\(1-y\\))\\s+(\\S+)")
                .matcher(out);
        List<Double> found = new ArrayList<>();
        while (m.find()) {
            found.add(Double.parseDouble(m.group(2)));
        }
        return found;
    }

    @Test
    void verifiesEulerAtFirstOrder() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "euler");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("forward Euler (nominal order 1)"), r.out());
        assertTrue(r.out().matches("(?s).*linear rotation-decay\\s+1\\.00\\d.*"), r.out());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
    }

    static Stream<Arguments> builtInSchemes() {
        return Stream.of(
                Arguments.of(List.of("--scheme", "lm", "--coefficients", "fixed", "--k", "0.5"), 1),
                Arguments.of(List.of("--scheme", "lm"), 1),
                Arguments.of(List.of("--scheme", "adams", "--k", "4"), 4),
                Arguments.of(List.of("--scheme", "adams", "--k", "7"), 7),
                Arguments.of(List.of("--scheme", "adams", "--k", "8"), 8),
                Arguments.of(List.of("--scheme", "adams", "--k", "8", "--coefficients", "learnable"), 8),
                Arguments.of(List.of("--scheme", "adams", "--opt", "k=3", "--coefficients", "learnable"), 1),
                Arguments.of(List.of("--scheme", "rk", "--tableau", "ssprk3"), 3),
                Arguments.of(List.of("--scheme", "rk"), 4),
                Arguments.of(List.of("--scheme", "rk", "--tableau", "custom", "--opt", "a=[[0,0],[2/3,0]]",
                        "--opt", "b=[1/4, 3/4]"), 2),
                Arguments.of(List.of("--scheme", "rk", "--tableau", "custom", "--a", "[[0,0],[2/3,0]]", "--b",
                        "[1/4,3/4]"), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInSchemes")
    void verifiesTheBuiltInSchemesAtTheirNominalOrders(List<String> args, int order) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(args);
        RunnerHarness.Result r = RunnerHarness.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("(nominal order " + order + ")"), r.out());
        List<Double> measured = orders(r.out());
        assertEquals(3, measured.size(), r.out());
        measured.forEach(o -> assertEquals(order, o, 0.3, r.out()));
        assertTrue(r.out().contains("verdict: PASS"), r.out());
    }

    @Test
    void aSchemeWhoseStepsCoverLessThanHIsMeasuredOverTheProblemsInterval() {
        // lm with k = -0.9: consistent, zero-stable, first order; each step covers h/0.1. With h = 1/N its runs went
        // to t = 10, where 2048 steps are not yet asymptotic, and it failed (measured 1.393); over [0, 1] it is first
        // order (a scheme failing its nominal order: aSchemeThatLiesAboutItsOrderFailsWithMeasuredAgainstClaimed)
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "lm", "--coefficients", "fixed", "--k", "-0.9");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
        assertEquals(3, orders(r.out()).size(), r.out());
        orders(r.out()).forEach(o -> assertEquals(1.0, o, 0.1, r.out()));
    }

    @Test
    void aSchemeThatLiesAboutItsOrderFailsWithMeasuredAgainstClaimed(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.liar(folder, "liar.jar");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "liar", "--plugins", folder.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        List<String> failed = r.out().lines().filter(l -> l.startsWith("    failed: ")).toList();
        assertEquals(3, failed.size(), r.out());
        for (String f : failed) {
            assertTrue(f.matches("    failed: order on .*: measured 1\\.0\\d\\d, claimed 3 \\(allowed 2\\.7 to 3\\.3\\)"), f);
        }
        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "liar", "--plugins", folder.toString(), "--json");
        assertTrue(r.out().contains("\"passes\":false,\"failures\":[\"order on linear rotation-decay: measured 1.0"),
                r.out());
    }

    /**
     * Every stage of a network after the first starts with a transition, so verify runs that start too: a scheme that
     * is Euler when started warm or cold but, after a transition, steps with {@code y+ = 2 y_n - y_{n-1} + f} (not
     * consistent, not zero-stable) must fail, naming the transition start (it passed before, being checked warm and
     * cold only).
     */
    @Test
    void aSchemeThatIsWrongOnlyAfterATransitionFails(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.wiring(folder, "transition-liar.jar", "transition-liar", "transition-liar", 1, 1, 0, """
                Value y = b.state();
                boolean afterTransition = b.start() instanceof StageStart.Transition;
                Value previous = afterTransition ? b.pastStates().get(0) : null;
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    Value next = previous == null ? b.step(b.combine(Term.of(1.0, y), Term.of(1.0, f)))
                            : b.step(b.combine(Term.of(2.0, y), Term.of(-1.0, previous), Term.of(1.0, f)));
                    previous = afterTransition ? y : null;
                    y = next;
                }
                return b.build();
                """);
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "transition-liar", "--plugins",
                folder.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("    failed: after a transition, ")), r.out());
        RunnerHarness.Result euler = RunnerHarness.run("verify", "--scheme", "euler");
        assertEquals(0, euler.exitCode(), euler.out());
        assertTrue(euler.out().contains("transition"), "verify prints the orders after a transition: " + euler.out());
        // --help said exit code 0 when the exact-start orders, consistency and zero-stability pass: this scheme exits 1
        String help = RunnerHarness.run("verify", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Exit code 0 when every order measured from exact start values is within 0.3 of the "
                + "nominal order, the stages started cold and after a transition converge (order at least 0.7), and "
                + "the scheme is consistent and zero-stable"), help);
        assertTrue(help.contains("(from exact starting values, cold-started and after a transition)"), help);
    }

    /**
     * An {@code IllegalArgumentException} from {@code wire()} means the scheme cannot be run as an integrator: exit 2
     * with the scheme and its jar named, as for a training run (not exit 1, which is a verdict of FAIL).
     */
    @Test
    void aSchemeThatRefusesToWireIsAnInputErrorNamingItsJarInVerifyAndStability(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = PluginJar.wiring(folder, "refuses.jar", "refuses", "refuses", 1, 1, 0,
                "throw new IllegalArgumentException(\"cannot wire \" + start);");
        for (String command : List.of("verify", "stability")) {
            RunnerHarness.Result r = RunnerHarness.run(Map.of(), command, "--scheme", "refuses", "--plugins",
                    folder.toString(), "--plot", dir.resolve(command + ".png").toString());
            assertEquals(2, r.exitCode(), command + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: scheme 'refuses' (" + jar + ") cannot be run as an integrator: cannot"
                    + " wire "), command + ": " + r.err());
        }
    }

    @Test
    void aPluginThatBreaksWhenUsedIsOneErrorLineNamingTheJarAndExitTwo(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = PluginJar.brokenScheme(folder, "broken.jar", "broken", "broken", "wire()");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "broken", "--plugins",
                folder.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: plugin " + jar + ": scheme 'broken': wire(Warm[units=4, depth=0]) failed: "
                + "java.lang.NoClassDefFoundError: test/broken/Missing"), r.err());
        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "broken", "--plugins", folder.toString(), "--verbose");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("\tat "), "the stack trace with --verbose: " + r.err());
    }

    @Test
    void plotVerifiesFirstAndDrawsThePredictorCorrectorRegion(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.pece(folder, "pece.jar");
        Path png = dir.resolve("pece.png");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "pece", "--plugins",
                folder.toString(), "--plot", png.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        orders(r.out()).forEach(o -> assertEquals(2.0, o, 0.1, r.out()));
        assertTrue(r.out().contains("absolute stability on the negative real axis: [-2.0000, 0]"), r.out());
        assertTrue(r.out().indexOf("verdict: PASS") < r.out().indexOf("region of absolute stability: " + png), r.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void printsOneJsonObject() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "adams", "--k", "3", "--json");
        assertEquals(0, r.exitCode(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{\"scheme\":\"adams\"") && json.endsWith("}"), json);
        assertTrue(json.contains("\"nominalOrder\":3"), json);
        assertTrue(json.contains("\"historyDepth\":2"), json);
        assertTrue(json.contains("\"passes\":true"), json);
        assertEquals(1, json.lines().count());
    }

    @Test
    void anUnknownSchemeIsAUsageErrorListingTheAvailableOnesAndSuggestingTheClosest() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "adamz");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown scheme 'adamz'; available: adams, euler, lm, rk; did you mean 'adams'?"),
                r.err());
        assertFalse(r.err().contains("at org."), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void aBadOptionIsAUsageErrorNamingIt() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "euler", "--k", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("scheme 'euler' has no option 'k'; it takes no options"), r.err());
        r = RunnerHarness.run("verify", "--scheme", "adams", "--coeficients", "fixed");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("scheme 'adams' has no option 'coeficients'; its options are k, coefficients; did "
                + "you mean '--coefficients'?"), r.err());
        r = RunnerHarness.run("verify", "--scheme", "adams", "--plto", "x.png");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("did you mean '--plot'?"), r.err());
        r = RunnerHarness.run("verify", "--scheme", "adams", "--k", "9");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("option 'k': 9 is out of range; allowed: an integer in [1, 8]"), r.err());
        r = RunnerHarness.run("verify", "--scheme", "rk", "--tableau", "custom", "--opt", "a=[[0,0],[0.5,0]]",
                "--opt", "b=[0.5,0.4]");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'sum of b = 1'"), r.err());
    }

    /** A dropped-in scheme 'heun' with an option 'alpha' (the wiring is Euler's: only the options matter here). */
    private static Path heun(Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.schemeWithOptions(folder, "heun.jar", "heun", "heun", "",
                "List.of(new OptionSpec(\"alpha\", new OptionType.RealRange(0.5, 1), \"1\", \"alpha\"))");
        return folder;
    }

    @Test
    void aSchemeOptionWithoutItsValueAtTheEndOfTheLineNeedsAValue(@TempDir Path dir) throws IOException {
        Path plugins = heun(dir);
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--plugins", plugins.toString(), "--scheme",
                "heun", "--alpha");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals("error: option '--alpha' needs a value; allowed: a number in [0.5, 1.0]\n", r.err());
        r = RunnerHarness.run(Map.of(), "verify", "--plugins", plugins.toString(), "--scheme", "heun", "--alpha",
                "--verbose");
        assertEquals("error: option '--alpha' needs a value; allowed: a number in [0.5, 1.0]\n",
                r.err().lines().findFirst().orElse("") + "\n");
        // a name the scheme does not have is named as such, with or without a value
        r = RunnerHarness.run(Map.of(), "verify", "--plugins", plugins.toString(), "--scheme", "heun", "--alfa");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: scheme 'heun' has no option 'alfa'; its options are alpha; did you mean '--alpha'?\n",
                r.err());
        r = RunnerHarness.run(Map.of(), "verify", "--plugins", plugins.toString(), "--scheme", "heun", "--alpha",
                "0.75");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("on-the-fly Euler, alpha=0.75"), r.out());
    }

    @Test
    void schemeOptionsPrintsWhatTheChosenSchemeAccepts() {
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "lm", "--scheme-options");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("k-low"), r.out());
        assertTrue(r.out().matches("(?s).*coefficients\\s+default learnable\\s+one of learnable, fixed.*"), r.out());
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
