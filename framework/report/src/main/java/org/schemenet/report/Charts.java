package org.schemenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.font.FontRenderContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.schemenet.numerics.Complex;
import org.schemenet.numerics.StabilityFunction;

/**
 * The project's charts, built with XChart in one style (white, 13–16 pt sans-serif, one quantity per
 * axis, legends that never squeeze the plot, titles that fit): learning curves, coefficient traces,
 * test error by depth, learned coefficients per unit, regions of absolute stability (filled). Each is
 * an {@link XYChart}; {@link ChartImages} renders it as a PNG file or as inline SVG.
 */
public final class Charts {
    /** One panel's size in pixels. */
    static final int WIDTH = 640;
    static final int HEIGHT = 440;
    /** The Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), yellow left out. */
    static final List<Color> PALETTE = List.of(new Color(0, 114, 178), new Color(230, 159, 0),
            new Color(0, 158, 115), new Color(213, 94, 0), new Color(204, 121, 167), new Color(86, 180, 233),
            Color.BLACK);
    private static final Color REGION = new Color(160, 195, 235);
    private static final String FONT = Font.SANS_SERIF;
    private static final int TITLE_POINTS = 16;
    private static final int SMALLEST_TITLE_POINTS = 11;
    private static final Font LEGEND_FONT = new Font(FONT, Font.PLAIN, 13);

    private Charts() {
    }

