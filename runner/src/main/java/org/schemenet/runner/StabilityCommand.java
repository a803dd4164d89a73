package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.StabilityFunction;
import org.schemenet.report.Charts;
import org.schemenet.report.CoefficientAnalysis;
import org.schemenet.report.ResultsReport;
import org.schemenet.report.RunDirectory;
import org.schemenet.report.RunResult;
import org.schemenet.scheme.Discretisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runner stability}: the region of absolute stability {@code {z = hλ : y' = λy does not grow}}
 * of a scheme as a PNG — where the step matrix {@code M(z)} of its wiring has spectral radius at
 * most 1 (root condition on the unit circle), for any linear wiring: Runge–Kutta
 * ({@code M(z) = R(z)}), linear multistep (eigenvalues the roots of {@code ρ - zσ}, with the
 * boundary locus {@code z(θ) = ρ(e^{iθ})/σ(e^{iθ})} drawn), predictor–corrector and others — and
 * with {@code --run} the boundaries of the learned units' frozen schemes of a finished run over the
 * fixed scheme's region.
 */
@Command(name = "stability", mixinStandardHelpOptions = true,
        description = {"Draws the region of absolute stability of a scheme (learnable coefficients at their "
                + "initialisers' means) in the complex z = h*lambda plane, or with --run the learned units of a run "
                + "over the region of the same scheme with fixed coefficients; prints the stability intervals.",
                "The region is where the step matrix M(z) of the scheme's wiring on y' = lambda y (the linear map of "
                        + "the values one step carries to the next) has spectral radius <= 1, roots on the unit "
                        + "circle simple: it applies to any wiring, predictor-corrector schemes included."})
public final class StabilityCommand implements Callable<Integer> {

    @Option(names = "--scheme", paramLabel = "NAME", description = "the scheme (not with --run)")
    String scheme;

    @Mixin
    SchemeOptions schemeOptions;

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "a run with learnable coefficients: its scheme, "
            + "options and learned values (last completed epoch)")
    Path run;

    @Option(names = "--stage", paramLabel = "S", converter = NumberOptions.Stage.class,
            description = "with --run: only this stage (1-based)")
    Integer stage;

    @Option(names = "--unit", paramLabel = "U", converter = NumberOptions.NonNegative.class,
            description = "with --run: only this unit of the stage, numbered from 0 as in the coefficients' names "
                    + "(stage<s>.unit<U>) and in 'runner wiring' (f0, f1, ...)")
    Integer unit;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "where to draw (default stability-<scheme>.png, "
            + "with --run RUN_DIR/stability-learned.png)")
    Path plot;

    @Option(names = "--re-min", paramLabel = "X", converter = NumberOptions.NegativeNumber.class, description = "left edge of the view (default from the interval)")
    Double reMin;

    @Mixin
    PluginFolderOption plugins;

    @Mixin
    VerboseOption verbose;

    private final SchemeService schemes;
    private final Console console;

    @Inject
    StabilityCommand(SchemeService schemes, Console console) {
        this.schemes = schemes;
        this.console = console;
    }

    @Override
    public Integer call() {
        if ((scheme == null) == (run == null)) {
            throw new UsageException("give either --scheme NAME (and its options) or --run RUN_DIR");
        }
        if (run == null && (stage != null || unit != null)) {
            throw new UsageException("--stage and --unit select units of a --run");
        }
        if (run != null && schemeOptions.any()) {
            throw new UsageException("--run takes the scheme and its options from the run's config.toml; drop the "
                    + "scheme options");
        }
        return run == null ? scheme() : learned(schemes.registry(plugins.folder()));
    }

    private int scheme() {
        Optional<ConfiguredScheme> chosen = schemeOptions.chosen(schemes, plugins.folder(), scheme, console.out());
        if (chosen.isEmpty()) {
            return Main.OK;
        }
        SchemeRegistry.Entry entry = chosen.get().entry();
        Discretisation d = chosen.get().discretisation();
        ConfiguredScheme configured = chosen.get();
        Optional<StabilityFunction> f = configured.asIntegrator(x -> StabilityFunction.of(x, ParameterValues::means));
        if (f.isEmpty()) {
            throw new UsageException(d.description() + ": the wiring has no steady step (its steps differ in "
                    + "structure), so there is no step matrix M(z) and no region to draw");
        }
        double interval = configured.asIntegrator(ConformanceKit.atInitialMeans()::stabilityInterval);
        Path png = plot != null ? plot : Path.of("stability-" + entry.scheme().name() + ".png");
        double[] box = view(interval);
        Charts.stabilityRegion("region of absolute stability: " + d.description(), f.get(), box[0], box[1], box[2],
                box[3], png);
        var out = console.out();
        out.println(d.description());
        describe(f.get());
        StabilityFunction.StepMatrix.of(d, ParameterValues::means).ifPresent(m -> out.printf(
                "  step matrix M(z): %d x %d over the carried values %s%n", m.dimension(), m.dimension(),
                String.join(", ", m.labels())));
        out.printf(Locale.ROOT, "  interval of absolute stability on the negative real axis: [-%.4f, 0]%n", interval);
        out.println("  picture: " + png);
        return Main.OK;
    }

    private int learned(SchemeRegistry registry) {
        RunResult r;
        try {
            r = RunDirectory.read(run);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--run " + run + ": " + e.getMessage(), e);
        }
        if (r.finalCoefficients().isEmpty()) {
            throw new UsageException("--run " + run + ": the run has no learnable coefficients (or no completed "
                    + "epoch); draw its scheme with --scheme " + r.scheme() + " instead");
        }
        ResultsReport.RunAnalysis a = RunReports.analyse(r, registry, schemes.folder(plugins.folder()));
        if (a.note() != null) {
            throw new UsageException("--run " + run + ": " + a.note());
        }
        List<CoefficientAnalysis.Outcome> selected = a.outcomes().stream()
                .filter(u -> stage == null || u.scheme().stage() == stage)
                .filter(u -> unit == null || u.scheme().unit() == unit).toList();
        if (selected.isEmpty()) {
            String selectors = (stage == null ? "" : " --stage " + stage) + (unit == null ? "" : " --unit " + unit);
            throw new UsageException("--run " + run + ": no learned unit matches" + selectors + "; the run has "
                    + String.join(", ", a.outcomes().stream().map(u -> u.scheme().name()).toList()));
        }
        if (CoefficientAnalysis.analysed(selected).isEmpty()) {
            throw new UsageException("--run " + run + ": " + String.join("; ", selected.stream()
                    .map(o -> notAnalysed((CoefficientAnalysis.NotAnalysed) o)).toList()));
        }
        Map<String, StabilityFunction> curves = new LinkedHashMap<>();
        double widest = 1;
        var out = console.out();
        out.println(r.label() + ", depth " + r.depth() + ", seed " + r.seed() + ": learned units after epoch "
                + r.epochs().get(r.epochs().size() - 1).epoch());
        for (CoefficientAnalysis.Outcome o : selected) {
            if (o instanceof CoefficientAnalysis.NotAnalysed n) {
                out.println("  " + notAnalysed(n));
                continue;
            }
            CoefficientAnalysis.UnitAnalysis u = (CoefficientAnalysis.UnitAnalysis) o;
            u.stability().ifPresent(f -> curves.put(u.scheme().name(), f));
            widest = Math.max(widest, u.stabilityInterval());
            out.printf(Locale.ROOT, "  %s %s: interval [-%.4f, 0], %s, %s%n", u.scheme().name(), u.scheme().learned(),
                    u.stabilityInterval(), u.zeroStable() ? "zero-stable" : "NOT zero-stable",
                    u.consistent() ? "consistent" : "NOT consistent");
        }
        Path png = plot != null ? plot : run.resolve("stability-learned.png");
        double[] box = view(widest);
        Charts.stabilityComparison(r.label() + ", depth " + r.depth() + ": learned units",
                a.fixed().orElse(null), curves, box[0], box[1], box[2], box[3], png);
        a.fixed().ifPresent(f -> {
            out.print("  fixed scheme:");
            describe(f);
        });
        out.println("  picture: " + png);
        return Main.OK;
    }

    private static String notAnalysed(CoefficientAnalysis.NotAnalysed n) {
        return n.scheme().name() + " " + n.scheme().learned() + ": not analysed: " + n.reason();
    }

    private double[] view(double interval) {
        double[] box = ResultsReport.box(interval);
        if (reMin != null) {
            box[0] = reMin;   // below 0: NumberOptions.NegativeNumber
        }
        return box;
    }

    private void describe(StabilityFunction f) {
        if (f instanceof StabilityFunction.LinearMultistep lm) {
            console.out().printf("  linear multistep: rho %s, sigma %s (highest power first)%n",
                    java.util.Arrays.toString(lm.rho()), java.util.Arrays.toString(lm.sigma()));
        } else if (f instanceof StabilityFunction.OneStep) {
            console.out().println("  one-step: y_1 = R(z) y_0");
        } else {
            console.out().println("  neither one-step nor linear multistep: stable where every eigenvalue of M(z) "
                    + "has modulus <= 1 (simple on the unit circle)");
        }
    }
}
