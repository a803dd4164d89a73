package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.schemenet.report.RunDirectory;
import org.schemenet.report.RunResult;
import org.schemenet.report.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code runner sweep PLAN.toml}: every run of a {@link SweepPlan}, each in its own directory
 * {@code <sweep>/<run name>}, as child runner processes, one after another or {@code --parallel N}
 * at a time. Per run it decides from the directory ({@link RunDirectory#state}): finished runs are
 * skipped, interrupted ones resumed ({@code --resume}), ones that died before their first checkpoint
 * cleared and started again, new ones started, diverged ones left alone. So the sweep can be
 * stopped (Ctrl-C: every child checkpoints) and started again with the same command at any time.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a plan's grid of training runs (schemes x depths x seeds), skipping finished runs and "
                + "resuming interrupted ones, so it can be stopped (Ctrl-C) and restarted at any time; then writes "
                + "results.md and the pictures (as 'runner report').",
                "Exit codes: 0 every run finished, 1 a run failed (diverged or error), 2 bad plan or usage, 130 "
                        + "interrupted (run the same command again to continue)."})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLAN.toml", description = "the plan (see docs/reproducing.md)")
    Path plan;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at a time (default 1)")
    int parallel = 1;

    @Option(names = "--epochs", paramLabel = "E", description = "override the plan's epochs (a shorter version "
            + "of the plan; the learning-rate milestones scale to 50%% and 75%%)")
    Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory (default runs/<plan name>, "
            + "or runs/<plan name>-e<E> with --epochs)")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "native threads per run (default: the plan's "
            + "threads, else cores / parallel)")
    Integer threads;

    @Option(names = "--dry-run", description = "print what would happen to each run and stop")
    boolean dryRun;

    @Option(names = "--no-report", description = "do not write results.md at the end")
    boolean noReport;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "plugin folder (default: $SCHEMENET_PLUGINS, else plugins/ in the install)")
    Path plugins;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private final ConfigResolver resolver;
    private final SchemeService loader;
    private final Environment environment;
    private final Console console;
    private final RunReports reports;

    @Inject
    SweepCommand(ConfigResolver resolver, SchemeService loader, Environment environment, Console console,
                 RunReports reports) {
        this.resolver = resolver;
        this.loader = loader;
        this.environment = environment;
        this.console = console;
        this.reports = reports;
    }

    /** What the sweep does with one run; {@code runningPid} > 0 when another sweep's child still runs it. */
    record Action(SweepRun run, Path directory, RunState state, RunConfig config, long runningPid) {
        boolean skipped() {
            return runningPid > 0 || state == RunState.FINISHED || state == RunState.FAILED;
        }

        String verb() {
            if (runningPid > 0) {
                return "skip (still running as process " + runningPid + ", started by an earlier sweep)";
            }
            return switch (state) {
                case NEW -> "start";
                case RESTART -> "restart (no checkpoint)";
                case RESUMABLE -> "resume";
                case FINISHED -> "skip (finished)";
                case FAILED -> "skip (diverged; delete the directory to try again)";
            };
        }
    }

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new UsageException("--parallel: " + parallel + " is out of range; allowed: an integer >= 1");
        }
        if (epochs != null && epochs < 1) {
            throw new UsageException("--epochs: " + epochs + " is out of range; allowed: an integer >= 1");
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads: " + threads + " is out of range; allowed: an integer >= 1");
        }
        SweepPlan p = SweepPlan.read(plan);
        if (epochs != null) {
            p = p.withEpochs(epochs);
        }
        Path sweepDir = out != null ? out : Path.of("runs", p.name() + (epochs != null ? "-e" + epochs : ""));
        Path pluginFolder = environment.pluginsFolder(plugins).toAbsolutePath();
        int perRun = threads != null ? threads : p.training().containsKey(ConfigKey.THREADS)
                ? ((Number) p.training().get(ConfigKey.THREADS)).intValue()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        List<Action> actions = plan(p, sweepDir, pluginFolder, perRun);

        var o = console.out();
        o.printf("sweep %s: %d runs (%d variants x %d depths x %d seeds), %d epochs each, in %s%n", p.name(),
                actions.size(), p.variants().size(), p.depths().size(), p.seeds().size(), p.epochs(), sweepDir);
        for (Action a : actions) {
            o.printf("  %-40s %s%n", a.run().directoryName(), a.verb());
        }
        if (dryRun) {
            o.println("dry run: nothing started");
            return Main.OK;
        }
        copyPlan(sweepDir);
        int code = execute(actions, perRun, pluginFolder);
        if (!noReport) {
            List<Path> dirs = actions.stream().map(Action::directory).filter(RunDirectory::isRun).toList();
            if (!dirs.isEmpty()) {
                RunReports.Written w = reports.write(dirs, sweepDir, pluginFolder);
                o.printf("report: %s (%d runs, %d pictures)%n", w.results(), w.runs(), w.pictures().size());
            }
        }
        return code;
    }

    /** Checks every run's configuration (as the child would resolve it) and decides what to do with it. */
    List<Action> plan(SweepPlan p, Path sweepDir, Path pluginFolder, int perRun) {
        SchemeRegistry registry = loader.registry(pluginFolder);
        List<Action> actions = new ArrayList<>();
        for (SweepRun run : p.runs()) {
            SchemeRegistry.Entry entry = registry.find(run.variant().scheme()).orElseThrow(() -> new UsageException(
                    "plan " + plan + ": " + registry.unknown(run.variant().scheme())));
            try {
                loader.checkBeforeTraining(loader.configure(entry, run.variant().options()));
            } catch (UsageException e) {
                throw new UsageException("plan " + plan + ": [[scheme]] " + run.variant().scheme() + ": "
                        + e.getMessage(), e);
            }
            Path dir = sweepDir.resolve(run.directoryName());
            Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
            values.putAll(p.training());
            values.put(ConfigKey.SCHEME, run.variant().scheme());
            values.put(ConfigKey.DEPTH, (long) run.depth());
            values.put(ConfigKey.SEED, run.seed());
            values.put(ConfigKey.OUT, dir.toString());
            values.put(ConfigKey.THREADS, (long) perRun);
            RunConfig config;
            try {
                config = resolver.resolve(new ConfigResolver.Given(values, run.variant().options(), null));
            } catch (UsageException e) {
                throw new UsageException("plan " + plan + " [training]: " + e.getMessage(), e);
            }
            RunState state = RunDirectory.state(dir, run.epochs());
            if (state != RunState.NEW) {
                checkSameRun(dir, run);
            }
            long pid = state == RunState.NEW ? 0 : ChildRuns.stillRunning(dir).map(ProcessHandle::pid).orElse(0L);
            actions.add(new Action(run, dir, state, config, pid));
        }
        return actions;
    }

    /** A directory that holds a different run than the plan says is a mistake the sweep must not paper over. */
    private static void checkSameRun(Path dir, SweepRun run) {
        RunResult r;
        try {
            r = RunDirectory.read(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; move the directory away to start the run again", e);
        }
        if (!r.scheme().equals(run.variant().scheme()) || r.depth() != run.depth() || r.seed() != run.seed()) {
            throw new UsageException(dir + " holds another run (" + r.label() + ", depth " + r.depth() + ", seed "
                    + r.seed() + ") than the plan's " + run.describe() + "; move it away or use another --out");
        }
    }

    private int execute(List<Action> actions, int perRun, Path pluginFolder) {
        ChildRuns children = new ChildRuns();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger notStarted = new AtomicInteger();
        List<Action> todo = new ArrayList<>();
        for (Action a : actions) {
            if (a.skipped()) {
                skipped.incrementAndGet();
            } else {
                todo.add(a);
            }
        }
        var o = console.out();
        SignalHandler previous = installInterrupt(children);
        // SIGTERM or System.exit: the children (in their own session) would outlive the sweep; stop them first
        Thread stopChildren = new Thread(() -> {
            children.interrupt();
            children.awaitOrKill(60);
        }, "sweep-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Action a : todo) {
                futures.add(pool.submit(() -> {
                    if (children.interrupted()) {
                        notStarted.incrementAndGet();
                        return;
                    }
                    if (a.state() == RunState.RESTART) {
                        clear(a.directory());
                    }
                    List<String> args = arguments(a, perRun, pluginFolder);
                    synchronized (o) {
                        o.printf("%s %s: %s (log %s)%n", a.state() == RunState.RESUMABLE ? "resuming" : "starting",
                                a.run().directoryName(), a.run().describe(), a.directory().resolve(ChildRuns.LOG));
                        o.flush();
                    }
                    long t0 = System.nanoTime();
                    int code = children.run(args, perRun, a.directory());
                    String took = String.format("%.0f s", (System.nanoTime() - t0) / 1e9);
                    synchronized (o) {
                        if (code == Main.OK) {
                            done.incrementAndGet();
                            o.printf("finished %s (%s)%n", a.run().directoryName(), took);
                        } else if (code == TrainingSession.INTERRUPTED) {
                            stopped.incrementAndGet();
                            o.printf("interrupted %s after %s (checkpointed; it resumes on the next sweep)%n",
                                    a.run().directoryName(), took);
                        } else {
                            failed.incrementAndGet();
                            o.printf("FAILED %s: exit %d after %s; see %s%n", a.run().directoryName(), code, took,
                                    a.directory().resolve(ChildRuns.LOG));
                        }
                        o.flush();
                    }
                }));
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
            restoreInterrupt(previous);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        o.printf("sweep: %d finished now, %d skipped, %d interrupted, %d not started, %d failed%n", done.get(),
                skipped.get(), stopped.get(), notStarted.get(), failed.get());
        if (children.interrupted() || stopped.get() > 0 || notStarted.get() > 0) {
            o.println("interrupted: run the same command again to continue");
            return TrainingSession.INTERRUPTED;
        }
        return failed.get() > 0 ? Main.FAILED : Main.OK;
    }

    /** The child's command line: a new run with every setting given, or {@code --resume}. */
    static List<String> arguments(Action a, int perRun, Path pluginFolder) {
        List<String> args = new ArrayList<>();
        if (a.state() == RunState.RESUMABLE) {
            args.addAll(List.of("--resume", a.directory().toString(), "--epochs", Integer.toString(a.run().epochs()),
                    "--threads", Integer.toString(perRun), "--plugins", pluginFolder.toString()));
            return args;
        }
        RunConfig c = a.config();
        args.addAll(List.of("--scheme", c.scheme()));
        c.schemeOptions().forEach((k, v) -> args.addAll(List.of("--opt", k + "=" + v)));
        args.addAll(List.of("--depth", Integer.toString(c.depth()), "--shortcut", c.shortcut(),
                "--epochs", Integer.toString(c.epochs()), "--batch-size", Integer.toString(c.batchSize()),
                "--lr", Double.toString(c.lr()),
                "--milestones", String.join(",", c.milestones().stream().map(String::valueOf).toList()),
                "--weight-decay", Double.toString(c.weightDecay()), "--momentum", Double.toString(c.momentum()),
                "--data", c.data(), "--train-subset", Integer.toString(c.trainSubset()),
                "--test-subset", Integer.toString(c.testSubset()), "--out", c.out(),
                "--seed", Long.toString(c.seed()), "--device", c.device(), "--threads", Integer.toString(perRun),
                "--plugins", pluginFolder.toString()));
        return args;
    }

    /** Removes what a run that died before its first checkpoint left (config, metrics, summary, checkpoints). */
    private static void clear(Path dir) {
        try {
            for (String f : List.of(RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.SUMMARY)) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Path checkpoints = dir.resolve(RunDirectory.CHECKPOINTS);
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(checkpoints);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + " to restart its run: " + e.getMessage(), e);
        }
    }

    private void copyPlan(Path sweepDir) {
        try {
            Files.createDirectories(sweepDir);
            org.schemenet.report.ResultsReport.writeAtomically(sweepDir.resolve("plan.toml"), Files.readString(plan));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + sweepDir + ": " + e.getMessage(), e);
        }
    }

    /** Ctrl-C: start nothing new, send each child one SIGINT, wait for their checkpoints. */
    private SignalHandler installInterrupt(ChildRuns children) {
        try {
            return Signal.handle(new Signal("INT"), s -> {
                console.err().println("sweep: interrupt: asking every running child to checkpoint and stop ...");
                children.interrupt();
            });
        } catch (IllegalArgumentException e) {
            return null;   // no SIGINT on this platform or the JVM reserves it
        }
    }

    private static void restoreInterrupt(SignalHandler previous) {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
