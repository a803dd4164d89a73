package org.schemenet.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.internal.chartpart.Chart;
import org.schemenet.numerics.Complex;
import org.schemenet.numerics.StabilityFunction;

/** The project's pictures, as PNG files rendered headless with XChart. */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    private Charts() {
    }

    /**
     * The region of absolute stability {@code {z : the scheme does not grow on y' = λy, z = hλ}}
     * sampled on a grid over {@code [reMin, reMax] × [imMin, imMax]}, with the boundary locus
     * {@code z(θ) = ρ(e^{iθ})/σ(e^{iθ})} drawn for linear multistep schemes.
     */
    public static void stabilityRegion(String title, StabilityFunction f, double reMin, double reMax, double imMin,
                                       double imMax, Path png) {
        XYChart chart = new XYChartBuilder().width(HEIGHT).height(HEIGHT).title(title)
                .xAxisTitle("Re z").yAxisTitle("Im z").build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideSW);
        styler.setXAxisMin(reMin);
        styler.setXAxisMax(reMax);
        styler.setYAxisMin(imMin);
        styler.setYAxisMax(imMax);
        styler.setMarkerSize(3);
        int columns = 121;
        int rows = 121;
        boolean[][] stable = StabilityFunction.sample(f, reMin, reMax, imMin, imMax, columns, rows);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (stable[r][c]) {
                    xs.add(reMin + (reMax - reMin) * c / (columns - 1));
                    ys.add(imMax - (imMax - imMin) * r / (rows - 1));
                }
            }
        }
        if (xs.isEmpty()) {
            xs.add(Double.NaN);
            ys.add(Double.NaN);
        }
        XYSeries region = chart.addSeries("stable", xs, ys);
        region.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        region.setMarker(SeriesMarkers.SQUARE).setMarkerColor(new Color(120, 170, 230));
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
            locus.setMarker(SeriesMarkers.NONE).setLineColor(Color.DARK_GRAY);
        }
        write(chart, png);
    }

    /**
     * The region of absolute stability of a fixed scheme (shaded grid samples) with the boundaries of
     * the regions of learned schemes drawn over it: for a linear multistep scheme its boundary locus
     * {@code z(θ) = ρ(e^{iθ})/σ(e^{iθ})}; for a one-step scheme the first {@code z = r e^{iφ}} along each
     * ray from the origin where {@code |R(z)| > 1} (found on a grid of {@code r} and refined by bisection).
     *
     * @param fixed   the reference scheme, or null for none
     * @param learned boundaries to draw, by legend name (e.g. {@code stage2.unit3})
     */
    public static void stabilityComparison(String title, StabilityFunction fixed, Map<String, StabilityFunction> learned,
                                           double reMin, double reMax, double imMin, double imMax, Path png) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("Re z").yAxisTitle("Im z").build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendVisible(learned.size() <= 30);
        styler.setXAxisMin(reMin);
        styler.setXAxisMax(reMax);
        styler.setYAxisMin(imMin);
        styler.setYAxisMax(imMax);
        styler.setMarkerSize(3);
        if (fixed != null) {
            int n = 101;
            boolean[][] stable = StabilityFunction.sample(fixed, reMin, reMax, imMin, imMax, n, n);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    if (stable[r][c]) {
                        xs.add(reMin + (reMax - reMin) * c / (n - 1));
                        ys.add(imMax - (imMax - imMin) * r / (n - 1));
                    }
                }
            }
            if (xs.isEmpty()) {
                xs.add(Double.NaN);
                ys.add(Double.NaN);
            }
            XYSeries region = chart.addSeries("fixed coefficients", xs, ys);
            region.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            region.setMarker(SeriesMarkers.SQUARE).setMarkerColor(new Color(190, 210, 240));
        }
        double radius = Math.hypot(Math.max(-reMin, reMax), Math.max(-imMin, imMax));
        learned.forEach((name, f) -> {
            List<Double> lx = new ArrayList<>();
            List<Double> ly = new ArrayList<>();
            for (int i = 0; i <= 720; i++) {
                Complex z = boundaryPoint(f, 2 * Math.PI * i / 720, radius);
                boolean inside = z != null && z.re() >= reMin && z.re() <= reMax && z.im() >= imMin
                        && z.im() <= imMax;
                lx.add(inside ? z.re() : Double.NaN);
                ly.add(inside ? z.im() : Double.NaN);
            }
            XYSeries s = chart.addSeries(name, lx, ly);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
        });
        write(chart, png);
    }

    /** A point of the boundary of {@code f}'s region at angle {@code theta} (see {@link #stabilityComparison}). */
    static Complex boundaryPoint(StabilityFunction f, double theta, double radius) {
        if (f instanceof StabilityFunction.LinearMultistep lm) {
            return lm.boundaryLocus(theta);
        }
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double step = radius / 200;
        double stable = 0;
        for (double r = step; r <= radius + 1e-12; r += step) {
            if (!f.isStable(new Complex(r * c, r * s))) {
                double lo = stable;
                double hi = r;
                for (int i = 0; i < 30; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (f.isStable(new Complex(mid * c, mid * s))) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return new Complex(lo * c, lo * s);
            }
            stable = r;
        }
        return null;
    }

    /** Training loss (left axis) and test error in % (right axis) per epoch of one run. */
    public static void learningCurves(RunResult run, Path png) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(run.label() + ", depth " + run.depth())
                .xAxisTitle("epoch").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        List<Integer> epochs = run.epochs().stream().map(RunResult.EpochMetrics::epoch).toList();
        XYSeries loss = chart.addSeries("training loss", epochs,
                run.epochs().stream().map(RunResult.EpochMetrics::trainLoss).toList());
        loss.setMarker(SeriesMarkers.CIRCLE);
        XYSeries error = chart.addSeries("test error %", epochs,
                run.epochs().stream().map(e -> 100 * e.testError()).toList());
        error.setYAxisGroup(1);
        error.setMarker(SeriesMarkers.DIAMOND);
        chart.setYAxisGroupTitle(0, "training loss");
        chart.setYAxisGroupTitle(1, "test error %");
        write(chart, png);
    }

    /** Every learnable coefficient per epoch, one line each; false when the run has none. */
    public static boolean coefficientTraces(RunResult run, Path png) {
        TreeSet<String> names = new TreeSet<>();
        run.epochs().forEach(e -> names.addAll(e.coefficients().keySet()));
        if (names.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("learned coefficients: " + run.label() + ", depth " + run.depth())
                .xAxisTitle("epoch").yAxisTitle("value").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(names.size() <= 30);
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
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
        }
        write(chart, png);
        return true;
    }

    /** Test error % per epoch of every run, one chart per depth: {@code test-error-d<depth>.png} in {@code dir}. */
    public static List<Path> testErrorByDepth(List<RunResult> runs, Path dir) {
        Map<Integer, List<RunResult>> byDepth = new TreeMap<>();
        runs.forEach(r -> byDepth.computeIfAbsent(r.depth(), d -> new ArrayList<>()).add(r));
        List<Path> written = new ArrayList<>();
        byDepth.forEach((depth, group) -> {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("test error, depth " + depth)
                    .xAxisTitle("epoch").yAxisTitle("test error %").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            Map<String, Integer> seen = new TreeMap<>();
            for (RunResult r : group) {
                if (r.epochs().isEmpty()) {
                    continue;
                }
                String name = r.label() + " s" + r.seed();
                int count = seen.merge(name, 1, Integer::sum);
                chart.addSeries(count == 1 ? name : name + " #" + count,
                        r.epochs().stream().map(RunResult.EpochMetrics::epoch).toList(),
                        r.epochs().stream().map(e -> 100 * e.testError()).toList()).setMarker(SeriesMarkers.NONE);
            }
            if (!seen.isEmpty()) {
                Path png = dir.resolve("test-error-d" + depth + ".png");
                write(chart, png);
                written.add(png);
            }
        });
        return written;
    }

    /** Renders {@code chart} headless and writes it to {@code png} (see {@link ReportFiles}). */
    static void write(Chart<?, ?> chart, Path png) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");   // no display needed, none used
        }
        byte[] bytes;
        try {
            bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
        ReportFiles.write(png, bytes);
    }
}
