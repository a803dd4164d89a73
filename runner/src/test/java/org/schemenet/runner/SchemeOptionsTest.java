package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.OptionType;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SchemeOptionsTest {

    @Command(name = "probe", subcommands = Probe.Verify.class)
    static final class Probe implements Runnable {
        @Mixin
        SchemeOptions options;

        @picocli.CommandLine.Option(names = "--depth")
        Integer depth;

        @Override
        public void run() {
        }

        @Command(name = "verify")
        static final class Verify implements Runnable {
            @Override
            public void run() {
            }
        }
    }

    private static SchemeOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
    }

    private static final SchemeService SCHEMES = new SchemeService(new PluginLoader(),
            new Environment(Map.of(), Path.of(".")), new Console(new java.io.PrintWriter(java.io.Writer.nullWriter()),
            new java.io.PrintWriter(java.io.Writer.nullWriter())), new Verbosity(false));

    private static Discretisation configure(SchemeOptions o, Scheme scheme, Map<String, String> base) {
        return o.configure(SCHEMES, new SchemeRegistry.Entry(scheme, "probe", "1", Path.of("probe.jar")), base);
    }

    /** A drop-in scheme with an option no built-in scheme has; configure records what it was given. */
    private static final class Recording implements Scheme {
        Options seen;

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String summary() {
            return "records its options";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(new OptionSpec("k", new OptionType.IntegerRange(1, 4), "1", "steps"),
                    new OptionSpec("damping", new OptionType.RealRange(0, 1), "0.5", "how much to damp"));
        }

        @Override
        public Discretisation configure(Options options) {
            seen = options;
            return new Discretisation() {
                @Override
                public String description() {
                    return "probe";
                }

                @Override
                public int order() {
                    return 1;
                }

                @Override
                public int evaluationsPerStep() {
                    return 1;
                }

                @Override
                public int historyDepth() {
                    return 0;
                }

                @Override
                public StageWiring wire(StageStart start) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    @Test
    void everyArgumentTheCommandDoesNotDeclareIsASchemeOptionByName() {
        SchemeOptions o = parse("--k", "3", "--coefficients", "learnable", "--tableau=rk38",
                "--opt", "a=[[0,0],[0.5,0]]", "--k-low", "-0.2", "--depth", "20");
        assertEquals(Map.of("k", "3", "coefficients", "learnable", "tableau", "rk38", "a", "[[0,0],[0.5,0]]",
                "k-low", "-0.2"), o.given());
        assertEquals(Map.of(), parse().given());
        assertEquals(Map.of(), parse("--depth", "8").given(), "the command's own options are not scheme options");
    }

    @Test
    void aDropInSchemesOwnOptionWorksLikeABuiltInOne() {
        Recording scheme = new Recording();
        configure(parse("--damping", "0.25", "--k", "2"), scheme, Map.of());
        assertEquals(Map.of("k", "2", "damping", "0.25"), scheme.seen.asText());
        assertEquals(0.25, scheme.seen.real("damping"));
        configure(parse("--opt", "damping=0.75"), scheme, Map.of());
        assertEquals(0.75, scheme.seen.real("damping"));
    }

    @Test
    void theCommandLineOverridesTheBaseOptions() {
        Recording scheme = new Recording();
        configure(parse("--k", "4"), scheme, Map.of("k", "2", "damping", "0.1"));
        assertEquals(Map.of("k", "4", "damping", "0.1"), scheme.seen.asText());
    }

    @Test
    void anOptionGivenTwiceWithDifferentValuesIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--k", "2", "--opt", "k=3").given());
        assertTrue(e.getMessage().contains("--k 2 and --opt k=3 disagree"), e.getMessage());
        assertEquals(Map.of("k", "2"), parse("--k", "2", "--opt", "k=2").given());
        e = assertThrows(UsageException.class, () -> parse("--k", "2", "--k", "3").given());
        assertEquals("--k is given twice (2 and 3); give it once", e.getMessage());
        // --opt twice with different values is refused as --NAME twice is, not the last one taken silently
        e = assertThrows(UsageException.class, () -> parse("--opt", "k=2", "--opt", "k=3").given());
        assertEquals("--opt k is given twice (2 and 3); give it once", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--opt", "k=2", "--opt", "k=3").checkNames(new Recording()));
        assertEquals("--opt k is given twice (2 and 3); give it once", e.getMessage());
        assertEquals(Map.of("k", "2"), parse("--opt", "k=2", "--opt", "k=2").given(), "the same value twice is once");
    }

    @Test
    void aStrayWordOrAMissingValueIsAUsageErrorWithTheOneDidYouMean() {
        UsageException e = assertThrows(UsageException.class, () -> parse("verfy").given());
        assertEquals("unexpected argument 'verfy'; scheme options are --NAME VALUE; did you mean 'verify'?",
                e.getMessage());
        // a name without its value needs a value; it was reported as an unknown option (changed deliberately:
        // --damping is the scheme's option, it only lacks its value)
        e = assertThrows(UsageException.class, () -> parse("--damping").given());
        assertEquals("option '--damping' needs a value (scheme options are --NAME VALUE; see --scheme-options)",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--k", "--depth", "8").given());
        assertEquals("option '--k' needs a value (scheme options are --NAME VALUE; see --scheme-options)",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--deph").given());
        assertTrue(e.getMessage().endsWith("; did you mean '--depth'?"), e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("-x").given());
        assertEquals("unknown option '-x'; scheme options are --NAME VALUE", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--Depth", "8").given());
        assertEquals("unknown option '--Depth'; scheme options are --NAME VALUE; did you mean '--depth'?",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--k", "2", "-0.5").given());
        assertEquals("unexpected argument '-0.5'; scheme options are --NAME VALUE", e.getMessage(),
                "a stray negative number is no option");
    }

    @Test
    void aNameNeitherTheCommandsNorTheSchemesGetsTheOneDidYouMeanOverBoth() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--deph", "20").checkNames(new Recording()));
        assertEquals("scheme 'probe' has no option 'deph'; its options are k, damping; did you mean '--depth'?",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--dampnig", "0.3").checkNames(new Recording()));
        assertTrue(e.getMessage().endsWith("did you mean '--damping'?"), e.getMessage());
        parse("--damping", "0.3", "--k", "1").checkNames(new Recording());
        // --opt names too (they were left to the scheme's configuration, which a resumed run never reaches)
        e = assertThrows(UsageException.class, () -> parse("--opt", "dampnig=0.3").checkNames(new Recording()));
        assertEquals("scheme 'probe' has no option 'dampnig'; its options are k, damping; did you mean '--damping'?",
                e.getMessage());
        parse("--opt", "damping=0.3").checkNames(new Recording());
    }

    @Test
    void withTheSchemeKnownAMissingValueNamesWhatIsAllowedAndAnUnknownNameIsNamedFirst() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--damping").checkNames(new Recording()));
        assertEquals("option '--damping' needs a value; allowed: a number in [0.0, 1.0]", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--k", "--depth", "8").checkNames(new Recording()));
        assertEquals("option '--k' needs a value; allowed: an integer in [1, 4]", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--k", "--frob").checkNames(new Recording()));
        assertEquals("scheme 'probe' has no option 'frob'; its options are k, damping", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--k", "2", "--frob").checkNames(new Recording()));
        assertEquals("scheme 'probe' has no option 'frob'; its options are k, damping", e.getMessage());
    }

    @Test
    void anOptionTheSchemeDoesNotHaveIsAUsageErrorListingItsOptions() {
        UsageException e = assertThrows(UsageException.class,
                () -> configure(parse("--tableau", "rk4"), new Recording(), Map.of()));
        assertTrue(e.getMessage().contains("scheme 'probe' has no option 'tableau'"), e.getMessage());
        assertTrue(e.getMessage().contains("k, damping"), e.getMessage());
        e = assertThrows(UsageException.class, () -> configure(parse("--opt", "damping=2"), new Recording(), Map.of()));
        assertTrue(e.getMessage().contains("option 'damping': 2 is out of range; allowed: a number in [0.0, 1.0]"),
                e.getMessage());
    }

    @Test
    void describeListsNameDefaultAllowedAndHelp() {
        List<String> lines = SchemeOptions.describe(new Recording());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("k\\s+default 1\\s+an integer in \\[1, 4\\]; steps"), lines.get(0));
        assertTrue(lines.get(1).startsWith("damping  default 0.5"), lines.get(1));
        assertTrue(parse("--scheme-options").listRequested());
    }
}
