package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.scheme.Discretisation;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.StopRequest;
import org.schemenet.train.Trainer;
import org.schemenet.train.TrainingPlan;
import org.schemenet.train.report.AtomicFiles;
import org.schemenet.train.report.EpochLog;
import org.schemenet.train.report.MetricsCsv;
import org.schemenet.train.report.ProgressBar;
import org.schemenet.train.report.SummaryJson;

/**
 * One training run of the runner, start to end: resolve the configuration, load the scheme,
 * build the network, open the data, prepare the run directory, train, report. Returns the exit
 * code: 0 done, 1 diverged, 130 interrupted; bad input throws {@link UsageException} (exit 2).
 */
public final class TrainingSession {
    /** Exit code after Ctrl-C (128 + SIGINT). */
    public static final int INTERRUPTED = 130;
    /** The resolved configuration in a run directory. */
    public static final String CONFIG_FILE = "config.toml";

    /** Flags a resumed run may change: nothing that changes the arithmetic of training. */
    private static final Set<ConfigKey> RESUMABLE = EnumSet.of(ConfigKey.EPOCHS, ConfigKey.THREADS, ConfigKey.PLUGINS,
            ConfigKey.DATA, ConfigKey.DEVICE);

    private final ConfigResolver resolver;
    private final ConfigFile files;
    private final SchemeService plugins;
    private final Environment environment;
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
    public TrainingSession(ConfigResolver resolver, ConfigFile files, SchemeService plugins, Environment environment,
                           Console console, DataSource dataSource, NetworkFactory networks, SystemInfo system,
                           StopRequest stop, StopSignal stopSignal, Terminal terminal, Set<RunObserver> extraObservers,
                           TrainingEngine engine) {
        this.engine = engine;
        this.resolver = resolver;
        this.files = files;
        this.plugins = plugins;
        this.environment = environment;
        this.console = console;
        this.dataSource = dataSource;
        this.networks = networks;
        this.system = system;
        this.stop = stop;
        this.stopSignal = stopSignal;
        this.terminal = terminal;
        this.extraObservers = extraObservers;
    }

    /** A configured scheme: the registry entry, its discretisation and its options in full. */
    private record LoadedScheme(SchemeRegistry.Entry entry, Discretisation discretisation, Map<String, String> options,
                                SchemeCheck check) {
    }

    public int run(ConfigResolver.Given given, Path resume, boolean dryRun) {
        RunConfig config = resume == null ? resolver.resolve(given) : resumedConfig(given, resume);
        checkDevice(config);
        system.setThreads(config.threads());
        LoadedScheme scheme = loadScheme(config);
        config = config.withSchemeOptions(scheme.options());
        var out = console.out();

        if (dryRun) {
            NetworkSpec spec = networks.spec(config, 32, 32, 3, 10);
            CompiledNetwork net = networks.compile(scheme.discretisation(), spec, config);
            out.println(describe(scheme, config));
            out.println(net.summary());
            out.printf("trainable parameters: %d%n", net.trainableParameters());
            out.printf("learnable coefficients: %d%s%n", net.coefficientCount(),
                    net.coefficientNames().isEmpty() ? "" : " (" + String.join(", ", net.coefficientNames()) + ")");
            out.println("dry run: nothing trained");
            return Main.OK;
        }

        TrainingEngine.Engine engine = this.engine.open(config, Path.of(config.out()));
        try {
            return train(config, scheme, engine, resume);
        } finally {
            engine.close().run();
        }
    }

