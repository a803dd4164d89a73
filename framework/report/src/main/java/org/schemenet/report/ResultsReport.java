package org.schemenet.report;

import org.schemenet.run.AtomicWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.schemenet.numerics.StabilityFunction;

/**
 * What {@code runner report} writes: {@code results.md} (the {@link ResultsTable} and, per run with
 * learnable coefficients, the {@link CoefficientAnalysis} per unit) and the pictures: per run
 * {@code learning-curves.png}, {@code coefficients.png} and {@code stability-stage<s>.png} in the run
 * directory; per report {@code test-error-d<depth>.png} next to results.md.
 */
public final class ResultsReport {
    public static final String RESULTS = "results.md";
    public static final String LEARNING_CURVES = "learning-curves.png";
    public static final String COEFFICIENTS = "coefficients.png";

    /**
     * A run with its learned-coefficient analysis.
     *
     * @param run   the run
     * @param fixed the stability function of the scheme with fixed (classical) coefficients, if known
     * @param outcomes the analysis of every unit, or why a unit has none (empty for a run without learnable
     *                 coefficients, or without any analysis)
     * @param note     why the run has no analysis at all (e.g. the scheme is not installed), or null
     */
    public record RunAnalysis(RunResult run, Optional<StabilityFunction> fixed,
                              List<CoefficientAnalysis.Outcome> outcomes, String note) {
        public RunAnalysis {
            outcomes = List.copyOf(outcomes);
        }

        /** The units that were analysed (those of {@link #outcomes} that are not {@code NotAnalysed}). */
        public List<CoefficientAnalysis.UnitAnalysis> units() {
            return CoefficientAnalysis.analysed(outcomes);
        }

        /** Whether there is anything to show: a unit's row or a note. */
        public boolean hasContent() {
            return !outcomes.isEmpty() || note != null;
        }
    }

    private ResultsReport() {
    }

    /** The per-run pictures in {@code runDir}: learning curves, and coefficient traces if the run has any. */
    public static List<Path> runPictures(RunResult run, Path runDir) {
        List<Path> written = new ArrayList<>();
        if (run.epochs().isEmpty()) {
            return written;
        }
        Charts.learningCurves(run, runDir.resolve(LEARNING_CURVES));
        written.add(runDir.resolve(LEARNING_CURVES));
        if (Charts.coefficientTraces(run, runDir.resolve(COEFFICIENTS))) {
            written.add(runDir.resolve(COEFFICIENTS));
        }
        return written;
    }

    /**
     * One picture per stage in {@code runDir}: the fixed scheme's region of absolute stability with the
     * boundary of every learned unit's frozen scheme over it ({@code stability-stage<s>.png}).
     */
    public static List<Path> stabilityPictures(RunAnalysis a, Path runDir) {
        List<Path> written = new ArrayList<>();
        Map<String, CoefficientAnalysis.UnitAnalysis> units = new LinkedHashMap<>();
        a.units().forEach(u -> units.put(u.scheme().name(), u));
        stabilityCharts(a.run().label() + ", depth " + a.run().depth() + ", seed " + a.run().seed(), a.fixed(), units)
                .forEach((stage, chart) -> {
                    Path png = runDir.resolve("stability-stage" + stage + ".png");
                    ChartImages.writePng(png, chart);
                    written.add(png);
                });
        return written;
    }

    /**
     * Per stage, the fixed scheme's region of absolute stability (filled) with the boundaries of the
     * regions of the learned units of that stage over it, in a view wide enough for the widest interval.
     *
     * @param units the units to draw by legend name (e.g. {@code stage2.unit1}, or {@code s2 stage2.unit1}
     *              when several runs share the chart)
     */
    public static Map<Integer, XYChart> stabilityCharts(String title, Optional<StabilityFunction> fixed,
                                                        Map<String, CoefficientAnalysis.UnitAnalysis> units) {
        Map<Integer, Map<String, StabilityFunction>> byStage = new TreeMap<>();
        double widest = fixed.isPresent() ? 0 : 1;
        for (Map.Entry<String, CoefficientAnalysis.UnitAnalysis> e : units.entrySet()) {
            CoefficientAnalysis.UnitAnalysis u = e.getValue();
            if (u.stability().isPresent()) {
                byStage.computeIfAbsent(u.scheme().stage(), s -> new LinkedHashMap<>()).put(e.getKey(),
                        u.stability().get());
                widest = Math.max(widest, u.stabilityInterval());
            }
        }
        double[] box = box(Math.max(widest, fixedInterval(fixed)));
        Map<Integer, XYChart> charts = new LinkedHashMap<>();
        byStage.forEach((stage, learned) -> charts.put(stage, Charts.stabilityComparison(title + ", stage " + stage,
                fixed.orElse(null), learned, box[0], box[1], box[2], box[3])));
        return charts;
    }

    private static double fixedInterval(Optional<StabilityFunction> fixed) {
        if (fixed.isEmpty()) {
            return 0;
        }
        double x = 0;
        while (x < 10 && fixed.get().isStable(new org.schemenet.numerics.Complex(-(x + 0.05), 0))) {
            x += 0.05;
        }
        return x;
    }

