package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.StabilityFunction;
import org.schemenet.report.Charts;
import org.schemenet.report.ResultsReport;
import org.schemenet.scheme.Discretisation;
import org.schemenet.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runner verify}: the conformance kit on one scheme's wiring. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Runs a scheme's stage wiring as an ODE integrator and reports its empirical order "
                + "per test problem (from exact starting values, cold-started and after a transition), consistency, "
                + "zero-stability "
                + "and the interval of absolute stability on the negative real axis. Learnable coefficients take "
                + "the means of their initialisers. A FAIL names each property that failed, measured against "
                + "claimed.",
                "Exit code 0 when every order measured from exact start values is within 0.3 of the nominal order, "
                + "the stages started cold and after a transition converge (order at least 0.7), and the scheme is "
                + "consistent and zero-stable; 1 otherwise; 2 for bad usage or a broken plugin."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--scheme", required = true, paramLabel = "NAME", description = "the scheme to verify, e.g. adams")
    String scheme;

    @Mixin
    SchemeOptions schemeOptions;

    @Mixin
    PluginFolderOption plugins;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "after verifying, also draw the region of "
            + "absolute stability (where the step matrix M(z) of the wiring on y' = lambda y has spectral radius <= 1; "
            + "with the boundary locus for linear multistep schemes) to FILE.png")
    Path plot;

    @Mixin
    VerboseOption verbose;

    private final SchemeService schemes;
    private final Console console;

    @Inject
    VerifyCommand(SchemeService schemes, Console console) {
        this.schemes = schemes;
        this.console = console;
    }

    @Override
    public Integer call() {
        Optional<ConfiguredScheme> chosen = schemeOptions.chosen(schemes, plugins.folder(), scheme, console.out());
        if (chosen.isEmpty()) {
            return Main.OK;
        }
        SchemeRegistry.Entry entry = chosen.get().entry();
        Discretisation d = chosen.get().discretisation();
        ConformanceReport r = chosen.get().asIntegrator(ConformanceKit.atInitialMeans()::verify);
        if (json) {
            console.out().println(Json.writeLine(toJson(entry, d, r)));
        } else {
            print(r);
        }
        console.out().flush();
        if (plot != null) {
            StabilityFunction f = chosen.get().asIntegrator(x -> StabilityFunction.of(x, ParameterValues::means)).orElseThrow(() -> new UsageException(
                    "--plot: " + d.description() + " has no steady step (its steps differ in structure), so there is "
                            + "no region to draw; the verification above stands"));
            double[] box = ResultsReport.box(r.stabilityInterval());
            Charts.stabilityRegion("region of absolute stability: " + d.description(), f, box[0], box[1], box[2],
                    box[3], plot);
            if (!json) {
                console.out().printf(Locale.ROOT, "  region of absolute stability: %s%n", plot);
            }
        }
        return r.passes() ? Main.OK : Main.FAILED;
    }

    private void print(ConformanceReport r) {
        var out = console.out();
        out.printf(Locale.ROOT, "%s (nominal order %d)%n", r.description(), r.nominalOrder());
        out.printf(Locale.ROOT, "  %-26s %14s %14s %16s%n", "problem", "order (exact", "order (cold", "order (after a");
        out.printf(Locale.ROOT, "  %-26s %14s %14s %16s%n", "", "start values)", "start)", "transition)");
        for (int i = 0; i < r.orders().size(); i++) {
            out.printf(Locale.ROOT, "  %-26s %14.3f %14.3f %16.3f%n", r.orders().get(i).problem(),
                    r.orders().get(i).order(), r.coldOrders().get(i).order(), r.transitionOrders().get(i).order());
        }
        out.printf(Locale.ROOT, "  consistency: %s%n", r.consistency().explanation());
        out.printf(Locale.ROOT, "  zero-stability (root condition): %s, roots of rho: %s%n",
                r.rootCondition().satisfied() ? "satisfied" : "VIOLATED", r.rootCondition().roots());
        out.printf(Locale.ROOT, "  absolute stability on the negative real axis: [-%.4f, 0]%n", r.stabilityInterval());
        out.printf(Locale.ROOT, "  verdict: %s%n", r.passes() ? "PASS" : "FAIL");
        r.failures().forEach(f -> out.printf(Locale.ROOT, "    failed: %s%n", f));
    }

    private static Map<String, Object> toJson(SchemeRegistry.Entry entry, Discretisation d, ConformanceReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", entry.scheme().name());
        m.put("description", r.description());
        m.put("nominalOrder", r.nominalOrder());
        m.put("evaluationsPerStep", d.evaluationsPerStep());
        m.put("historyDepth", d.historyDepth());
        List<Object> problems = new ArrayList<>();
        for (int i = 0; i < r.orders().size(); i++) {
            OrderEstimate o = r.orders().get(i);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("problem", o.problem());
            p.put("order", o.order());
            p.put("coldOrder", r.coldOrders().get(i).order());
            p.put("transitionOrder", r.transitionOrders().get(i).order());
            problems.add(p);
        }
        m.put("problems", problems);
        m.put("consistent", r.consistency().consistent());
        m.put("zeroStable", r.rootCondition().satisfied());
        m.put("rootsOfRho", r.rootCondition().roots().stream().map(Object::toString).toList());
        m.put("stabilityInterval", List.of(-r.stabilityInterval(), 0.0));
        m.put("passes", r.passes());
        m.put("failures", r.failures());
        return m;
    }
}