    /** An empty chart in the project's style (the title is fitted when it is rendered: {@link #fitTitle}). */
    static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        return chart;
    }

    /** The project's style on any chart with axes. */
    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleFont(new Font(FONT, Font.BOLD, TITLE_POINTS));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendFont(LEGEND_FONT);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAnnotationTextFont(new Font(FONT, Font.PLAIN, 12));
        s.setAnnotationTextFontColor(Color.DARK_GRAY);
        s.setAnnotationLineColor(Color.GRAY);
        s.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        s.setMarkerSize(7);
        s.setChartPadding(12);
        s.setPlotMargin(6);
    }

    /**
     * Sets the largest title font from 16 pt down to 11 pt in which the title fits: XChart centres the
     * title over the plot area, so it fits while half of it fits between the plot's centre and either
     * edge of the chart; the plot starts after the padding and the y axis (about 80 pixels) and ends
     * before the padding and, for a legend on the right, the legend (its longest entry plus its symbol).
     * A title that does not fit in 11 pt is shortened in the middle with an ellipsis rather than clipped
     * at an edge.
     *
     * @return whether the title fits without shortening
     */
    static boolean fitTitle(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) {
            return true;
        }
        int available = titleRoom(chart);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        for (int points = TITLE_POINTS; points >= SMALLEST_TITLE_POINTS; points--) {
            Font f = new Font(FONT, Font.BOLD, points);
            if (f.getStringBounds(title, frc).getWidth() <= available) {
                chart.getStyler().setChartTitleFont(f);
                return true;
            }
        }
        Font f = new Font(FONT, Font.BOLD, SMALLEST_TITLE_POINTS);
        chart.getStyler().setChartTitleFont(f);
        String shortened = title;
        while (shortened.length() > 8 && f.getStringBounds(shortened, frc).getWidth() > available) {
            int mid = shortened.length() / 2;
            shortened = shortened.substring(0, mid - 2) + "…" + shortened.substring(mid + 1).replaceFirst("^…", "");
        }
        chart.setTitle(shortened);
        return false;
    }

    /** The width a title may take (see {@link #fitTitle}). */
    static int titleRoom(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        int legend = s.isLegendVisible() && s.getLegendPosition() == Styler.LegendPosition.OutsideE
                ? legendRoom(chart) : 0;
        int width = chart.getWidth();
        int plotLeft = s.getChartPadding() + 80;
        int plotRight = width - s.getChartPadding() - legend;
        double centre = (plotLeft + plotRight) / 2.0;
        return (int) (2 * Math.min(centre, width - centre)) - 16;
    }

    /** The width a legend right of the plot takes: its longest entry plus symbol and padding, in pixels. */
    static int legendRoom(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        return legendRoom(chart.getSeriesMap().values().stream().filter(x -> x.isShowInLegend())
                .map(x -> x.getName()).toList(), chart.getStyler().getLegendFont());
    }

    private static int legendRoom(List<String> entries, Font font) {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        double longest = 0;
        for (String entry : entries) {
            longest = Math.max(longest, font.getStringBounds(entry, frc).getWidth());
        }
        return (int) longest + 70;
    }

    // ---------------------------------------------------------------- learning curves

    /** One line of a learning-curve panel, collected before the panel is sized for its legend. */
    private record Curve(String name, List<Integer> epochs, List<Double> values, Color color, boolean test) {
    }

    /**
     * A learning-curve panel of {@code curves}: widened by the legend's room when it has more than one
     * curve, the legend right of the plot (inside it, the legend covered the first epochs of three
     * seeds), axes and learning-rate drops by {@link #axes}.
     */
    private static XYChart panel(String title, String yTitle, List<Curve> curves, List<RunResult> runs, double max) {
        boolean legend = curves.size() > 1 && curves.size() <= 8;
        int width = WIDTH + (legend ? legendRoom(curves.stream().map(Curve::name).toList(), LEGEND_FONT) : 0);
        XYChart chart = chart(title, "epoch", yTitle, width, HEIGHT);
        for (Curve c : curves) {
            XYSeries s = chart.addSeries(c.name(), c.epochs(), c.values());
            s.setLineColor(c.color());
            s.setMarkerColor(c.color());
            s.setMarker(c.test() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (!c.test()) {
                s.setLineStyle(dashed());
            }
        }
        axes(chart, runs, max);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(legend);
        return chart;
    }

    /** {@link #unique(Predicate, String)} among {@code curves}' names. */
    private static String unique(List<Curve> curves, String name) {
        return unique(n -> curves.stream().anyMatch(c -> c.name().equals(n)), name);
    }

    /**
     * Training loss per epoch of {@code runs} (e.g. the seeds of one cell), one line per run, with the
     * learning-rate drops marked.
     */
    public static XYChart lossPanel(String title, List<RunResult> runs) {
        List<Curve> curves = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            List<Integer> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (RunResult.EpochMetrics e : r.epochs()) {
                if (Double.isFinite(e.trainLoss())) {
                    x.add(e.epoch());
                    y.add(e.trainLoss());
                    max = Math.max(max, e.trainLoss());
                }
            }
            if (!x.isEmpty()) {
                curves.add(new Curve(unique(curves, seedName(r, runs)), x, y, color(i), true));
            }
        }
        return panel(title, "training loss", curves, runs, max);
    }

    /**
     * Test error and training error in % per epoch of {@code runs}: test error solid with markers,
     * training error ({@code 1 − train accuracy}) dashed, one colour per run; learning-rate drops marked.
     */
    public static XYChart errorPanel(String title, List<RunResult> runs) {
        List<Curve> curves = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            String name = seedName(r, runs);
            List<Integer> x = new ArrayList<>();
            List<Double> test = new ArrayList<>();
            List<Integer> xt = new ArrayList<>();
            List<Double> train = new ArrayList<>();
            for (RunResult.EpochMetrics e : r.epochs()) {
                if (Double.isFinite(e.testError())) {
                    x.add(e.epoch());
                    test.add(100 * e.testError());
                    max = Math.max(max, 100 * e.testError());
                }
                if (Double.isFinite(e.trainError())) {
                    xt.add(e.epoch());
                    train.add(100 * e.trainError());
                    max = Math.max(max, 100 * e.trainError());
                }
            }
            if (!x.isEmpty()) {
                curves.add(new Curve(unique(curves, "test" + (name.isEmpty() ? "" : ", " + name)), x, test, color(i),
                        true));
            }
            if (!xt.isEmpty()) {
                curves.add(new Curve(unique(curves, "train" + (name.isEmpty() ? "" : ", " + name)), xt, train,
                        color(i), false));
            }
        }
        return panel(title, "error %", curves, runs, max);
    }

    /** A run's two learning-curve panels side by side in one PNG (loss; error). */
    public static void learningCurves(RunResult run, Path png) {
        String title = run.label() + ", depth " + run.depth() + ", seed " + run.seed();
        ChartImages.writePng(png, lossPanel(title, List.of(run)), errorPanel(title, List.of(run)));
    }

    /**
     * Epochs on the x axis from 0 (or 1) to the last planned epoch, y from 0 to a round number above
     * {@code max}, and a dashed vertical line after every epoch where the learning rate dropped.
     */
    private static void axes(XYChart chart, List<RunResult> runs, double max) {
        int last = runs.stream().mapToInt(r -> Math.max(r.plannedEpochs(), r.epochs().size())).max().orElse(1);
        XYStyler s = chart.getStyler();
        s.setXAxisMin(last > 1 ? 1.0 : 0.0);
        s.setXAxisMax((double) Math.max(last, 2));
        s.setXAxisDecimalPattern("0");
        s.setXAxisMaxLabelCount(12);
        double top = niceCeiling(max > 0 ? max * 1.08 : 1);
        s.setYAxisMin(0.0);
        s.setYAxisMax(top);
        for (Map.Entry<Integer, Double> drop : learningRateDrops(runs).entrySet()) {
            chart.addAnnotation(new AnnotationLine(drop.getKey(), true, false));
            chart.addAnnotation(new AnnotationText("lr " + rate(drop.getValue()), drop.getKey(), top * 0.965, false));
        }
    }

    /**
     * The epochs after which the learning rate dropped, with the new rate: epoch {@code e} where the
     * rate of epoch {@code e + 1} is below that of {@code e} in any of {@code runs}.
     */
    static Map<Integer, Double> learningRateDrops(List<RunResult> runs) {
        Map<Integer, Double> drops = new TreeMap<>();
        for (RunResult r : runs) {
            List<RunResult.EpochMetrics> e = r.epochs();
            for (int i = 1; i < e.size(); i++) {
                if (e.get(i).learningRate() < e.get(i - 1).learningRate()) {
                    drops.putIfAbsent(e.get(i - 1).epoch(), e.get(i).learningRate());
                }
            }
        }
        return drops;
    }

    /**
     * The smallest 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten that is at least
     * {@code x > 0}: an axis end at most a third above the data (a 1-2-5 series left the top half of an
     * error axis empty: 100 % for errors up to 55 %).
     */
    static double niceCeiling(double x) {
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= x * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String rate(double lr) {
        return new java.math.BigDecimal(lr).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- coefficients

    /** Every learnable coefficient per epoch, one line each; empty when the run has none. */
    public static Optional<XYChart> coefficientTraces(RunResult run) {
        TreeSet<String> names = new TreeSet<>();
        run.epochs().forEach(e -> names.addAll(e.coefficients().keySet()));
        if (names.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = chart("learned coefficients: " + run.label() + ", seed " + run.seed(), "epoch", "value",
                WIDTH + 200, HEIGHT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(names.size() <= 24);
        chart.getStyler().setXAxisDecimalPattern("0");
        int i = 0;
        for (String name : names) {
            List<Integer> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (RunResult.EpochMetrics e : run.epochs()) {
                Double v = e.coefficients().get(name);
                if (v != null) {
                    xs.add(e.epoch());
                    ys.add(v);
                }
            }
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setLineColor(color(i));
            s.setMarkerColor(color(i));
            s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE
                    : SeriesMarkers.NONE);
            if (i >= PALETTE.size()) {
                s.setLineStyle(dashed());
            }
            i++;
        }
        return Optional.of(chart);
    }

    /** {@link #coefficientTraces(RunResult)} as a PNG; false (nothing written) when the run has none. */
    public static boolean coefficientTraces(RunResult run, Path png) {
        Optional<XYChart> chart = coefficientTraces(run);
        chart.ifPresent(c -> ChartImages.writePng(png, c));
        return chart.isPresent();
    }

    /**
     * One chart per coefficient name (e.g. {@code beta0}): per unit of the network (x axis, in stage and
     * unit order), the value every analysed run learned (one marker colour per run), the mean of its
     * initialiser and the classical (fixed-scheme) value.
     *
     * @param runs the analysis of each run of a cell (e.g. its seeds), by legend name
     */
    public static List<CategoryChart> coefficientsPerUnit(String title,
                                                          Map<String, List<CoefficientAnalysis.UnitAnalysis>> runs) {
        List<String> units = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        runs.values().forEach(list -> list.forEach(u -> {
            if (!units.contains(u.scheme().name())) {
                units.add(u.scheme().name());
            }
            names.addAll(u.scheme().learned().keySet());
        }));
        units.sort(java.util.Comparator.comparingInt((String n) -> stageOf(n)).thenComparingInt(Charts::unitOf));
        List<String> ticks = units.stream().map(u -> u.replace("stage", "s").replace(".unit", ".u")).toList();
        List<CategoryChart> charts = new ArrayList<>();
        for (String name : names) {
            String chartTitle = title + ": " + name + " per unit";
            int width = Math.max(WIDTH, 320 + 44 * units.size());
            CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(chartTitle)
                    .xAxisTitle("unit (s<stage>.u<unit>)").yAxisTitle(name).build();
            style(chart.getStyler());
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            chart.getStyler().setOverlapped(true);
            chart.getStyler().setXAxisLabelRotation(units.size() > 12 ? 90 : 0);
            perUnit(chart, "initial mean", ticks, units, runs, u -> u.initial().get(name), Color.GRAY,
                    SeriesMarkers.TRIANGLE_UP);
            perUnit(chart, "classical", ticks, units, runs, u -> u.classical().get(name), Color.BLACK,
                    SeriesMarkers.DIAMOND);
            int i = 0;
            for (Map.Entry<String, List<CoefficientAnalysis.UnitAnalysis>> run : runs.entrySet()) {
                perUnit(chart, "learned, " + run.getKey(), ticks, units, Map.of(run.getKey(), run.getValue()),
                        u -> u.scheme().learned().get(name), color(i), SeriesMarkers.CIRCLE);
                i++;
            }
            charts.add(chart);
        }
        return charts;
    }

    /** One series of {@link #coefficientsPerUnit}: a value per unit (null where a unit has none). */
    private static void perUnit(CategoryChart chart, String label, List<String> ticks, List<String> units,
                                Map<String, List<CoefficientAnalysis.UnitAnalysis>> runs,
                                java.util.function.Function<CoefficientAnalysis.UnitAnalysis, Double> value, Color color,
                                org.knowm.xchart.style.markers.Marker marker) {
        Double[] y = new Double[units.size()];
        boolean any = false;
        for (List<CoefficientAnalysis.UnitAnalysis> list : runs.values()) {
            for (CoefficientAnalysis.UnitAnalysis u : list) {
                Double v = value.apply(u);
                int i = units.indexOf(u.scheme().name());
                if (v != null && Double.isFinite(v) && y[i] == null) {
                    y[i] = v;
                    any = true;
                }
            }
        }
        if (!any) {
            return;
        }
        CategorySeries s = chart.addSeries(label, ticks, java.util.Arrays.asList(y));
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    private static int stageOf(String unitName) {
        return Integer.parseInt(unitName.substring("stage".length(), unitName.indexOf('.')));
    }

    private static int unitOf(String unitName) {
        return Integer.parseInt(unitName.substring(unitName.indexOf(".unit") + ".unit".length()));
    }

    // ---------------------------------------------------------------- test error of many runs

    /** Test error % per epoch of every run of one depth: one colour per cell, one legend entry per cell. */
    public static XYChart testError(int depth, List<RunResult> group) {
        XYChart chart = chart("test error, depth " + depth, "epoch", "test error %", WIDTH + 260, HEIGHT + 40);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, Integer> cells = new LinkedHashMap<>();
        double max = 0;
        for (RunResult r : group) {
            if (r.epochs().isEmpty()) {
                continue;
            }
            boolean first = !cells.containsKey(r.label());
            int cell = cells.computeIfAbsent(r.label(), k -> cells.size());
            XYSeries s = chart.addSeries(unique(chart, first ? r.label() : r.label() + ", seed " + r.seed()),
                    r.epochs().stream().map(RunResult.EpochMetrics::epoch).toList(),
                    r.epochs().stream().map(e -> 100 * e.testError()).toList());
            s.setMarker(r.epochs().size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);   // one point: no line
            s.setMarkerColor(color(cell));
            s.setLineColor(color(cell));
            if (cell >= PALETTE.size()) {
                s.setLineStyle(dashed());
            }
            s.setShowInLegend(first);
            max = Math.max(max, r.epochs().stream().mapToDouble(e -> 100 * e.testError()).filter(Double::isFinite)
                    .max().orElse(0));
        }
        axes(chart, group, max);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(true);
        return chart;
    }

    /** {@link #testError} for every depth: {@code test-error-d<depth>.png} in {@code dir}. */
    public static List<Path> testErrorByDepth(List<RunResult> runs, Path dir) {
        Map<Integer, List<RunResult>> byDepth = new TreeMap<>();
        runs.stream().filter(r -> !r.epochs().isEmpty())
                .forEach(r -> byDepth.computeIfAbsent(r.depth(), d -> new ArrayList<>()).add(r));
        List<Path> written = new ArrayList<>();
        byDepth.forEach((depth, group) -> {
            Path png = dir.resolve("test-error-d" + depth + ".png");
            ChartImages.writePng(png, testError(depth, group));
            written.add(png);
        });
        return written;
    }

    // ---------------------------------------------------------------- stability

    /**
     * The region of absolute stability {@code {z : the scheme does not grow on y' = λy, z = hλ}} over
     * {@code [reMin, reMax] × [imMin, imMax]}, filled ({@link RegionOutline}), with the boundary locus
     * {@code z(θ) = ρ(e^{iθ})/σ(e^{iθ})} drawn for linear multistep schemes.
     */
    public static XYChart stabilityRegion(String title, StabilityFunction f, double reMin, double reMax,
                                          double imMin, double imMax) {
        XYChart chart = planeChart(title, reMin, reMax, imMin, imMax, true);
        fill(chart, "stable", RegionOutline.trace(f::isStable, reMin, reMax, imMin, imMax, 161), REGION);
        if (f instanceof StabilityFunction.LinearMultistep lm) {
            List<Double> lx = new ArrayList<>();
            List<Double> ly = new ArrayList<>();
            for (int i = 0; i <= 720; i++) {
                Complex z = lm.boundaryLocus(2 * Math.PI * i / 720);
                boolean inside = z.re() >= reMin && z.re() <= reMax && z.im() >= imMin && z.im() <= imMax;
                lx.add(inside ? z.re() : Double.NaN);
                ly.add(inside ? z.im() : Double.NaN);
            }
            XYSeries locus = chart.addSeries("boundary locus", lx, ly);
            locus.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            locus.setMarker(SeriesMarkers.NONE);
            locus.setLineColor(Color.DARK_GRAY);
            locus.setLineWidth(1.2f);
        }
        equalScales(chart);
        return chart;
    }

    /** {@link #stabilityRegion(String, StabilityFunction, double, double, double, double)} as a PNG. */
    public static void stabilityRegion(String title, StabilityFunction f, double reMin, double reMax, double imMin,
                                       double imMax, Path png) {
        ChartImages.writePng(png, stabilityRegion(title, f, reMin, reMax, imMin, imMax));
    }

    /**
     * The region of absolute stability of a fixed scheme, filled, with the boundary of the region of
     * every learned scheme drawn over it (each traced by {@link RegionOutline}, so for a linear multistep
     * scheme the boundary of the region itself, not its whole boundary locus).
     *
     * @param fixed   the reference scheme, or null for none
     * @param learned the schemes whose boundaries to draw, by legend name (e.g. {@code stage2.unit3})
     */
    public static XYChart stabilityComparison(String title, StabilityFunction fixed,
                                              Map<String, StabilityFunction> learned, double reMin, double reMax,
                                              double imMin, double imMax) {
        XYChart chart = planeChart(title, reMin, reMax, imMin, imMax, learned.size() <= 24);
        if (fixed != null) {
            fill(chart, "fixed coefficients", RegionOutline.trace(fixed::isStable, reMin, reMax, imMin, imMax, 121),
                    REGION);
        }
        int i = 0;
        for (Map.Entry<String, StabilityFunction> e : learned.entrySet()) {
            RegionOutline o = RegionOutline.trace(e.getValue()::isStable, reMin, reMax, imMin, imMax, 81);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (List<Complex> loop : o.loops()) {
                for (int k = 0; k <= loop.size(); k++) {
                    Complex z = loop.get(k % loop.size());
                    x.add(z.re());
                    y.add(z.im());
                }
                x.add(Double.NaN);
                y.add(Double.NaN);
            }
            if (x.isEmpty()) {
                x.add(Double.NaN);
                y.add(Double.NaN);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color(i));
            s.setLineWidth(1.6f);
            if (i >= PALETTE.size()) {
                s.setLineStyle(dashed());
            }
            i++;
        }
        equalScales(chart);
        return chart;
    }

    /** {@link #stabilityComparison(String, StabilityFunction, Map, double, double, double, double)} as a PNG. */
    public static void stabilityComparison(String title, StabilityFunction fixed, Map<String, StabilityFunction> learned,
                                           double reMin, double reMax, double imMin, double imMax, Path png) {
        ChartImages.writePng(png, stabilityComparison(title, fixed, learned, reMin, reMax, imMin, imMax));
    }

    /**
     * A chart of the box in the complex plane, the plot about 440 pixels wide and as high as the box's
     * aspect asks (within 300 and 640 pixels), plus room for the axes, the title and, if {@code legend},
     * a legend on the right; {@link #equalScales} makes the scales equal once the series are in.
     */
    private static XYChart planeChart(String title, double reMin, double reMax, double imMin, double imMax,
                                      boolean legend) {
        int plotWidth = 440;
        int plotHeight = (int) Math.round(Math.min(640, Math.max(300, plotWidth * (imMax - imMin) / (reMax - reMin))));
        XYChart chart = new PlaneChart(plotWidth + 100 + (legend ? 210 : 0), plotHeight + 130);
        chart.setTitle(title);
        chart.setXAxisTitle("Re z");
        chart.setYAxisTitle("Im z");
        style(chart.getStyler());
        XYStyler s = chart.getStyler();
        s.setXAxisMin(reMin);
        s.setXAxisMax(reMax);
        s.setYAxisMin(imMin);
        s.setYAxisMax(imMax);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendVisible(legend);
        return chart;
    }

    /** An XYChart whose size can be corrected after its series are in. */
    private static final class PlaneChart extends XYChart {
        PlaneChart(int width, int height) {
            super(width, height);
        }

        void resize(int width, int height) {
            setWidth(width);
            setHeight(height);
        }
    }

    /**
     * Makes a unit on the imaginary axis as many pixels as a unit on the real axis by changing the
     * chart's height by the difference (the plot's height is the chart's less a fixed amount): laid out,
     * measured, resized; twice, since the axis labels may change with the height.
     */
    private static void equalScales(XYChart chart) {
        if (!(chart instanceof PlaneChart plane)) {
            return;
        }
        XYStyler s = chart.getStyler();
        double imRange = s.getYAxisMax() - s.getYAxisMin();
        for (int i = 0; i < 2; i++) {
            BufferedImage scratch = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            try {
                chart.paint(g, chart.getWidth(), chart.getHeight());
            } finally {
                g.dispose();
            }
            double x = chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0);
            double y = chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1);
            int height = (int) Math.round(chart.getHeight() + (x - y) * imRange);
            plane.resize(chart.getWidth(), Math.max(200, Math.min(1400, height)));
        }
    }

    /** The region's loops filled in {@code color}; holes (clockwise loops) filled white over it. */
    private static void fill(XYChart chart, String name, RegionOutline outline, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> hx = new ArrayList<>();
        List<Double> hy = new ArrayList<>();
        for (List<Complex> loop : outline.loops()) {
            boolean hole = RegionOutline.signedArea(loop) < 0;
            for (Complex z : loop) {
                (hole ? hx : x).add(z.re());
                (hole ? hy : y).add(z.im());
            }
            (hole ? hx : x).add(Double.NaN);
            (hole ? hy : y).add(Double.NaN);
        }
        if (x.isEmpty()) {
            x.add(Double.NaN);
            y.add(Double.NaN);
        }
        XYSeries region = chart.addSeries(name, x, y);
        region.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        region.setMarker(SeriesMarkers.NONE);
        region.setFillColor(color);
        region.setLineColor(color.darker());
        if (!hx.isEmpty()) {
            XYSeries holes = chart.addSeries(name + " (holes)", hx, hy);
            holes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            holes.setMarker(SeriesMarkers.NONE);
            holes.setFillColor(Color.WHITE);
            holes.setLineColor(color.darker());
            holes.setShowInLegend(false);
        }
    }

    // ---------------------------------------------------------------- helpers

    static Color color(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
    }

    /** {@code seed 2} when several runs share a chart, else nothing. */
    private static String seedName(RunResult r, List<RunResult> runs) {
        return runs.size() == 1 ? "" : "seed " + r.seed();
    }

    /** {@code name}, or {@code name #2}, ... if the chart has a series of that name already (XChart needs unique names). */
    private static String unique(XYChart chart, String name) {
        return unique(chart.getSeriesMap()::containsKey, name);
    }

    /** {@code name} ("training loss" if empty), or {@code name #2}, ... the first that is not {@code taken}. */
    private static String unique(Predicate<String> taken, String name) {
        String n = name.isEmpty() ? "training loss" : name;
        String candidate = n;
        for (int i = 2; taken.test(candidate); i++) {
            candidate = n + " #" + i;
        }
        return candidate;
    }
}
