package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.RunData;
import org.schemenet.engine.TrainingEngine;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.run.Faults;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.InputException;
import org.schemenet.run.RunDirectory;
import org.schemenet.run.RunIdentity;
import org.schemenet.run.RunLock;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.run.SettingsResolver;
import org.schemenet.run.SettingsToml;
import org.schemenet.run.Summary;
import org.schemenet.scheme.Count;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.train.Checkpoints;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.StopRequest;
import org.schemenet.train.StopSignals;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingPlan;
import org.schemenet.train.report.EpochLog;
import org.schemenet.train.report.MetricsCsv;
import org.schemenet.train.report.ProgressBar;
import org.schemenet.train.report.SummaryJson;

/**
 * One training run of the runner, start to end: resolve the settings, load the scheme; for a new
 * run check its --out, open the data and build the network before the run directory is made (so bad
 * input writes nothing; a failure after that, before training, takes back what the run made); for a
 * resumed run take its lock, open the data and check the run against its identity; train, report. Returns the exit code: 0 done, 1 diverged, 128 + the
 * signal's number when a signal stopped it (a checkpoint written); bad input and faults of the
 * environment throw {@link InputException} (exit 2).
 */
public final class TrainingSession {
    /** Exit code after Ctrl-C (128 + SIGINT); SIGTERM gives 143, SIGHUP 129. */
    public static final int INTERRUPTED = 130;
    /** The resolved settings in a run directory. */
    public static final String CONFIG_FILE = RunDirectory.CONFIG;

    /**
     * What the command line asks for.
     *
     * @param flags  the settings given as flags (and scheme options)
     * @param config {@code --config FILE}, or null
     * @param resume {@code --resume RUN_DIR}, or null
     * @param dryRun print the settings and the network only
     * @param ui     {@code --ui}: the training UI that gets the network's statistics, or {@link LiveUi#NONE}
     */
    public record Request(GivenSettings flags, String config, String resume, boolean dryRun, LiveUi ui) {
        public Request {
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(ui, "ui");
        }

        public Request(GivenSettings flags, String config, String resume, boolean dryRun) {
            this(flags, config, resume, dryRun, LiveUi.NONE);
        }
    }

    private final SettingsResolver resolver;
    private final SchemeService schemes;
    private final Console console;
    private final DataSource dataSource;
    private final NetworkFactory networks;
    private final SystemInfo system;
    private final StopRequest stop;
    private final StopSignal stopSignal;
    private final Terminal terminal;
    private final Set<RunObserver> extraObservers;
    private final TrainingEngine engine;

    @Inject
    public TrainingSession(SettingsResolver resolver, SchemeService schemes, Console console, DataSource dataSource,
                           NetworkFactory networks, SystemInfo system, StopRequest stop, StopSignal stopSignal,
                           Terminal terminal, Set<RunObserver> extraObservers, TrainingEngine engine) {
        this.engine = engine;
        this.resolver = resolver;
        this.schemes = schemes;
        this.console = console;
        this.dataSource = dataSource;
        this.networks = networks;
        this.system = system;
        this.stop = stop;
        this.stopSignal = stopSignal;
        this.terminal = terminal;
        this.extraObservers = extraObservers;
    }

    /** The settings and directory of the run a request names; for a resume, also what config.toml says now. */
    private record Target(RunSettings settings, RunDirectory directory, RunSettings recorded) {
        boolean resuming() {
            return recorded != null;
        }
    }

