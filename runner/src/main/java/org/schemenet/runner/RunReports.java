package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.StabilityFunction;
import org.schemenet.report.Charts;
import org.schemenet.report.CoefficientAnalysis;
import org.schemenet.run.AtomicWrite;
import org.schemenet.run.InputException;
import org.schemenet.report.ReportPage;
import org.schemenet.report.ResultsReport;
import org.schemenet.report.RunDirectory;
import org.schemenet.report.RunResult;
import org.schemenet.scheme.Count;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.OptionType;
import org.schemenet.scheme.Scheme;

/**
 * Writes a report over run directories: {@code results.md}, the pictures (see {@link ResultsReport})
 * and the web pages (see {@link ReportPage}). The learned-coefficient analysis needs each run's scheme: it is loaded
 * from the plugins and configured with the run's options (learnable), and with
 * {@code coefficients=fixed} for the classical values.
 */
public final class RunReports {
    private final SchemeService schemes;

    @Inject
    RunReports(SchemeService schemes) {
        this.schemes = schemes;
    }

    /**
     * What a report wrote.
     *
     * @param results  results.md
     * @param pictures the PNG pictures
     * @param runs     how many runs it covers
     * @param pages    the web pages: the report's {@code index.html} (unless the report is of one run and
     *                 written into its directory), then each run's
     * @param skipped  the run directories whose records could not be read, each with why (not in the report)
     * @param warnings what the report could not do and how to get it: one line per scheme whose runs have learned
     *                 coefficients but which the plugins folder does not hold (their analysis is left out)
     */
    public record Written(Path results, List<Path> pictures, int runs, List<Path> pages, List<Skipped> skipped,
                          List<String> warnings) {
        public Written {
            pictures = List.copyOf(pictures);
            pages = List.copyOf(pages);
            skipped = List.copyOf(skipped);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A run directory left out of a report because its records cannot be read.
     *
     * @param directory the run directory
     * @param reason    what is wrong, naming the file (e.g. {@code DIR/summary.json: not valid JSON: ...})
     */
    public record Skipped(Path directory, String reason) {
        public Skipped {
            java.util.Objects.requireNonNull(directory, "directory");
            java.util.Objects.requireNonNull(reason, "reason");
        }

        /** {@code skipped DIR: reason}, one line. */
        public String line() {
            return "skipped " + directory + ": " + reason;
        }
    }

    /**
     * The run directories under {@code paths}: each path is a run directory or holds run directories (any depth).
     * A directory reached twice (a folder and a run in it, or two spellings of one folder) is listed once, as
     * first reached.
     */
    public static List<Path> runDirectories(List<Path> paths) {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new UsageException(p + " is not a directory; give run directories or a sweep directory");
            }
            if (RunDirectory.isRun(p)) {
                found.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(d -> Files.isDirectory(d) && RunDirectory.isRun(d)).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
            }
        }
        if (found.isEmpty()) {
            throw new UsageException("no run directories (with config.toml) in " + String.join(", ",
                    paths.stream().map(Path::toString).toList()));
        }
        java.util.Set<Path> seen = new java.util.HashSet<>();
        return found.stream().filter(d -> seen.add(identity(d))).toList();
    }

