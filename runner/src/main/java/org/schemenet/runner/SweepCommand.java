package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.schemenet.data.ImageCounts;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.SweepExecutor;
import org.schemenet.report.ReportPage;
import org.schemenet.report.ResultsReport;
import org.schemenet.run.AtomicWrite;
import org.schemenet.run.Faults;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.InputException;
import org.schemenet.run.OutFolder;
import org.schemenet.run.RunDirectory;
import org.schemenet.run.RunIdentity;
import org.schemenet.run.RunLock;
import org.schemenet.run.RunSettings;
import org.schemenet.run.RunStatus;
import org.schemenet.run.Settings;
import org.schemenet.run.SettingsResolver;
import org.schemenet.scheme.Count;
import org.schemenet.train.StopRequest;
import org.schemenet.train.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runner sweep PLAN.toml}: every run of a {@link SweepPlan}, each in its own directory
 * {@code <sweep>/<run name>}, as child runner processes, one after another or {@code --parallel N}
 * at a time; with {@code --spark MASTER} each run is one task on an executor of a Spark cluster
 * (the {@link SweepExecutor} the Spark application binds), whose child runner writes to the run
 * directory on the folder all executors share.
 *
 * <p>The whole plan is checked before anything starts (schemes and their options, every run's
 * settings, the data and its subsets). Each run's settings are written to its own
 * {@code config.toml}, and the child is started from that file ({@code runner --resume RUN}), so
 * every setting of {@code [training]} reaches the run. What to do with a run follows from its
 * lock and records alone ({@link RunDirectory#status}): finished and diverged runs are skipped,
 * interrupted ones resumed (also those that never reached a checkpoint), new ones started, and a
 * run whose lock another process holds (a child of a sweep that was killed, or of a second sweep)
 * is waited for and then taken up if it did not finish. So a sweep can be stopped (SIGINT, SIGTERM,
 * SIGHUP: every child checkpoints), killed, run twice at once, and started again at any time.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a plan's grid of training runs (schemes x depths x seeds), skipping finished runs and "
                + "resuming interrupted ones, so it can be stopped (Ctrl-C, SIGTERM) and started again at any time, "
                + "also while another sweep of the same plan runs; then writes results.md and the pictures (as "
                + "'runner report').",
                "Exit codes: 0 every run finished and the report read every run, 1 a run failed (diverged or "
                        + "error), 2 bad plan, usage or input, or the closing report skipped a run whose records "
                        + "cannot be read (one 'report: skipped' line each; 2 also when a run failed), 130/143/129 "
                        + "stopped by SIGINT/SIGTERM/SIGHUP (run the same command again to continue)."})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLAN.toml", description = "the plan (see docs/reproducing.md)")
    Path plan;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at a time (default 1; with --spark, every "
            + "task slot of the cluster)", converter = NumberOptions.Positive.class)
    Integer parallel;

    @Option(names = "--spark", paramLabel = "MASTER", description = "train each run as one task on an executor of "
            + "this Spark cluster (spark://HOST:PORT, local[N], ...), records on the folder the executors share; needs "
            + "the Spark application (framework/spark/bin/runner-spark, docs/scaling.md)")
    String spark;

    @Option(names = "--epochs", paramLabel = "E", description = "override the plan's epochs (a shorter version "
            + "of the plan; the learning-rate milestones scale to 50%% and 75%%)",
            converter = NumberOptions.Epochs.class)
    Long epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory (default runs/<plan name>, "
            + "or runs/<plan name>-e<E> with --epochs): a new or empty folder, or this plan's own sweep folder (its "
            + "plan.toml is the plan); a folder with other files is refused and left untouched")
    String out;

    @Option(names = "--threads", paramLabel = "N", description = "native threads per run (default: the plan's "
            + "threads, else cores / parallel; with --spark, spark.task.cpus)",
            converter = NumberOptions.Threads.class)
    Long threads;

    @Option(names = "--dry-run", description = "print what would happen to each run and stop")
    boolean dryRun;

    @Option(names = "--no-report", description = "do not write results.md at the end")
    boolean noReport;

    @Mixin
    PluginFolderOption plugins;

    @Mixin
    VerboseOption verbose;

    /** The copy of the plan in the sweep folder; being the plan marks the folder as this plan's own. */
    static final String PLAN_COPY = "plan.toml";
    /** What {@code --out} takes. */
    static final String OUT_ALLOWED = "a new or empty folder, or this plan's own sweep folder (its " + PLAN_COPY
            + " is the plan)";

    /** How often a sweep looks at a run another process trains. */
    static final long WAIT_MILLIS = 1000;

    private final SettingsResolver resolver;
    private final SchemeService schemes;
    private final Console console;
    private final RunReports reports;
    private final DataSource dataSource;
    private final SweepExecutor.Factory executors;

    @Inject
    SweepCommand(SettingsResolver resolver, SchemeService schemes, Console console, RunReports reports,
                 DataSource dataSource, SweepExecutor.Factory executors) {
        this.executors = executors;
        this.resolver = resolver;
        this.schemes = schemes;
        this.console = console;
        this.reports = reports;
        this.dataSource = dataSource;
    }

    /** One run of the plan: its grid point, directory and fully resolved settings. */
    record PlannedRun(SweepRun run, RunDirectory directory, RunSettings settings) {
    }

    @Override
    public Integer call() {
        Path pluginsOption = plugins.folder();
        SweepPlan p = SweepPlan.read(plan);
        if (epochs != null) {
            p = p.withEpochs(epochs);
        }
        Path pluginFolder = schemes.folder(pluginsOption).toAbsolutePath();
        Configured configured = configure(p, pluginFolder);
        p = configured.plan();
        Path sweepDir = out != null ? Faults.path("--out", out, OUT_ALLOWED)
                : Path.of("runs", p.name() + (epochs != null ? "-e" + epochs : ""));
        checkSweepFolder(out != null ? "--out" : "the sweep directory", sweepDir, p);
        if (spark != null && p.training().values().get(Settings.SPARK) != null) {
            throw new UsageException("plan " + plan + ": [training] sets spark, and the sweep is given --spark " + spark
                    + ": on a cluster each run trains as one task on one executor; drop spark from the plan");
        }
        // a dry run starts nothing, not even a Spark application
        try (SweepExecutor executor = dryRun ? new ChildRuns() : executors.open(spark)) {
            int runsAtATime = parallel != null ? parallel : dryRun ? 1 : executor.defaultParallel();
            long perRun = threads != null ? threads : p.training().values().get(Settings.THREADS) instanceof Long t ? t
                    : executor.defaultThreads(runsAtATime);
            return sweep(configured, sweepDir, pluginFolder, perRun, executor, runsAtATime);
        }
    }

    private int sweep(Configured configured, Path sweepDir, Path pluginFolder, long perRun, SweepExecutor executor,
                      int runsAtATime) {
        SweepPlan p = configured.plan();
        List<PlannedRun> runs = plan(configured, sweepDir, pluginFolder, perRun);

        var o = console.out();
        o.printf("sweep %s: %s (%s x %s x %s), %s each, in %s%n", p.name(), Count.of(runs.size(), "run"),
                Count.of(p.variants().size(), "variant"), Count.of(p.depths().size(), "depth"),
                Count.of(p.seeds().size(), "seed"), Count.of(p.epochs(), "epoch"), sweepDir);
        for (PlannedRun r : runs) {
            o.printf("  %-40s %s%n", r.run().directoryName(), verb(r.directory().status(r.run().epochs())));
        }
        if (dryRun) {
            o.println("dry run: nothing started");
            return Main.OK;
        }
        if (spark != null) {
            o.printf("runs on: %s, %d at a time, %s each%n", executor.description(), runsAtATime,
                    Count.of(perRun, "thread"));
        }
        AtomicWrite.text(sweepDir.resolve(PLAN_COPY), readPlan());
        int code = execute(runs, executor, runsAtATime);
        int reportCode = Main.OK;
        if (!noReport) {
            List<Path> dirs = runs.stream().map(r -> r.directory().path()).filter(d -> RunDirectory.at(d).isRun())
                    .toList();
            if (!dirs.isEmpty()) {
                RunReports.Written w = reports.write(dirs, sweepDir, pluginFolder);
                o.printf("report: %s (%s, %s)%n", w.results(), Count.of(w.runs(), "run"),
                        Count.of(w.pictures().size(), "picture"));
                w.warnings().forEach(line -> console.err().println("report: warning: " + line));
                w.skipped().forEach(k -> console.err().println("report: " + k.line()));
                reportCode = w.skipped().isEmpty() ? Main.OK : Main.USAGE;
            }
        }
        return exitCode(code, reportCode);
    }

    /**
     * The sweep's exit code: the worse of its runs' outcome ({@code runs}: 0, 1, or a stop signal's 130/143/129)
     * and its closing report's ({@code report}: 0, or 2 when it skipped a run whose records cannot be read, as
     * {@code runner report} exits). A stopped sweep keeps its signal's code (the same command continues it);
     * otherwise the larger of the two.
     */
    static int exitCode(int runs, int report) {
        boolean stopped = runs != Main.OK && runs != Main.FAILED && runs != Main.USAGE;
        return stopped ? runs : Math.max(runs, report);
    }

    /**
     * The sweep folder's guard, the same as a training run's {@code --out} ({@link OutFolder}): a new or empty
     * folder, or this plan's own sweep folder, marked by its plan.toml being the plan (what the sweep copied
     * there), or, without a plan.toml, by holding run directories and at least one run of this plan (then the
     * report's results.md, index.html and pictures beside them are the sweep's to write again: committed records,
     * docs/results.md). Anything else is refused before anything is read or written there: a file, a training
     * run's directory, a folder with other files, and one whose plan.toml differs from the plan (another plan's,
     * or an earlier version of this one).
     */
    private void checkSweepFolder(String option, Path folder, SweepPlan p) {
        OutFolder.refuseFile(option, folder);
        if (!Files.isDirectory(folder)) {
            return;
        }
        if (RunDirectory.at(folder).isRun()) {
            throw new UsageException(option + " " + folder + " holds a training run (" + RunDirectory.CONFIG + "); a "
                    + "sweep needs " + OUT_ALLOWED + ", so give another " + option);
        }
        Path copy = folder.resolve(PLAN_COPY);
        String planText = readPlan();
        boolean sameCopy;
        try {
            sameCopy = Files.isRegularFile(copy) && Files.readString(copy).equals(planText);
        } catch (IOException e) {
            throw Faults.of("read", copy, e);
        }
        if (sameCopy) {
            return;
        }
        List<String> runNames = p.runs().stream().map(SweepRun::directoryName).toList();
        java.util.function.Predicate<Path> runFolder = f -> Files.isDirectory(f) && (RunDirectory.at(f).isRun()
                || Files.exists(f.resolve(RunDirectory.LOCK)) || Files.isDirectory(f.resolve(RunDirectory.CHECKPOINTS))
                || runNames.contains(f.getFileName().toString()) && isEmpty(f));
        // records of this plan's runs without the plan's copy (committed records, docs/results.md): their report
        // (results.md, index.html, pictures) is the sweep's to write again
        boolean holdsPlannedRun = runNames.stream().anyMatch(n -> RunDirectory.at(folder.resolve(n)).isRun());
        java.util.function.Predicate<Path> own = f -> runFolder.test(f)
                || holdsPlannedRun && isReportFile(f.getFileName().toString());
        List<String> others = OutFolder.otherFiles(folder, own);
        // the sweep folder of another plan, or of an earlier version of this one: say so, not just "other files"
        if (others.contains(PLAN_COPY) && others.stream().allMatch(n -> n.equals(PLAN_COPY) || isReportFile(n))) {
            throw new UsageException(option + " " + folder + " holds a " + PLAN_COPY + " that differs from " + plan
                    + " (another plan's sweep, or an earlier version of this plan); give another " + option + ", or, to "
                    + "continue that sweep with the plan as it is now, replace " + copy + " with " + plan);
        }
        OutFolder.refuseOtherFiles(option, folder, own, "sweep of this plan", "a sweep needs " + OUT_ALLOWED);
    }

    /** A file the sweep's report writes in the sweep folder: results.md, index.html, a picture. */
    private static boolean isReportFile(String name) {
        return name.equals(ResultsReport.RESULTS) || name.equals(ReportPage.FILE) || name.endsWith(".png");
    }

    private static boolean isEmpty(Path folder) {
        try (var files = Files.list(folder)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw Faults.of("list", folder, e);
        }
    }

    private String readPlan() {
        try {
            return Files.readString(plan);
        } catch (IOException e) {
            throw Faults.of("read the plan", plan, e);
        }
    }

    static String verb(RunStatus status) {
        if (status instanceof RunStatus.Running r) {
            return "wait (trained by process " + r.pid() + "), then take it up if unfinished";
        }
        if (status instanceof RunStatus.Finished) {
            return "skip (finished)";
        }
        if (status instanceof RunStatus.Diverged) {
            return "skip (diverged; delete the directory to try again)";
        }
        if (status instanceof RunStatus.Interrupted i) {
            return i.hasCheckpoint() ? "resume" : "resume (no checkpoint: from the start)";
        }
        return "start";
    }

    /**
     * The plan's variants as their schemes read them: each scheme found and its options validated, a variant's
     * options in their canonical text ({@link org.schemenet.scheme.OptionType#text}: a run's name and record do
     * not depend on how a value was typed), and no two variants that configure the same network (the same
     * scheme and every option, defaults included, the same).
     *
     * @param plan    the plan with its variants in canonical text
     * @param schemes each of those variants' scheme with every option
     */
    record Configured(SweepPlan plan, Map<SweepPlan.Variant, ConfiguredScheme> schemes) {
    }

    private Configured configure(SweepPlan p, Path pluginFolder) {
        SchemeRegistry registry = schemes.registry(pluginFolder);
        Map<SweepPlan.Variant, ConfiguredScheme> out = new LinkedHashMap<>();
        Map<List<Object>, SweepPlan.Variant> networks = new LinkedHashMap<>();
        for (SweepPlan.Variant v : p.variants()) {
            SchemeRegistry.Entry entry = registry.find(v.scheme()).orElseThrow(() -> new UsageException(
                    "plan " + plan + ": " + registry.unknown(v.scheme())));
            ConfiguredScheme configured;
            try {
                configured = schemes.configure(entry, v.options());
                schemes.checkBeforeTraining(configured);
            } catch (UsageException e) {
                throw new UsageException("plan " + plan + ": [[scheme]] " + v.scheme() + ": " + e.getMessage(), e);
            }
            SweepPlan.Variant same = networks.putIfAbsent(List.of(entry.scheme().name(), configured.options()), v);
            if (same != null) {
                throw new UsageException("plan " + plan + ": [[scheme]] " + same.describe() + " and [[scheme]] "
                        + v.describe() + " are the same variant (" + new SweepPlan.Variant(entry.scheme().name(),
                        configured.options()).describe() + "); drop one of them");
            }
            Map<String, String> given = new LinkedHashMap<>();
            v.options().keySet().forEach(k -> given.put(k, configured.options().get(k)));
            out.put(new SweepPlan.Variant(v.scheme(), given), configured);
        }
        return new Configured(p.withVariants(List.copyOf(out.keySet())), out);
    }

    /**
     * Checks the whole plan before anything starts: every run's settings as its config.toml will say, every data
     * set with its subsets, and that a directory already there holds the run the plan says (the schemes and their
     * options were checked by {@link #configure}).
     */
    List<PlannedRun> plan(Configured configured, Path sweepDir, Path pluginFolder, long perRun) {
        SweepPlan p = configured.plan();
        List<PlannedRun> out = new ArrayList<>();
        Map<List<Object>, ImageCounts> checked = new LinkedHashMap<>();
        for (SweepRun run : p.runs()) {
            RunDirectory dir = RunDirectory.at(sweepDir.resolve(run.directoryName()));
            GivenSettings grid = GivenSettings.flags(Map.of(Settings.SCHEME, run.variant().scheme(),
                    Settings.DEPTH, (long) run.depth(), Settings.SEED, run.seed(),
                    Settings.OUT, dir.path().toString(), Settings.THREADS, perRun,
                    Settings.PLUGINS, pluginFolder.toString()), run.variant().options());
            RunSettings settings;
            try {
                settings = resolver.resolveNew(p.training().then(grid))
                        .withSchemeOptions(configured.schemes().get(run.variant()).options());
            } catch (InputException e) {
                throw new UsageException("plan " + plan + ": " + run.describe() + ": " + e.getMessage(), e);
            }
            List<Object> dataKey = List.of(settings.get(Settings.DATA), settings.get(Settings.TRAIN_SUBSET),
                    settings.get(Settings.TEST_SUBSET));
            if (!checked.containsKey(dataKey)) {
                try {
                    checked.put(dataKey, dataSource.check(settings));
                } catch (InputException e) {
                    throw new UsageException("plan " + plan + ": " + e.getMessage(), e);
                }
            }
            if (dir.isRun()) {
                checkSameRun(dir, settings, run);
            }
            out.add(new PlannedRun(run, dir, settings));
        }
        return out;
    }

    /** A directory that holds a different run than the plan says is a mistake the sweep must not paper over. */
    private void checkSameRun(RunDirectory dir, RunSettings planned, SweepRun run) {
        RunSettings there;
        try {
            there = resolver.resolve(dir.readSettings().with(Settings.OUT, dir.path().toString(), "the sweep"));
        } catch (InputException e) {
            throw new UsageException(e.getMessage() + "; move " + dir + " away to start the run again", e);
        }
        Map<String, String> a = RunIdentity.identifying(there);
        Map<String, String> b = RunIdentity.identifying(planned);
        a.remove(Settings.EPOCHS.key());
        b.remove(Settings.EPOCHS.key());
        List<String> differences = new ArrayList<>();
        if (!there.scheme().equals(planned.scheme()) || !there.schemeOptions().equals(planned.schemeOptions())) {
            differences.add("scheme " + there.scheme() + " " + there.schemeOptions());
        }
        b.forEach((k, v) -> {
            if (!Objects.equals(a.get(k), v)) {
                differences.add(k + " = " + a.get(k) + " (the plan says " + v + ")");
            }
        });
        if (!differences.isEmpty()) {
            throw new UsageException(dir + " holds another run (" + String.join(", ", differences) + ") than the "
                    + "plan's " + run.describe() + "; move it away or use another --out");
        }
    }

    /** The counts of what happened, for the last line. */
    private static final class Tally {
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();
        final AtomicInteger notStarted = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger byOthers = new AtomicInteger();
    }

    private int execute(List<PlannedRun> runs, SweepExecutor children, int runsAtATime) {
        StopRequest stop = new StopRequest();
        Tally tally = new Tally();
        var o = console.out();
        ExecutorService pool = Executors.newFixedThreadPool(runsAtATime);
        // a signal to the sweep: start nothing new, ask every child to checkpoint, wait for them
        Thread watcher = new Thread(() -> {
            while (!stop.requested()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (o) {
                console.err().println("sweep: " + stop.reason().orElse("stop") + ": asking every running child to "
                        + "checkpoint and stop ...");
            }
            children.interrupt();
        }, "sweep-stop-watcher");
        watcher.setDaemon(true);
        // System.exit or an unhandled signal: the children (in their own session) would outlive the sweep
        Thread stopChildren = new Thread(() -> {
            children.interrupt();
            children.awaitOrKill(60);
        }, "sweep-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try (StopSignals signals = StopSignals.install(stop)) {
            watcher.start();
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedRun r : runs) {
                futures.add(pool.submit(() -> runOne(r, children, stop, tally)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            children.interrupt();
            children.awaitOrKill(120);
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
            watcher.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        o.printf("sweep: %d finished now, %d skipped, %d finished by another process, %d interrupted, %d not "
                        + "started, %d failed%n", tally.finished.get(), tally.skipped.get(), tally.byOthers.get(),
                tally.stopped.get(), tally.notStarted.get(), tally.failed.get());
        if (stop.requested() || tally.stopped.get() > 0 || tally.notStarted.get() > 0) {
            o.println("interrupted: run the same command again to continue");
            return stop.reason().map(StopSignals::exitCode).orElse(TrainingSession.INTERRUPTED);
        }
        return tally.failed.get() > 0 ? Main.FAILED : Main.OK;
    }

    /** Takes one run to its end: start, resume, wait for another owner, or skip, until it is settled. */
    private void runOne(PlannedRun r, SweepExecutor children, StopRequest stop, Tally tally) {
        var o = console.out();
        String name = r.run().directoryName();
        RunDirectory dir = r.directory();
        boolean waited = false;
        while (true) {
            if (stop.requested()) {
                tally.notStarted.incrementAndGet();
                return;
            }
            RunStatus status = dir.status(r.run().epochs());
            if (status instanceof RunStatus.Finished) {
                (waited ? tally.byOthers : tally.skipped).incrementAndGet();
                return;
            }
            if (status instanceof RunStatus.Diverged) {
                // left alone (the same seed would diverge again), and still a failed run of the grid: exit code 1
                tally.failed.incrementAndGet();
                say("FAILED " + name + ": " + (waited ? "it diverged while another process trained it; see "
                        + dir.log() : "it diverged in an earlier sweep; left alone (delete the directory to try "
                        + "again)"));
                return;
            }
            if (status instanceof RunStatus.Running running) {
                if (!waited) {
                    say("waiting for " + name + ": trained by process " + running.pid() + " (its lock "
                            + dir.path().resolve(RunDirectory.LOCK) + ")");
                }
                waited = true;
                sleep();
                continue;
            }
            if (status instanceof RunStatus.NotStarted && !create(dir, r.settings())) {
                continue;
            }
            // the run's own config.toml says everything; this sweep's threads and plugins for this invocation
            List<String> args = new ArrayList<>(List.of("--resume", dir.path().toString(), "--threads",
                    Long.toString(r.settings().get(Settings.THREADS)), "--plugins", r.settings().get(Settings.PLUGINS)));
            if (verbose.given()) {
                args.add("--verbose");
            }
            boolean resuming = status instanceof RunStatus.Interrupted;
            say((resuming ? "resuming " : "starting ") + name + ": " + r.run().describe() + " (log " + dir.log() + ")");
            long t0 = System.nanoTime();
            SweepExecutor.Outcome outcome = children.run(ChildRuns.task(name, args, r.settings().integer(Settings.THREADS),
                    dir.path()));
            int code = outcome.exitCode();
            String took = String.format(java.util.Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9);
            String where = spark == null ? "" : " on " + outcome.where();
            if (code == Main.OK) {
                tally.finished.incrementAndGet();
                say("finished " + name + " (" + took + where + ")");
                return;
            }
            if (code == 130 || code == 143 || code == 129) {
                tally.stopped.incrementAndGet();
                say("interrupted " + name + " after " + took + where + " (checkpointed; it resumes on the next sweep)");
                return;
            }
            if (code == Main.USAGE && dir.owner().isPresent()) {
                waited = true;   // another process took the run first; wait for it
                continue;
            }
            tally.failed.incrementAndGet();
            say("FAILED " + name + ": exit " + code + " after " + took + where + "; see " + dir.log());
            return;
        }
    }

    /**
     * Writes a new run's config.toml under its lock; false when another process holds the lock or wrote the
     * run since its status was read (another sweep of the same plan started it: the caller looks again).
     */
    static boolean create(RunDirectory dir, RunSettings settings) {
        try {
            dir.createForNewRun("the sweep's run directory");
        } catch (InputException taken) {
            if (dir.isRun() || dir.owner().isPresent()) {
                return false;
            }
            throw taken;
        }
        try (RunLock lock = dir.lock()) {
            if (!dir.isRun()) {
                dir.writeSettings(settings);
            }
            return true;
        } catch (InputException busy) {
            if (dir.owner().isPresent()) {
                return false;
            }
            throw busy;
        }
    }

    private void say(String line) {
        var o = console.out();
        synchronized (o) {
            o.println(line);
            o.flush();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
