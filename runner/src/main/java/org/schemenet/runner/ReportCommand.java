package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.schemenet.run.OutFolder;
import org.schemenet.scheme.Count;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runner report RUN_DIR... | SWEEP_DIR}: results.md, the pictures and the web pages. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes results.md: one row per scheme x depth (x epochs x data set) with the mean +- sample "
                + "std of the final test error over seeds and the number of seeds, next to the seed paper's number; "
                + "unfinished runs, and a second run of a cell's seed (e.g. the same run in two folders), listed apart; per run with learnable coefficients, the learned scheme of every "
                + "unit checked as an ODE integrator (consistent? zero-stable? empirical order, stability interval, "
                + "distance from the initial and the classical coefficients).",
                "Pictures: per run learning-curves.png, coefficients.png, stability-stage<s>.png (in the run "
                        + "directory); per report test-error-d<depth>.png (next to results.md).",
                "Web pages: index.html next to results.md and in every run directory: the table, the learning "
                        + "curves (all seeds of a cell overlaid), the learned coefficients per unit and the regions "
                        + "of absolute stability, as inline SVG; self-contained, they open from the file system "
                        + "without a network. A training run also rewrites its own index.html after every epoch.",
                "With --out elsewhere, nothing is written among the records: each run's page and pictures go to "
                        + "OUT/<run directory name>. A run whose records cannot be read is named on one line and "
                        + "left out; the others are reported, and the exit code is 2."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "run directories, or directories holding them "
            + "(e.g. a sweep directory)")
    List<Path> paths;

    @Option(names = "--out", paramLabel = "DIR", description = "where results.md, the per-report pictures and "
            + "index.html go (default: the DIR when one is given, else the current directory); the page and "
            + "pictures of a run outside it go to DIR/<run directory name>")
    Path out;

    @Mixin
    PluginFolderOption plugins;

    @Mixin
    VerboseOption verbose;

    private final RunReports reports;
    private final Console console;

    @Inject
    ReportCommand(RunReports reports, Console console) {
        this.reports = reports;
        this.console = console;
    }

    @Override
    public Integer call() {
        if (out != null) {
            OutFolder.refuseFile("--out", out);
        }
        List<Path> runs = RunReports.runDirectories(paths);
        Path target = out != null ? out : paths.size() == 1 ? paths.get(0) : Path.of(".");
        RunReports.Written w = reports.write(runs, target, plugins.folder());
        console.out().printf("%s: %s%n", w.results(), Count.of(w.runs(), "run"));
        w.pictures().forEach(p -> console.out().println("  " + p));
        w.pages().forEach(p -> console.out().println("page: " + p));
        w.warnings().forEach(line -> console.err().println("warning: " + line));
        w.skipped().forEach(k -> console.err().println("error: " + k.line()));
        return w.skipped().isEmpty() ? Main.OK : Main.USAGE;
    }
}