    /** The directory itself, whatever the spelling: its real path, else its absolute normalised path. */
    private static Path identity(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /**
     * Reads every run, draws the pictures, analyses the learned coefficients, writes {@code out/results.md}
     * and the web pages: {@code index.html} in {@code out} and one per run (see {@link ReportPage}). A run's page
     * and pictures go into its run directory when that directory is inside {@code out} (a sweep's report, or
     * {@code runner report DIR}); a report written elsewhere writes nothing among the records it reads: each
     * run's page and pictures go to {@code out/<the run directory's name>} ({@code -2}, {@code -3}, ... when
     * two runs share a name). A run whose records cannot be read is skipped and returned with why.
     *
     * @throws UsageException when {@code out} already holds another run's records where a run's page would go
     */
    public Written write(List<Path> runDirs, Path out, Path pluginsOption) {
        List<Skipped> skipped = new ArrayList<>();
        List<Path> readDirs = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            try {
                runs.add(RunDirectory.read(dir));
                readDirs.add(dir);
            } catch (InputException | IllegalArgumentException e) {
                skipped.add(new Skipped(dir, reason(dir, e.getMessage())));
            }
        }
        List<Path> pageDirs = pageDirectories(readDirs, out);
        SchemeRegistry registry = null;
        Path folder = null;
        Map<String, Integer> notInstalled = new java.util.TreeMap<>();
        List<ResultsReport.RunAnalysis> analyses = new ArrayList<>();
        List<Path> pictures = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            Path pageDir = pageDirs.get(i);
            pictures.addAll(ResultsReport.runPictures(run, pageDir));
            if (run.finalCoefficients().isEmpty()) {
                continue;
            }
            if (registry == null) {
                registry = schemes.registry(pluginsOption);
                folder = schemes.folder(pluginsOption);
            }
            if (registry.find(run.scheme()).isEmpty()) {
                notInstalled.merge(run.scheme(), 1, Integer::sum);
            }
            ResultsReport.RunAnalysis a = analyse(run, registry, folder);
            analyses.add(a);
            pictures.addAll(ResultsReport.stabilityPictures(a, pageDir));
        }
        pictures.addAll(Charts.testErrorByDepth(runs, out));
        Path results = out.resolve(ResultsReport.RESULTS);
        StringBuilder md = new StringBuilder(ResultsReport.markdown(runs, analyses, pictures, out));
        if (!skipped.isEmpty()) {
            md.append("\n## Runs not read\n\nTheir records could not be read; they are not in the table:\n\n");
            skipped.forEach(k -> md.append("- ").append(k.directory()).append(": ").append(k.reason()).append('\n'));
        }
        ResultsReport.writeAtomically(results, md.toString());
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, Integer> e : notInstalled.entrySet()) {
            warnings.add(notInstalled(e.getKey(), registry, folder) + ": the learned coefficients of "
                    + Count.of(e.getValue(), "run") + " are not analysed; give --plugins DIR, a folder with its jar");
        }
        return new Written(results, pictures, runs.size(), pages(pageDirs, runs, analyses, out), skipped, warnings);
    }

    /** The reader's message without the run directory it starts with (a {@link Skipped} line names it). */
    private static String reason(Path dir, String message) {
        String m = message == null ? "unreadable" : message;
        return m.startsWith(dir + "/") ? m.substring(dir.toString().length() + 1) : m;
    }

    /**
     * Where each run's page and pictures go: its own directory when it is inside {@code out}, else
     * {@code out/<its name>} (numbered when names repeat), which must not hold another run's records.
     */
    static List<Path> pageDirectories(List<Path> runDirs, Path out) {
        Path top = out.toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>();
        java.util.Set<Path> taken = new java.util.HashSet<>();
        for (Path d : runDirs) {
            Path abs = d.toAbsolutePath().normalize();
            if (abs.startsWith(top)) {
                dirs.add(d);
                taken.add(abs);
                continue;
            }
            String name = abs.getFileName() == null ? "run" : abs.getFileName().toString();
            Path target = top.resolve(name);
            for (int n = 2; taken.contains(target); n++) {
                target = top.resolve(name + "-" + n);
            }
            if (RunDirectory.isRun(target)) {
                throw new UsageException("--out " + out + ": " + target + " holds a run's records, where the page of "
                        + d + " would go; give another --out");
            }
            taken.add(target);
            dirs.add(out.resolve(top.relativize(target)));
        }
        return dirs;
    }

    /**
     * The report's page in {@code out} (not when {@code out} is itself one of the page directories: that
     * run's page is the report) and every run's page in its page directory, each linking to the other.
     */
    static List<Path> pages(List<Path> pageDirs, List<RunResult> runs, List<ResultsReport.RunAnalysis> analyses,
                            Path out) {
        Path top = out.toAbsolutePath().normalize();
        boolean sweepPage = pageDirs.stream().noneMatch(d -> d.toAbsolutePath().normalize().equals(top));
        Map<RunResult, Path> dirs = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            dirs.put(runs.get(i), pageDirs.get(i).toAbsolutePath().normalize());
        }
        List<Path> pages = new ArrayList<>();
        if (sweepPage) {
            Path page = out.resolve(ReportPage.FILE);
            AtomicWrite.text(page, ReportPage.sweep(title(top), runs, analyses,
                    r -> Optional.of(link(top, dirs.get(r).resolve(ReportPage.FILE)))));
            pages.add(page);
        }
        for (Map.Entry<RunResult, Path> e : dirs.entrySet()) {
            RunResult run = e.getKey();
            Optional<ResultsReport.RunAnalysis> analysis = analyses.stream().filter(a -> a.run() == run).findFirst();
            Path page = e.getValue().resolve(ReportPage.FILE);
            AtomicWrite.text(page, ReportPage.run(run, analysis, false, sweepPage
                    ? Optional.of(link(e.getValue(), top.resolve(ReportPage.FILE))) : Optional.empty()));
            pages.add(page);
        }
        return pages;
    }

    /** A relative link from a page in {@code from} to {@code to}, with '/' separators. */
    static String link(Path from, Path to) {
        return from.relativize(to).toString().replace(java.io.File.separatorChar, '/');
    }

    private static String title(Path dir) {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /**
     * The learned-coefficient analysis of one run, unit by unit (a unit whose analysis fails says why in its
     * row; see {@link CoefficientAnalysis#of}); a note instead when its scheme cannot be configured or wired.
     */
    static ResultsReport.RunAnalysis analyse(RunResult run, SchemeRegistry registry, Path folder) {
        Optional<SchemeRegistry.Entry> entry = registry.find(run.scheme());
        if (entry.isEmpty()) {
            return new ResultsReport.RunAnalysis(run, Optional.empty(), List.of(), "No analysis: "
                    + notInstalled(run.scheme(), registry, folder) + ".");
        }
        Scheme scheme = entry.get().scheme();
        Discretisation learnable;
        try {
            learnable = scheme.configure(run.options());
        } catch (IllegalArgumentException | PluginFault e) {
            return new ResultsReport.RunAnalysis(run, Optional.empty(), List.of(), "No analysis: the run's options do "
                    + "not configure scheme '" + run.scheme() + "': " + e.getMessage());
        }
        Discretisation fixed = fixedVariant(scheme, run.options());
        Optional<StabilityFunction> fixedStability = fixed == null ? Optional.empty()
                : StabilityFunction.of(fixed, ParameterValues::means);
        try {
            return new ResultsReport.RunAnalysis(run, fixedStability,
                    CoefficientAnalysis.of(learnable, fixed, run.finalCoefficients()), null);
        } catch (IllegalArgumentException | PluginFault e) {
            return new ResultsReport.RunAnalysis(run, fixedStability, List.of(), "No analysis: " + e.getMessage());
        }
    }

    /**
     * {@code scheme 'NAME' is not installed in FOLDER (it holds: a, b)}, or {@code (it holds no schemes)}: the
     * registry of {@code folder} has no scheme {@code scheme}.
     */
    static String notInstalled(String scheme, SchemeRegistry registry, Path folder) {
        List<String> names = registry.names();
        return "scheme '" + scheme + "' is not installed in " + folder + (names.isEmpty() ? " (it holds no schemes)"
                : " (it holds: " + String.join(", ", names) + ")");
    }

    /**
     * The scheme with {@code coefficients=fixed} and otherwise the run's options, when the scheme has
     * that choice (adams, lm, rk do); null otherwise or when it cannot be configured.
     */
    static Discretisation fixedVariant(Scheme scheme, Map<String, String> options) {
        boolean hasChoice = scheme.options().stream().anyMatch(o -> o.name().equals("coefficients")
                && o.type() instanceof OptionType.Choice c && c.values().contains("fixed"));
        if (!hasChoice) {
            return null;
        }
        Map<String, String> fixed = new LinkedHashMap<>(options);
        fixed.put("coefficients", "fixed");
        try {
            return scheme.configure(fixed);
        } catch (IllegalArgumentException | PluginFault e) {
            return null;
        }
    }
}
