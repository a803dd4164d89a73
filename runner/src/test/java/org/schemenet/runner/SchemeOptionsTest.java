package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        SchemeOptions options;

        @Override
        public void run() {
        }
    }

    private static SchemeOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
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
    void shorthandsAndOptBecomeSchemeOptionsByName() {
        SchemeOptions o = parse("--k", "3", "--coefficients", "learnable", "--tableau", "rk38",
                "--opt", "a=[[0,0],[0.5,0]]", "--opt", "k-low=-0.2");
        assertEquals(Map.of("k", "3", "coefficients", "learnable", "tableau", "rk38", "a", "[[0,0],[0.5,0]]",
                "k-low", "-0.2"), o.given());
        assertEquals(Map.of(), parse().given());
    }

    @Test
    void dropInOptionsReachTheSchemeThroughOpt() {
        Recording scheme = new Recording();
        parse("--opt", "damping=0.25", "--k", "2").configure(scheme);
        assertEquals(Map.of("k", "2", "damping", "0.25"), scheme.seen.asText());
        assertEquals(0.25, scheme.seen.real("damping"));
    }

    @Test
    void theCommandLineOverridesTheBaseOptions() {
        Recording scheme = new Recording();
        parse("--k", "4").configure(scheme, Map.of("k", "2", "damping", "0.1"));
        assertEquals(Map.of("k", "4", "damping", "0.1"), scheme.seen.asText());
    }

    @Test
    void aShorthandAndOptThatDisagreeAreAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--k", "2", "--opt", "k=3").given());
        assertTrue(e.getMessage().contains("--k 2 and --opt k=3 disagree"), e.getMessage());
        assertEquals(Map.of("k", "2"), parse("--k", "2", "--opt", "k=2").given());
    }

    @Test
    void anOptionTheSchemeDoesNotHaveIsAUsageErrorListingItsOptions() {
        UsageException e = assertThrows(UsageException.class,
                () -> parse("--tableau", "rk4").configure(new Recording()));
        assertTrue(e.getMessage().contains("scheme 'probe' has no option 'tableau'"), e.getMessage());
        assertTrue(e.getMessage().contains("k, damping"), e.getMessage());
        e = assertThrows(UsageException.class, () -> parse("--opt", "damping=2").configure(new Recording()));
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