    private int train(RunConfig config, LoadedScheme scheme, TrainingEngine.Engine engine, Path resume) {
        var out = console.out();
        RunData data = dataSource.open(config);
        CompiledNetwork net = networks.compile(scheme.discretisation(), networks.spec(config, data), config);
        Path dir = Path.of(config.out());
        prepareRunDirectory(dir, resume != null);
        AtomicFiles.write(dir.resolve(CONFIG_FILE), files.write(config));

        out.println(describe(scheme, config));
        out.println("network: " + net.summary());
        out.println("data: " + data.summaryLine());
        out.printf("protocol: SGD with heavy-ball momentum %s, lr %s divided by 10 after epochs %s, weight decay %s, "
                        + "batch %d, %d epochs, seed %d, %d threads%n", config.momentum(), config.lr(),
                config.milestones(), config.weightDecay(), config.batchSize(), config.epochs(), config.seed(),
                config.threads());
        out.println("engine: " + engine.description());
        out.println((resume != null ? "resuming run: " : "run directory: ") + dir);
        out.flush();

        Map<String, Object> description = new LinkedHashMap<>();
        description.put("configuration", config.toMap());
        description.put("scheme", schemeMap(scheme));
        description.put("network", networkMap(net));
        description.put("data", data.description());
        description.put("software", system.software());
        description.put("backend", system.backend(config.threads()));
        description.put("engine", engine.description());
        List<RunObserver> observers = new ArrayList<>();
        observers.add(new ProgressBar(console.err(), terminal.interactive()));
        observers.add(new EpochLog(out));
        observers.add(new MetricsCsv(dir));
        observers.add(new SummaryJson(dir, description));
        observers.addAll(extraObservers);
        Trainer trainer = new Trainer(net.graph(), data.epochs(), new TrainingPlan(config.epochs(), config.seed(), dir),
                g -> net.coefficients(), observers, stop, engine.fitting());

        RunResult result;
        try (AutoCloseable signal = stopSignal.install(stop)) {
            result = trainer.run();
        } catch (UsageException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return report(result, dir);
    }

    private int report(RunResult r, Path dir) {
        var out = console.out();
        if (r.status() == RunResult.Status.COMPLETED) {
            out.printf("done: %d epochs, final test error %.2f%%, best %.2f%% (epoch %d), %.1f images/s, "
                            + "wall time %s; results in %s%n", r.epochsDone(), r.finalTestErrorPct(),
                    r.bestTestErrorPct(), r.bestEpoch(), r.trainImagesPerSecond(),
                    ProgressBar.duration(r.wallSeconds()), dir);
            return Main.OK;
        }
        if (r.status() == RunResult.Status.INTERRUPTED) {
            out.println(r.message());
            out.println("resume with: runner --resume " + dir);
            return INTERRUPTED;
        }
        console.err().println("error: " + r.message());
        return Main.FAILED;
    }

    private RunConfig resumedConfig(ConfigResolver.Given given, Path runDir) {
        Path file = runDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--resume " + runDir + ": no " + CONFIG_FILE + " there; give the directory of a "
                    + "run started by the runner");
        }
        if (given.configFile() != null) {
            throw new UsageException("--resume takes the run's own " + CONFIG_FILE + "; drop --config");
        }
        for (ConfigKey k : given.values().keySet()) {
            if (!RESUMABLE.contains(k)) {
                throw new UsageException("--resume continues a run with its own configuration; " + k.flag()
                        + " cannot change (only --epochs, --threads, --plugins, --data, --device can)");
            }
        }
        if (!given.schemeOptions().isEmpty()) {
            throw new UsageException("--resume continues a run with its own configuration; scheme options cannot "
                    + "change");
        }
        if (!Files.isDirectory(runDir.resolve("checkpoints"))) {
            throw new UsageException("--resume " + runDir + ": no checkpoints/ folder; the run never finished an epoch "
                    + "or a Ctrl-C; start it again instead");
        }
        return resolver.resolve(new ConfigResolver.Given(given.values(), Map.of(), file)).withOut(runDir.toString());
    }

    private void checkDevice(RunConfig config) {
        boolean cuda = system.cudaBuild();
        if (config.device().equals("gpu") && !cuda) {
            throw new UsageException("--device gpu needs the CUDA build; this is the CPU build (nd4j-native with "
                    + "oneDNN). Build the GPU version with 'mvn -B -Pcuda -DskipTests package' (needs CUDA 11.6 and "
                    + "cuDNN; see README, section GPU), then run again");
        }
        if (config.device().equals("cpu") && cuda) {
            throw new UsageException("--device cpu: this is the CUDA build; rebuild without -Pcuda for the CPU back "
                    + "end, or use --device gpu");
        }
    }

    private LoadedScheme loadScheme(RunConfig config) {
        ConfiguredScheme c = plugins.configure(config.plugins() == null ? null : Path.of(config.plugins()),
                config.scheme(), config.schemeOptions());
        return new LoadedScheme(c.entry(), c.discretisation(), c.options(), plugins.checkBeforeTraining(c));
    }

    private static void prepareRunDirectory(Path dir, boolean resuming) {
        try {
            if (!resuming && Files.exists(dir.resolve(CONFIG_FILE))) {
                throw new UsageException("--out " + dir + " already holds a run (" + CONFIG_FILE + "); continue it "
                        + "with --resume " + dir + " or choose another --out");
            }
            if (!resuming && Files.isDirectory(dir.resolve("checkpoints"))) {
                try (var entries = Files.list(dir.resolve("checkpoints"))) {
                    if (entries.findAny().isPresent()) {
                        throw new UsageException("--out " + dir + " holds checkpoints of another run; continue it with "
                                + "--resume " + dir + " or choose another --out");
                    }
                }
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UsageException("--out " + dir + " is a file, not a directory");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String describe(LoadedScheme s, RunConfig c) {
        return "scheme: " + s.entry().scheme().name() + " (" + s.discretisation().description() + "; options "
                + s.options() + "; plugin " + s.entry().pluginId() + " " + s.entry().pluginVersion() + ")";
    }

    private static Map<String, Object> schemeMap(LoadedScheme s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.entry().scheme().name());
        m.put("description", s.discretisation().description());
        m.put("order", s.discretisation().order());
        m.put("measuredOrder", s.check().measuredOrderRounded());
        m.put("options", s.options());
        m.put("plugin", s.entry().pluginId());
        m.put("pluginVersion", s.entry().pluginVersion());
        return m;
    }

    private static Map<String, Object> networkMap(CompiledNetwork net) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", net.spec().depth());
        m.put("shortcut", net.spec().shortcut().name());
        m.put("unitsPerStage", net.unitsPerStage());
        m.put("stepsPerStage", net.stepsPerStage());
        m.put("trainableParameters", net.trainableParameters());
        m.put("learnableCoefficients", net.coefficientNames());
        m.put("summary", net.summary());
        return m;
    }
}
