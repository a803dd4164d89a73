package org.schemenet.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.schemenet.scheme.Count;

/**
 * The report as web pages: one self-contained {@code index.html} per sweep (or any set of runs) and per
 * run. Self-contained means it opens from {@code file://} with nothing else: the charts are inline SVG
 * ({@link ChartImages#svg}), the style is inline, and there is no script and no request for anything
 * outside the file except the links between pages.
 *
 * <p>The sweep page: the results table (per cell, the mean ± sample standard deviation of the final
 * test error over seeds and each seed's value linked to its run's page, next to the seed paper's
 * 160-epoch number), the learning curves of every cell (all its seeds overlaid; training loss and
 * error in separate panels; learning-rate drops marked), test error per depth, the learned
 * coefficients per unit against their initial and classical values, and the regions of absolute
 * stability of the learned units over the fixed scheme's region. The run page: the same for one run,
 * with its epochs as a table; while the run is going it reloads itself every
 * {@value #REFRESH_SECONDS} seconds (the training process rewrites it after every epoch and at least every
 * {@value #REWRITE_SECONDS} seconds), until it is {@value #OVERDUE_SECONDS} seconds old: then no update came
 * (a process killed with SIGKILL writes no last page), and it stops and says so.
 */
public final class ReportPage {
    public static final String FILE = "index.html";
    public static final int REFRESH_SECONDS = 30;
    /** While the run trains, its process rewrites the page at least this often (after every epoch too). */
    public static final int REWRITE_SECONDS = 60;
    /** A live page this old (by the browser's clock) was not rewritten for three times that: no update came. */
    public static final int OVERDUE_SECONDS = 3 * REWRITE_SECONDS;

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
            max-width:1400px;padding:1rem 2rem 3rem;color:#222;line-height:1.45}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
            h3{margin-bottom:.3rem}
            table{border-collapse:collapse;margin:.6rem 0;font-variant-numeric:tabular-nums}
            th,td{border:1px solid #ccc;padding:.25rem .55rem;text-align:left;vertical-align:top}
            th{background:#f3f5f8}td.num{text-align:right}tbody tr:nth-child(even){background:#fafbfc}
            .paper{color:#555;font-style:italic}.note{color:#444;max-width:60rem}
            figure{margin:.6rem 0 1.4rem}figure.panels{display:flex;flex-wrap:wrap;gap:.5rem}
            figcaption{flex-basis:100%;color:#555;font-size:.92rem}
            svg.chart{width:100%;height:auto;border:1px solid #eee}figure.panels svg.chart{flex:1 1 420px;width:auto;min-width:0}
            span.seed{white-space:nowrap}
            .status{display:inline-block;padding:.1rem .6rem;border-radius:.8rem;background:#eee;font-weight:600}
            .status-running{background:#fff3c4}.status-completed{background:#d9f2e3}
            .status-diverged,.status-interrupted,.status-stale{background:#fbdada}
            details{margin:.4rem 0 1rem}summary{cursor:pointer}
            """;

    private ReportPage() {
    }

    /** Numbers the inline SVGs of one page, so their element ids never collide. */
    private static final class Ids {
        private int next;

        String next() {
            return "c" + (++next);
        }
    }

    /**
     * The page of a set of runs (a sweep directory).
     *
     * @param title    the page title, e.g. the directory's name
     * @param runs     every run, finished or not
     * @param analyses the learned-coefficient analysis of the runs that have one
     * @param runPage  the link to a run's own page, relative to this page (empty: no link)
     */
    public static String sweep(String title, List<RunResult> runs, List<ResultsReport.RunAnalysis> analyses,
                               Function<RunResult, Optional<String>> runPage) {
        Ids ids = new Ids();
        StringBuilder b = new StringBuilder();
        boolean running = runs.stream().anyMatch(r -> r.status().equals("running"));
        head(b, "Results: " + title);
        b.append("<h1>Results: ").append(Html.escape(title)).append("</h1>\n");
        long finished = runs.stream().filter(RunResult::finished).count();
        b.append("<p>").append(Count.of(runs.size(), "run")).append(", ").append(finished).append(" finished")
                .append(running ? " (some still running: this page shows them as of when it was written; their "
                        + "own pages update after every epoch)" : "").append(".</p>\n");

        ResultsTable table = ResultsTable.of(runs);
        b.append("<h2 id=\"table\">Test error</h2>\n");
        resultsTable(b, table, runPage);
        if (!table.unfinished().isEmpty()) {
            b.append("<p>Unfinished runs (not averaged):</p>\n<ul id=\"unfinished\">\n");
            for (RunResult r : table.unfinished()) {
                b.append("<li>").append(link(runPage.apply(r), Path.of(r.directory()).getFileName().toString()))
                        .append(": ").append(Html.escape(r.label())).append(", depth ").append(r.depth())
                        .append(", seed ").append(r.seed()).append(", ").append(r.epochs().size()).append(" of ")
                        .append(Count.of(r.plannedEpochs(), "epoch")).append(" (").append(Html.escape(r.status())).append(")</li>\n");
            }
            b.append("</ul>\n");
        }
        if (!table.repeated().isEmpty()) {
            b.append("<p>").append(Html.escape(ResultsTable.REPEATED_HEADING)).append("</p>\n<ul id=\"repeated\">\n");
            for (ResultsTable.Repeat r : table.repeated()) {
                b.append("<li>").append(link(runPage.apply(r.run()), r.run().directory())).append(": ")
                        .append(Html.escape(ResultsTable.describe(r).substring(r.run().directory().length() + 2)))
                        .append("</li>\n");
            }
            b.append("</ul>\n");
        }

        Map<String, List<RunResult>> cells = cells(runs);
        b.append("<h2 id=\"curves\">Learning curves</h2>\n");
        b.append("<p class=\"note\">Per cell, every seed overlaid. Left: training loss (mean cross-entropy of the "
                + "epoch's training batches). Right: test error (solid, after the epoch) and training error (dashed, "
                + "the epoch's forward passes). Dashed vertical lines: the learning rate drops after that epoch.</p>\n");
        cells.forEach((cell, group) -> {
            if (group.stream().allMatch(r -> r.epochs().isEmpty())) {
                return;
            }
            b.append("<h3>").append(Html.escape(cell)).append("</h3>\n");
            RunResult first = group.get(0);
            panels(b, ids, first.label() + ", depth " + first.depth() + ", " + seeds(group), group, cell);
        });
        Map<Integer, List<RunResult>> byDepth = new java.util.TreeMap<>();
        runs.stream().filter(r -> !r.epochs().isEmpty())
                .forEach(r -> byDepth.computeIfAbsent(r.depth(), d -> new ArrayList<>()).add(r));
        if (byDepth.size() > 0 && cells.size() > 1) {
            b.append("<h3>All cells</h3>\n");
            byDepth.forEach((depth, group) -> figure(b, ids, Charts.testError(depth, group),
                    "Test error of every run of depth " + depth + ", one colour per cell."));
        }

        Map<String, List<ResultsReport.RunAnalysis>> learned = new LinkedHashMap<>();
        for (ResultsReport.RunAnalysis a : analyses) {
            if (a.hasContent()) {
                learned.computeIfAbsent(cellName(a.run()), k -> new ArrayList<>()).add(a);
            }
        }
        if (!learned.isEmpty()) {
            b.append("<h2 id=\"coefficients\">Learned coefficients</h2>\n");
            b.append("<p class=\"note\">").append(Html.escape(ANALYSIS_NOTE)).append("</p>\n");
            learned.forEach((cell, list) -> {
                b.append("<h3>").append(Html.escape(cell)).append("</h3>\n");
                coefficientSection(b, ids, list.get(0).run().label(), list);
            });
            b.append("<h2 id=\"stability\">Regions of absolute stability</h2>\n");
            b.append("<p class=\"note\">").append(Html.escape(STABILITY_NOTE)).append("</p>\n");
            learned.forEach((cell, list) -> {
                Map<String, CoefficientAnalysis.UnitAnalysis> units = new LinkedHashMap<>();
                list.forEach(a -> a.units().forEach(u -> units.put("s" + a.run().seed() + " " + u.scheme().name(), u)));
                if (units.isEmpty()) {
                    return;
                }
                b.append("<h3>").append(Html.escape(cell)).append("</h3>\n<figure class=\"panels\">\n");
                RunResult first = list.get(0).run();
                ResultsReport.stabilityCharts(first.label() + ", depth " + first.depth(), list.get(0).fixed(), units)
                        .forEach((stage, chart) -> b.append(ChartImages.svg(chart, ids.next())).append('\n'));
                b.append("<figcaption>Filled: the region of the scheme with fixed (classical) coefficients. Lines: "
                        + "the boundary of each learned unit's region (legend: seed and unit).</figcaption>\n</figure>\n");
            });
        }
        foot(b);
        return b.toString();
    }

    /**
     * A run's page.
     *
     * @param analysis its learned-coefficient analysis, if it has one
     * @param live     whether the run is training now: the page then reloads itself every
     *                 {@value #REFRESH_SECONDS} s until no update came (also when the run's summary says
     *                 {@code running})
     * @param sweepPage the link to the page of the runs it belongs to, relative to this page, if any
     */
    public static String run(RunResult run, Optional<ResultsReport.RunAnalysis> analysis, boolean live,
                             Optional<String> sweepPage) {
        return run(run, analysis, live, sweepPage, Instant.now());
    }

    /**
     * A run's page written at {@code written}: a page that reloads itself records it, so that its script can
     * tell, by the browser's clock, that it is {@value #OVERDUE_SECONDS} s old and no update came.
     */
    public static String run(RunResult run, Optional<ResultsReport.RunAnalysis> analysis, boolean live,
                             Optional<String> sweepPage, Instant written) {
        Ids ids = new Ids();
        boolean refresh = live || run.status().equals("running");
        String status = live && !run.status().equals("running") ? "running" : run.status();
        String name = Path.of(run.directory()).getFileName().toString();
        StringBuilder b = new StringBuilder();
        head(b, name + ": " + run.label() + ", depth " + run.depth() + ", seed " + run.seed());
        sweepPage.ifPresent(p -> b.append("<p><a href=\"").append(Html.escape(p)).append("\">all runs</a></p>\n"));
        b.append("<h1>").append(Html.escape(run.label())).append(", depth ").append(run.depth()).append(", seed ")
                .append(run.seed()).append("</h1>\n");
        b.append("<p><span class=\"status status-").append(Html.escape(status)).append("\" id=\"status\">")
                .append(Html.escape(status)).append("</span> ").append(run.epochs().size()).append(" of ")
                .append(Count.of(run.plannedEpochs(), "epoch")).append(" · ").append(Html.escape(run.dataSet())).append(" · <code>")
                .append(Html.escape(run.directory())).append("</code></p>\n");
        if (refresh) {
            reloading(b, run, written);
        }

        ResultsTable table = ResultsTable.of(List.of(run));
        if (!table.rows().isEmpty()) {
            b.append("<h2 id=\"table\">Test error</h2>\n");
            resultsTable(b, table, r -> Optional.empty());
        }
        if (run.epochs().isEmpty()) {
            b.append("<p>No epoch has finished yet.</p>\n");
        } else {
            b.append("<h2 id=\"curves\">Learning curves</h2>\n");
            panels(b, ids, run.label() + ", depth " + run.depth() + ", seed " + run.seed(), List.of(run), null);
            Charts.coefficientTraces(run).ifPresent(c -> figure(b, ids, c,
                    "Every learnable coefficient after every epoch."));
            epochTable(b, run);
        }
        if (analysis.isPresent() && analysis.get().hasContent()) {
            ResultsReport.RunAnalysis a = analysis.get();
            b.append("<h2 id=\"coefficients\">Learned coefficients</h2>\n");
            b.append("<p class=\"note\">").append(Html.escape(ANALYSIS_NOTE)).append("</p>\n");
            coefficientSection(b, ids, run.label() + ", seed " + run.seed(), List.of(a));
            Map<String, CoefficientAnalysis.UnitAnalysis> units = new LinkedHashMap<>();
            a.units().forEach(u -> units.put(u.scheme().name(), u));
            Map<Integer, XYChart> stability = ResultsReport.stabilityCharts(run.label() + ", seed " + run.seed(),
                    a.fixed(), units);
            if (!stability.isEmpty()) {
                b.append("<h2 id=\"stability\">Regions of absolute stability</h2>\n");
                b.append("<p class=\"note\">").append(Html.escape(STABILITY_NOTE)).append("</p>\n");
                b.append("<figure class=\"panels\">\n");
                stability.values().forEach(c -> b.append(ChartImages.svg(c, ids.next())).append('\n'));
                b.append("</figure>\n");
            }
        } else if (!run.finalCoefficients().isEmpty()) {
            b.append("<p class=\"note\">The analysis of the learned coefficients (each unit's frozen scheme checked as "
                    + "an ODE integrator) is written by <code>runner report</code>.</p>\n");
        }
        foot(b);
        return b.toString();
    }

    static final String ANALYSIS_NOTE = "Per unit, the frozen scheme whose every step uses that unit's learned "
            + "coefficients (after the last completed epoch), checked as an ODE integrator: consistent (reproduces "
            + "y' = 0 and y' = 1), zero-stable (root condition of ρ; largest |ζ| shown), empirical order with exact "
            + "starting values (smallest over the test problems), interval of absolute stability [-x, 0], and how far "
            + "the coefficients moved from their initialisers' means and from the fixed scheme's (classical) values.";
    static final String STABILITY_NOTE = "Regions of absolute stability {z = hλ : the step does not grow on "
            + "y' = λy}, one chart per stage.";

    /**
     * The live page's note (when it was written, how often it is rewritten and reloaded), the hidden note for
     * when no update came, and the script that reloads the page every {@value #REFRESH_SECONDS} s, and once more
     * when it becomes overdue, or, when it is overdue at load, shows that note instead and stops. The times are
     * the writer's clock against the browser's; {@code Date.now()} only, so a test can move it on.
     */
    private static void reloading(StringBuilder b, RunResult run, Instant written) {
        String when = written.atZone(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss z", Locale.ROOT));
        b.append("<p class=\"note\" id=\"live\" data-written=\"").append(written.toEpochMilli())
                .append("\" data-overdue-after=\"").append(OVERDUE_SECONDS).append("\">This run is training: the page "
                        + "is rewritten after every epoch and at least every ").append(REWRITE_SECONDS)
                .append(" s, and reloads itself every ").append(REFRESH_SECONDS).append(" s. Written ")
                .append(Html.escape(when)).append(".</p>\n");
        b.append("<p class=\"note\" id=\"stale\" hidden>No update since ").append(Html.escape(when))
                .append(" (the page is rewritten at least every ").append(REWRITE_SECONDS).append(" s while the run "
                        + "trains): the run may have stopped. Run <code>runner report ")
                .append(Html.escape(run.directory())).append("</code> to see its state and rewrite this page.</p>\n");
        b.append("<script>\n(function () {\n"
                + "  var live = document.getElementById('live');\n"
                + "  var left = Number(live.dataset.written) + 1000 * Number(live.dataset.overdueAfter) - Date.now();\n"
                + "  if (left > 0) {\n"
                + "    setTimeout(function () { location.reload(); }, Math.min(").append(REFRESH_SECONDS * 1000)
                .append(", left + 1000));\n"
                + "    return;\n"
                + "  }\n"
                + "  live.hidden = true;\n"
                + "  document.getElementById('stale').hidden = false;\n"
                + "  var status = document.getElementById('status');\n"
                + "  status.textContent = 'no update';\n"
                + "  status.className = 'status status-stale';\n"
                + "})();\n</script>\n");
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
    }

    private static void foot(StringBuilder b) {
        b.append("<hr>\n<p class=\"note\">Written by <code>runner report</code> (schemenet) from each run's "
                + "<code>config.toml</code>, <code>metrics.csv</code> and <code>summary.json</code>. "
                + "The paper's numbers are for its protocol: 160 epochs on the official CIFAR-10.</p>\n"
                + "</body>\n</html>\n");
    }

    /** The results table: one row per cell, with {@code data-} attributes naming the cell and its values. */
    private static void resultsTable(StringBuilder b, ResultsTable table,
                                     Function<RunResult, Optional<String>> runPage) {
        b.append("<table id=\"results\">\n<thead><tr><th>scheme</th><th>depth</th><th>epochs</th><th>data</th>"
                + "<th>test error % (mean ± std)</th><th>seeds</th><th>per seed (final test error %)</th>"
                + "<th class=\"paper\">").append(Html.escape(ResultsTable.PAPER_COLUMN)).append("</th></tr></thead>\n<tbody>\n");
        for (ResultsTable.Row r : table.rows()) {
            b.append("<tr data-cell=\"").append(Html.escape(r.label())).append("\" data-depth=\"").append(r.depth())
                    .append("\" data-mean=\"").append(fixed(r.testErrorPercent().mean())).append("\" data-std=\"")
                    .append(Double.isNaN(r.testErrorPercent().std()) ? "" : fixed(r.testErrorPercent().std()))
                    .append("\">");
            b.append("<td>").append(Html.escape(r.label())).append("</td><td class=\"num\">").append(r.depth())
                    .append("</td><td class=\"num\">").append(r.epochs()).append("</td><td>")
                    .append(Html.escape(r.dataSet())).append("</td><td class=\"num mean\">")
                    .append(Html.escape(r.testErrorPercent().format())).append("</td><td class=\"num\">")
                    .append(r.testErrorPercent().n()).append("</td><td class=\"seeds\">");
            List<String> seeds = new ArrayList<>();
            for (RunResult run : r.runs()) {
                String value = fixed(100 * run.finalTestError());
                String text = "s" + run.seed() + " " + value;
                seeds.add("<span class=\"seed\" data-seed=\"" + run.seed() + "\" data-value=\"" + value + "\">"
                        + link(runPage.apply(run), text) + "</span>");
            }
            b.append(String.join(", ", seeds)).append("</td><td class=\"num paper\">")
                    .append(r.paperPercent() == null ? "—" : fixed(r.paperPercent())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        b.append("<p class=\"note\">Mean ± sample standard deviation (n − 1) of the test error after the last "
                + "epoch, over seeds; one seed has none. The last column is the seed paper's number for the same "
                + "network after its 160-epoch protocol on the official CIFAR-10: a row with fewer epochs or other "
                + "data is not that protocol.</p>\n");
    }

    private static void epochTable(StringBuilder b, RunResult run) {
        b.append("<details open><summary>Every epoch</summary>\n<table id=\"epochs\">\n<thead><tr><th>epoch</th>"
                + "<th>learning rate</th><th>training loss</th><th>training error %</th><th>test error %</th>"
                + "</tr></thead>\n<tbody>\n");
        for (RunResult.EpochMetrics e : run.epochs()) {
            b.append("<tr><td class=\"num\">").append(e.epoch()).append("</td><td class=\"num\">")
                    .append(Double.isNaN(e.learningRate()) ? "—" : Html.escape(plain(e.learningRate())))
                    .append("</td><td class=\"num\">").append(number(e.trainLoss(), "%.4f"))
                    .append("</td><td class=\"num\">").append(number(100 * e.trainError(), "%.2f"))
                    .append("</td><td class=\"num\">").append(number(100 * e.testError(), "%.2f")).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</details>\n");
    }

    private static void coefficientSection(StringBuilder b, Ids ids, String title,
                                           List<ResultsReport.RunAnalysis> analyses) {
        Map<String, List<CoefficientAnalysis.UnitAnalysis>> bySeed = new LinkedHashMap<>();
        for (ResultsReport.RunAnalysis a : analyses) {
            if (!a.units().isEmpty()) {
                bySeed.put("seed " + a.run().seed(), a.units());
            }
        }
        if (!bySeed.isEmpty()) {
            b.append("<figure class=\"panels\">\n");
            Charts.coefficientsPerUnit(title, bySeed).forEach(c -> b.append(ChartImages.svg(c, ids.next())).append('\n'));
            b.append("<figcaption>Each unit's learned value (circles, one colour per seed), its initialiser's mean "
                    + "(triangles) and the classical value of the fixed scheme (diamonds).</figcaption>\n</figure>\n");
        }
        for (ResultsReport.RunAnalysis a : analyses) {
            RunResult r = a.run();
            b.append("<details").append(analyses.size() == 1 ? " open" : "").append("><summary>Seed ").append(r.seed())
                    .append(", after epoch ").append(r.epochs().isEmpty() ? 0 : r.epochs().get(r.epochs().size() - 1)
                            .epoch()).append(" of ").append(r.plannedEpochs()).append("</summary>\n");
            if (a.note() != null) {
                b.append("<p>").append(Html.escape(a.note())).append("</p>\n");
            }
            if (!a.outcomes().isEmpty()) {
                unitTable(b, a.outcomes());
            }
            b.append("</details>\n");
        }
    }

    /** The per-unit table; a unit that was not analysed is a row with its learned values and why. */
    private static void unitTable(StringBuilder b, List<CoefficientAnalysis.Outcome> units) {
        b.append("<table class=\"units\">\n<thead><tr><th>unit</th><th>learned</th><th>initial mean</th>"
                + "<th>classical</th><th>consistent</th><th>zero-stable (max |ζ|)</th><th>order</th>"
                + "<th>stability interval</th><th>Δ initial</th><th>Δ classical</th></tr></thead>\n<tbody>\n");
        for (CoefficientAnalysis.Outcome o : units) {
            if (o instanceof CoefficientAnalysis.NotAnalysed n) {
                b.append("<tr><td>").append(Html.escape(n.scheme().name())).append("</td><td>")
                        .append(Html.escape(values(n.scheme().learned()))).append("</td><td colspan=\"8\" "
                                + "class=\"not-analysed\">").append(Html.escape(ResultsReport.notAnalysed(n)))
                        .append("</td></tr>\n");
                continue;
            }
            CoefficientAnalysis.UnitAnalysis u = (CoefficientAnalysis.UnitAnalysis) o;
            b.append("<tr><td>").append(Html.escape(u.scheme().name())).append("</td><td>")
                    .append(Html.escape(values(u.scheme().learned()))).append("</td><td>")
                    .append(Html.escape(values(u.initial()))).append("</td><td>")
                    .append(Html.escape(values(u.classical()))).append("</td><td>")
                    .append(u.consistent() ? "yes" : "no").append("</td><td>").append(u.zeroStable() ? "yes" : "no")
                    .append(String.format(Locale.ROOT, " (%.4f)", u.report().rootCondition().spectralRadius()))
                    .append("</td><td class=\"num\">").append(number(u.order(), "%.2f")).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.3f", u.stabilityInterval())).append("</td><td class=\"num\">")
                    .append(ResultsReport.coefficient(u.distanceFromInitial())).append("</td><td class=\"num\">")
                    .append(ResultsReport.coefficient(u.distanceFromClassical())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static String values(Map<String, Double> v) {
        if (v.isEmpty()) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        v.forEach((k, x) -> parts.add(k + " " + ResultsReport.coefficient(x)));
        return String.join(", ", parts);
    }

    /** The two learning-curve panels of {@code runs} in one figure. */
    private static void panels(StringBuilder b, Ids ids, String title, List<RunResult> runs, String cell) {
        b.append("<figure class=\"panels\"").append(cell == null ? "" : " data-cell=\"" + Html.escape(cell) + "\"")
                .append(">\n");
        b.append(ChartImages.svg(Charts.lossPanel(title, runs), ids.next())).append('\n');
        b.append(ChartImages.svg(Charts.errorPanel(title, runs), ids.next())).append('\n');
        b.append("</figure>\n");
    }

    private static void figure(StringBuilder b, Ids ids, Chart<?, ?> chart, String caption) {
        b.append("<figure>\n").append(ChartImages.svg(chart, ids.next())).append("\n<figcaption>")
                .append(Html.escape(caption)).append("</figcaption>\n</figure>\n");
    }

    /** Runs by cell (scheme with options, depth, epochs, data set), in the order of the results table. */
    static Map<String, List<RunResult>> cells(List<RunResult> runs) {
        Map<String, List<RunResult>> cells = new java.util.TreeMap<>();
        for (RunResult r : runs) {
            cells.computeIfAbsent(cellName(r), k -> new ArrayList<>()).add(r);
        }
        cells.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(RunResult::seed)));
        return cells;
    }

    private static String cellName(RunResult r) {
        return r.label() + ", depth " + r.depth() + ", " + Count.of(r.plannedEpochs(), "epoch") + ", " + r.dataSet();
    }

    private static String seeds(List<RunResult> group) {
        long n = group.stream().mapToLong(RunResult::seed).distinct().count();
        return n == 1 ? "seed " + group.get(0).seed() : n + " seeds";
    }

    private static String link(Optional<String> href, String text) {
        return href.map(h -> "<a href=\"" + Html.escape(h) + "\">" + Html.escape(text) + "</a>")
                .orElse(Html.escape(text));
    }

    private static String fixed(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private static String number(double x, String format) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, format, x) : "—";
    }

    private static String plain(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