    /**
     * Trains (or, with {@code --dry-run}, describes) the requested run. Stop signals are heard from the start, so a
     * Ctrl-C while the data loads or the network is built stops the run too: a new run before its directory is made
     * (nothing written), a resumed one at its first batch, with a checkpoint.
     */
    public int run(Request request) {
        if (request.dryRun()) {
            return runListening(request);
        }
        try (AutoCloseable signals = stopSignal.install(stop)) {
            return runListening(request);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int runListening(Request request) {
        Target target = request.resume() == null ? newRun(request) : resumedRun(request);
        RunSettings settings = target.settings();
        checkDevice(settings);
        request.ui().check(settings);
        system.setThreads(settings.integer(Settings.THREADS));
        LoadedScheme scheme;
        if (!request.flags().has(Settings.PLUGINS)) {
            requirePluginsFolderOfFile(settings.get(Settings.PLUGINS), target.resuming() ? target.directory().config()
                    : request.config() == null ? null : Path.of(request.config()));
        }
        try {
            scheme = loadScheme(settings);
        } catch (UsageException e) {
            throw namingTheFile(e, request, target);
        }
        settings = settings.withSchemeOptions(scheme.options());
        var out = console.out();

        if (request.dryRun()) {
            NetworkSpec spec = networks.spec(settings, 32, 32, 3, 10);
            CompiledNetwork net = networks.compile(scheme.entry(), scheme.discretisation(), spec, settings);
            out.println(RunDescription.schemeLine(scheme));
            out.println("settings (" + (target.resuming() ? "the run's own, with the flags a resume may give"
                    : "defaults, then --config, then flags") + "):");
            settings.listing().lines().forEach(l -> out.println("  " + l));
            out.println(net.summary());
            out.printf("trainable parameters: %d%n", net.trainableParameters());
            out.printf("learnable coefficients: %d%s%n", net.coefficientCount(),
                    net.coefficientNames().isEmpty() ? "" : " (" + String.join(", ", net.coefficientNames()) + ")");
            out.println("dry run: nothing trained, nothing written");
            return Main.OK;
        }

        RunDirectory dir = target.directory();
        if (target.resuming()) {
            try (RunLock lock = dir.lock()) {
                dir.removeTemporaryFiles();
                Opened opened = openUnlessStopped(settings, scheme);
                if (opened == null) {
                    out.println(stopped("stopped during start-up, while its data opened; the run is as it was "
                            + "(the same --resume continues it)"));
                    return stoppedExitCode();
                }
                TrainingEngine.Engine open = this.engine.open(settings, dir.path());
                try {
                    return train(settings, scheme, opened, open, target, request.ui(), () -> { });
                } finally {
                    open.close().run();
                }
            }
        }
        // a new run: every input error (the data, its subsets, the network) is found before its records are
        // written; what the start makes before that (a Spark run's sample, written while its data opens) and after
        // it is taken back if the run stops before it trains
        RunDirectory.Created created = dir.checkForNewRun("--out");
        boolean[] owned = {false};
        boolean[] started = {false};
        try {
            Opened opened = openUnlessStopped(settings, scheme);
            if (opened == null || stop.requested()) {
                dir.takeBack(created, false);
                out.println(stopped("stopped during start-up, before the run began; nothing was written"));
                return stoppedExitCode();
            }
            dir.createForNewRun("--out");
            try (RunLock lock = dir.lock()) {
                dir.removeTemporaryFiles();
                if (dir.isRun()) {
                    throw new UsageException("--out " + dir + " already holds a run (" + CONFIG_FILE + "); continue "
                            + "it with --resume " + dir + ", or give another --out");
                }
                owned[0] = true;
                dir.writeSettings(settings);
                TrainingEngine.Engine open = this.engine.open(settings, dir.path());
                try {
                    return train(settings, scheme, opened, open, target, request.ui(), () -> started[0] = true);
                } finally {
                    open.close().run();
                }
            }
        } catch (RuntimeException | Error e) {
            if (!started[0]) {
                // stopped before it trained: take back what this run made, so the same --out can start it again
                dir.takeBack(created, owned[0]);
            }
            throw e;
        }
    }

    /** The run's data, opened and checked, and its network, built for it. */
    private record Opened(RunData data, CompiledNetwork net) {
    }

    private Opened open(RunSettings settings, LoadedScheme scheme) {
        RunData data = dataSource.open(settings);
        return new Opened(data, networks.compile(scheme.entry(), scheme.discretisation(), networks.spec(settings, data), settings));
    }

    /**
     * {@link #open}, or null when a stop cut it short: a failure while a stop is requested (a CIFAR-10 download that
     * Ctrl-C gave up) is that stop, not bad input.
     */
    private Opened openUnlessStopped(RunSettings settings, LoadedScheme scheme) {
        try {
            return open(settings, scheme);
        } catch (RuntimeException e) {
            if (stop.requested()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The scheme a request trains, by name, with the {@code --plugins} folder to find it in (the flag's, else the
     * file's; null for the default), as the command line and its file name them, before anything is resolved:
     * {@code --scheme}, else the {@code [scheme] name} of the {@code --config} file; for {@code --resume} the run's own
     * (its config.toml read and checked as the run reads it, so a missing or bad file gets the same message).
     *
     * @param pluginsFile the file whose {@code plugins} key gave {@code plugins} ({@code --config}'s, or the resumed
     *                    run's config.toml), for messages; null when the flag gave it or none did
     */
    public record NamedScheme(String name, String plugins, Path pluginsFile) {
    }

    /** The {@link NamedScheme} of {@code request}; empty when neither the flags nor its file name a scheme. */
    public Optional<NamedScheme> namedScheme(Request request) {
        GivenSettings flags = request.flags();
        GivenSettings given = request.resume() != null ? resumedDirectory(request).readSettings()
                : flags.has(Settings.SCHEME) || request.config() == null ? flags : configFile(request);
        Object name = given.values().get(Settings.SCHEME);
        boolean fromFile = !flags.has(Settings.PLUGINS) && given != flags && given.has(Settings.PLUGINS);
        Object plugins = fromFile ? given.values().get(Settings.PLUGINS) : flags.values().get(Settings.PLUGINS);
        Path file = !fromFile ? null : request.resume() != null ? Path.of(request.resume()).resolve(CONFIG_FILE)
                : Path.of(request.config());
        return name instanceof String n ? Optional.of(new NamedScheme(n, (String) plugins, file)) : Optional.empty();
    }

    private Target newRun(Request request) {
        GivenSettings given = request.config() == null ? GivenSettings.NONE : configFile(request);
        RunSettings settings = resolver.resolveNew(given.then(request.flags()));
        return new Target(settings, RunDirectory.at("--out", settings.get(Settings.OUT)), null);
    }

    /** The settings of the request's {@code --config} file. */
    private static GivenSettings configFile(Request request) {
        Path file = Faults.path("--config", request.config(), "a TOML file");
        return withoutOwnDirectory(SettingsToml.read(file), file);
    }

    /**
     * A run's own config.toml names its directory only in files written before the run directory
     * stopped being recorded; repeating the run must not reuse it, so that {@code out} is dropped.
     */
    private static GivenSettings withoutOwnDirectory(GivenSettings given, Path file) {
        Object out = given.values().get(Settings.OUT);
        if (out instanceof String o && file.getFileName().toString().equals(CONFIG_FILE)) {
            try {
                Path folder = file.toAbsolutePath().normalize().getParent();
                if (Path.of(o).toAbsolutePath().normalize().equals(folder)) {
                    return given.without(Settings.OUT);
                }
            } catch (InvalidPathException e) {
                return given;
            }
        }
        return given;
    }

    private Target resumedRun(Request request) {
        RunDirectory dir = resumedDirectory(request);
        RunSettings recorded = resolver.resolve(dir.readSettings().with(Settings.OUT, dir.path().toString(),
                "--resume"));
        // an --out that names the run itself (checked by resumedDirectory) changes nothing
        return new Target(resolver.resume(recorded, request.flags().without(Settings.OUT)), dir, recorded);
    }

    /**
     * The run directory {@code --resume} names, checked to hold a run that the request may resume as it stands. An
     * {@code --out} is accepted when it names that same directory (however written: {@code run/}, {@code ./run}, a
     * symbolic link to it) and refused otherwise, saying why: a resumed run stays in its own directory.
     */
    private static RunDirectory resumedDirectory(Request request) {
        RunDirectory dir = RunDirectory.at("--resume", request.resume());
        if (!dir.isRun()) {
            throw new UsageException("--resume " + dir + ": no " + CONFIG_FILE + " there; give the directory of a run "
                    + "started by the runner");
        }
        if (request.config() != null) {
            throw new UsageException("--resume takes the run's own " + CONFIG_FILE + "; drop --config");
        }
        if (request.flags().has(Settings.OUT)) {
            String out = (String) request.flags().values().get(Settings.OUT);
            if (!sameDirectory(dir.path(), Faults.path("--out", out))) {
                throw new UsageException("--out " + out + " is not the directory of the run that --resume names ("
                        + dir + "): a resumed run stays in its own directory and writes there; drop --out (to "
                        + "continue the run elsewhere, copy its directory there and --resume the copy)");
            }
        }
        return dir;
    }

    /** Whether {@code a} (an existing directory) and {@code b} are the same directory on disk. */
    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isDirectory(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Trains an opened run; {@code onStart} runs just before the first batch, when the run is one that
     * {@code --resume} continues (also if it stops before its first checkpoint).
     */
    private int train(RunSettings settings, LoadedScheme scheme, Opened opened, TrainingEngine.Engine engine,
                      Target target, LiveUi ui, Runnable onStart) {
        var out = console.out();
        RunDirectory dir = target.directory();
        RunData data = opened.data();
        CompiledNetwork net = opened.net();
        RunIdentity.Data dataIdentity = RunDescription.dataIdentity(data);
        RunIdentity.Network network = RunDescription.networkIdentity(net);
        RunIdentity identity;
        if (target.resuming()) {
            identity = checkedIdentity(dir, target.recorded(), settings, dataIdentity, network);
            Optional<Summary> summary = dir.summary();
            summary.ifPresent(s -> checkPlugin(dir, s, scheme));
            int epochs = settings.integer(Settings.EPOCHS);
            if (summary.isPresent() && summary.get().status().equals("completed")
                    && summary.get().epochsDone() >= epochs) {
                out.println("run " + dir + " has finished its " + Count.of(summary.get().epochsDone(), "epoch")
                        + "; nothing to do (give --epochs N with N > " + summary.get().epochsDone() + " to extend it)");
                return Main.OK;
            }
            if (epochs > target.recorded().integer(Settings.EPOCHS)) {
                // written after every check that can refuse the resume (below), so a refused one changes nothing
                identity = identity.withSettings(target.recorded().with(Settings.EPOCHS, (long) epochs));
            }
        } else {
            identity = RunIdentity.of(settings, dataIdentity, network, OffsetDateTime.now().toString());
            dir.writeIdentity(identity);
        }

        RunDescription description = new RunDescription(settings, scheme, net, data, identity, engine.description(),
                system);
        description.lines().forEach(out::println);
        List<RunObserver> observers = new ArrayList<>();
        observers.add(new ProgressBar(console.err(), terminal.interactive()));
        observers.add(new EpochLog(out));
        observers.add(new MetricsCsv(dir.path()));
        observers.add(new SummaryJson(dir.path(), description.summary()));
        observers.addAll(extraObservers);
        TrainingPlan plan = new TrainingPlan(settings.integer(Settings.EPOCHS), settings.get(Settings.SEED), dir.path(),
                2, identity.runId(), identity.adopted());
        Trainer trainer = new Trainer(net.graph(), data.epochs(), plan, g -> net.coefficients(), observers, stop,
                engine.fitting());
        ui.attach(net, identity.runId());

        Optional<Checkpoints.Restored> restored = trainer.restore();
        restored.ifPresent(r -> r.skipped().forEach(s -> console.err().println("warning: passed over the newer "
                + "checkpoint " + s)));
        if (target.resuming()) {
            // the records of the epochs the checkpoint has done, before anything is trained or written
            dir.metrics().checkEpochs(restored.map(r -> r.state().epochsDone()).orElse(0));
            out.println(restored.map(r -> "resuming run " + dir + " from " + dir.path().relativize(r.file()) + " ("
                    + Count.of(r.state().epochsDone(), "epoch") + (r.state().batchesDone() > 0 ? " and "
                    + Count.of(r.state().batchesDone(), "batch", "batches") : "") + " done"
                    + (r.skipped().isEmpty() ? "" : "; fell back past " + Count.of(r.skipped().size(),
                    "unusable newer checkpoint")) + ")")
                    .orElse("resuming run " + dir + ": it has no checkpoint yet, so it starts from the beginning"));
        } else {
            out.println("run directory: " + dir);
        }
        out.flush();
        if (target.resuming()) {
            // after every check that can refuse the resume: a longer run (--epochs) in config.toml and run.json; a
            // record from before the wiring was recorded gets the wiring of the build that continues the run; a
            // record from before run.json existed is written
            int epochs = settings.integer(Settings.EPOCHS);
            if (epochs > target.recorded().integer(Settings.EPOCHS)) {
                dir.writeSettings(target.recorded().with(Settings.EPOCHS, (long) epochs));
            }
            identity = identity.withWiring(network);
            if (!dir.identity().equals(Optional.of(identity))) {
                dir.writeIdentity(identity);
            }
        }

        // after every check that can refuse the run: a warning is no reason to stop
        system.threadsWarning(settings.integer(Settings.THREADS)).ifPresent(w -> console.err().println("warning: " + w));
        system.workersWarning(settings.integer(Settings.WORKERS)).ifPresent(w -> console.err().println("warning: " + w));
        stopSignal.note().ifPresent(console.err()::println);
        onStart.run();
        RunResult result;
        try {
            result = trainer.run(restored);   // the stop signals are installed by run()
        } finally {
            // what an observer keeps running while the run trains (the live page's timer) ends with it
            for (RunObserver o : observers) {
                if (o instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        console.err().println("warning: " + e.getMessage());
                    }
                }
            }
        }
        return report(result, dir, engine.launcher());
    }

    private int report(RunResult r, RunDirectory dir, String launcher) {
        var out = console.out();
        if (r.status() == RunResult.Status.COMPLETED) {
            out.printf(java.util.Locale.ROOT, "done: %s, final test error %.2f%%, best %.2f%% (epoch %d), %.1f images/s, "
                            + "wall time %s; results in %s%n", Count.of(r.epochsDone(), "epoch"), r.finalTestErrorPct(),
                    r.bestTestErrorPct(), r.bestEpoch(), r.trainImagesPerSecond(),
                    ProgressBar.duration(r.wallSeconds()), dir);
            return Main.OK;
        }
        if (r.status() == RunResult.Status.INTERRUPTED) {
            out.println(stopped(r.message()));
            out.println("resume with: " + launcher + " --resume " + dir);
            return stoppedExitCode();
        }
        console.err().println("error: " + r.message());
        return Main.FAILED;
    }

    /** The signal that stopped the run (e.g. {@code SIGINT}), if a signal did. */
    private Optional<String> stopSignalName() {
        return stop.reason().filter(s -> StopSignals.NUMBERS.containsKey(s.replaceFirst("^SIG", "")));
    }

    /** {@code what}, after the stopping signal's name when a signal stopped the run ({@code SIGINT: ...}). */
    private String stopped(String what) {
        return stopSignalName().map(by -> by + ": ").orElse("") + what;
    }

    /** 128 + the stopping signal's number, or {@link #INTERRUPTED} for a stop requested otherwise. */
    private int stoppedExitCode() {
        return stopSignalName().map(StopSignals::exitCode).orElse(INTERRUPTED);
    }

    /**
     * A resumed run trains its scheme from the plugin it started with (its summary.json names it): another plugin
     * registering the same name is refused; another version of that plugin is named in a warning.
     */
    private void checkPlugin(RunDirectory dir, Summary summary, LoadedScheme scheme) {
        String plugin = summary.plugin();
        SchemeRegistry.Entry entry = scheme.entry();
        if (plugin != null && !plugin.equals(entry.pluginId())) {
            throw new UsageException("--resume " + dir + ": the run trained scheme '" + entry.scheme().name()
                    + "' from plugin '" + plugin + "' (its summary.json), but " + entry.source().getParent()
                    + " has it from plugin '" + entry.pluginId() + "' (" + entry.source() + "); give --plugins the"
                    + " folder holding plugin '" + plugin + "'");
        }
        String version = summary.pluginVersion();
        if (plugin != null && version != null && !version.equals(entry.pluginVersion())) {
            console.err().println("warning: --resume " + dir + ": the run trained with plugin '" + plugin + "' version "
                    + version + "; " + entry.source() + " is version " + entry.pluginVersion() + ", which the resumed"
                    + " epochs use");
        }
    }

    /**
     * The run's identity, checked against what it is about to train (see {@link RunIdentity#differences});
     * a run from before run.json is checked against its summary.json as far as it can be, then adopted
     * (its identity recorded).
     */
    private RunIdentity checkedIdentity(RunDirectory dir, RunSettings recorded, RunSettings settings,
                                        RunIdentity.Data data, RunIdentity.Network network) {
        Optional<RunIdentity> known = dir.identity();
        String dataSource = "--data " + settings.get(Settings.DATA);
        List<String> differences = known.isPresent()
                ? known.get().differences(recorded, data, network, dataSource)
                : dir.summary().map(s -> RunIdentity.legacyDifferences(s, recorded, data, network, dataSource))
                .orElse(List.of());
        if (!differences.isEmpty()) {
            throw new UsageException("--resume " + dir + ": this is not the run its checkpoints were written for: "
                    + String.join("; ", differences) + ". A resumed run keeps its settings, data and network; start "
                    + "a new run for a change (runner --config " + dir.config() + " with flags)");
        }
        if (known.isPresent()) {
            return known.get();
        }
        // no run.json: a run from before run.json existed (its checkpoints carry no run id) is adopted; one whose
        // checkpoints carry a run id had its record, and adopting it under a new id would disown them for good
        java.util.Set<String> ids = new Checkpoints(dir.path(), 1).runIds();
        if (!ids.isEmpty()) {
            throw new UsageException("--resume " + dir + ": " + dir.path().resolve(RunDirectory.IDENTITY) + " is "
                    + "missing, but the run's checkpoints were written with its record (run id " + String.join(", ",
                    ids) + "); without it the resume cannot check that the settings, data and network are the run's: "
                    + "put the run's own run.json back (e.g. from a copy of the run directory), or start the run anew "
                    + "(runner --config " + dir.config() + ")");
        }
        return RunIdentity.adopt(recorded, data, network, dir.summary());   // written once the resume is accepted
    }



    private void checkDevice(RunSettings settings) {
        boolean cuda = system.cudaBuild();
        String device = settings.get(Settings.DEVICE);
        if (device.equals("gpu") && !cuda) {
            throw new UsageException("--device gpu needs the CUDA build; this is the CPU build (nd4j-native with "
                    + "oneDNN). Build the GPU version with 'mvn -B -Pcuda -DskipTests package' (needs CUDA 11.6 and "
                    + "cuDNN; see README, section GPU), then run again");
        }
        if (device.equals("cpu") && cuda) {
            throw new UsageException("--device cpu: this is the CUDA build; rebuild without -Pcuda for the CPU back "
                    + "end, or use --device gpu");
        }
    }

    /**
     * A refused scheme option that came from a file (the {@code --config} file's or the resumed run's
     * {@code [scheme]} table, not a flag) is named with that file; other errors pass unchanged.
     */
    private static UsageException namingTheFile(UsageException e, Request request, Target target) {
        if (!(e.getCause() instanceof InvalidOptionException bad) || bad.option() == null
                || request.flags().schemeOptions().containsKey(bad.option())) {
            return e;
        }
        Path file = target.resuming() ? target.directory().config()
                : request.config() == null ? null : Path.of(request.config());
        return file == null ? e
                : new UsageException("'" + bad.option() + "' in " + file + " [scheme]: " + e.getMessage(), e);
    }

    /**
     * A plugins folder that a file names ({@code file}'s {@code plugins} key: a {@code --config} file, or a resumed
     * run's config.toml) and that is not there, e.g. a run's config.toml from another install such as a committed
     * record, is named with that file. The file's value wins over {@value Environment#PLUGINS_VARIABLE}, so only
     * {@code --plugins} gets round it (what the general "plugins folder does not exist" message cannot say).
     *
     * @param file null when no file gave the value (nothing to check)
     */
    static void requirePluginsFolderOfFile(String plugins, Path file) {
        if (plugins == null || file == null) {
            return;
        }
        if (!java.nio.file.Files.exists(Faults.path(Settings.PLUGINS.flag(), plugins))) {
            throw new UsageException(file + ": plugins = \"" + plugins + "\": that folder does not exist; give "
                    + "--plugins DIR, which overrides the file");
        }
    }

    /** The run's scheme, configured with its options and checked by the conformance kit (a warning, or exit 2 if strict). */
    private LoadedScheme loadScheme(RunSettings settings) {
        String pluginsOption = settings.get(Settings.PLUGINS);
        ConfiguredScheme c = schemes.configure(pluginsOption == null ? null : Faults.path("--plugins", pluginsOption),
                settings.scheme(), settings.schemeOptions());
        return new LoadedScheme(c.entry(), c.discretisation(), c.options(), schemes.checkBeforeTraining(c));
    }

}