    /** A view of the left half-plane wide enough for a stability interval {@code x}: {@code [reMin, reMax, imMin, imMax]}. */
    public static double[] box(double interval) {
        double x = Math.min(Math.max(interval, 1.0), 10.0);
        double im = 1.1 * x + 0.4;
        return new double[] {-(1.25 * x + 0.3), 0.6, -im, im};
    }

    /** results.md: the table, the unfinished runs, the analysis, the pictures (paths relative to {@code dir}). */
    public static String markdown(List<RunResult> runs, List<RunAnalysis> analyses, List<Path> pictures, Path dir) {
        StringBuilder md = new StringBuilder("# Results\n\n");
        md.append(ResultsTable.of(runs).markdown());
        List<RunAnalysis> learned = analyses.stream().filter(RunAnalysis::hasContent).toList();
        if (!learned.isEmpty()) {
            md.append("\n## Learned coefficients\n\n");
            md.append("Per unit, the frozen scheme whose every step uses that unit's learned coefficients (after the "
                    + "last completed epoch), checked as an ODE integrator: consistent (reproduces y' = 0 and y' = 1), "
                    + "zero-stable (root condition of ρ; max |ζ| shown), empirical order with exact starting values "
                    + "(smallest over the test problems), interval of absolute stability [-x, 0], and "
                    + "max |θ − θ_init| from the initialisers' means and max |θ − θ_classical| from the fixed "
                    + "scheme's coefficients at the same place.\n");
            for (RunAnalysis a : learned) {
                RunResult r = a.run();
                md.append(String.format(Locale.ROOT, "%n### %s, depth %d, seed %d, epoch %d of %d%n%n", r.label(),
                        r.depth(), r.seed(), r.epochs().isEmpty() ? 0 : r.epochs().get(r.epochs().size() - 1).epoch(),
                        r.plannedEpochs()));
                md.append("`").append(r.directory()).append("`\n\n");
                if (a.note() != null) {
                    md.append(a.note()).append("\n");
                }
                if (!a.outcomes().isEmpty()) {
                    md.append(unitTable(a.outcomes()));
                }
            }
        }
        if (!pictures.isEmpty()) {
            md.append("\n## Pictures\n\n");
            for (Path p : pictures) {
                String rel = relative(dir, p);
                md.append("- [").append(rel).append("](").append(rel).append(")\n");
            }
        }
        return md.toString();
    }

    /**
     * The per-unit table of a run's analysis: a unit that was not analysed is a row with its learned values and
     * {@code not analysed: <why>} in the place of the analysis.
     */
    public static String unitTable(List<? extends CoefficientAnalysis.Outcome> units) {
        StringBuilder md = new StringBuilder();
        md.append("| unit | learned | initial mean | classical | consistent | zero-stable (max abs root) | order | "
                + "stability interval | Δ initial | Δ classical |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (CoefficientAnalysis.Outcome o : units) {
            if (o instanceof CoefficientAnalysis.NotAnalysed n) {
                md.append("| ").append(n.scheme().name()).append(" | ").append(values(n.scheme().learned()))
                        .append(" | ").append(markdownCell(notAnalysed(n))).append(" | — | — | — | — | — | — | — |\n");
                continue;
            }
            CoefficientAnalysis.UnitAnalysis u = (CoefficientAnalysis.UnitAnalysis) o;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s (%.4f) | %s | %.3f | %s | %s |%n",
                    u.scheme().name(), values(u.scheme().learned()), values(u.initial()), values(u.classical()),
                    u.consistent() ? "yes" : "no", u.zeroStable() ? "yes" : "no",
                    u.report().rootCondition().spectralRadius(), number(u.order(), "%.2f"), u.stabilityInterval(),
                    coefficient(u.distanceFromInitial()), coefficient(u.distanceFromClassical())));
        }
        return md.toString();
    }

    /** {@code not analysed: <why>}, the row of a unit without analysis says it. */
    static String notAnalysed(CoefficientAnalysis.NotAnalysed n) {
        return "not analysed: " + n.reason();
    }

    /** {@code text} safe in a Markdown table cell ('|' escaped). */
    private static String markdownCell(String text) {
        return text.replace("|", "\\|");
    }

    private static String values(Map<String, Double> v) {
        if (v.isEmpty()) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        v.forEach((k, x) -> parts.add(k + " " + coefficient(x)));
        return String.join(", ", parts);
    }

    /** Four decimals, or four significant digits in exponent form from 10⁴ up; a dash for NaN. */
    static String coefficient(double x) {
        if (Double.isNaN(x)) {
            return "—";
        }
        return Math.abs(x) >= 1e4 ? String.format(Locale.ROOT, "%.4g", x) : String.format(Locale.ROOT, "%.4f", x);
    }

    private static String number(double x, String format) {
        return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, format, x);
    }

    private static String relative(Path dir, Path p) {
        try {
            return dir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename, rw-r--r-- (see {@link AtomicWrite}). */
    public static void writeAtomically(Path file, String text) {
        AtomicWrite.text(file, text);
    }
}
