package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.Settings;
import org.schemenet.scheme.Scheme;
import org.schemenet.train.TrainingUi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runner}: the top-level command. Without a subcommand it trains a scheme network on
 * CIFAR-10 with the seed paper's protocol. The run settings' options ({@code --depth},
 * {@code --epochs}, ...) come from the table {@link Settings} through {@link SettingOptions};
 * {@link TrainingSession} runs the training.
 */
@Command(name = "runner", mixinStandardHelpOptions = true, versionProvider = RunnerCommand.Version.class,
        modelTransformer = SettingOptions.class,
        description = {"Numerical-scheme networks: train them on CIFAR-10, verify schemes as ODE integrators.",
                "Without a subcommand, trains: e.g. 'runner --scheme adams --k 2' trains Adamnet (k=2) at depth 20 on "
                        + "CIFAR-10 with the seed paper's protocol: SGD with heavy-ball momentum 0.9, weight decay "
                        + "1e-4, batch 128, 160 epochs, learning rate 0.1 divided by 10 at epochs 80 and 120 "
                        + "(50%% and 75%% of a shorter --epochs).",
                "Every setting can also come from a TOML file (--config); flags override it; the resolved settings "
                        + "are written to the run directory as config.toml. 'runner --resume RUN_DIR' continues a run "
                        + "(also one stopped before its first checkpoint); 'runner --config RUN_DIR/config.toml' "
                        + "repeats it in a new run directory.",
                "A run directory belongs to one process at a time (RUN_DIR/run.lock). SIGINT (Ctrl-C), SIGTERM and "
                        + "SIGHUP finish the batch, write a checkpoint and print the resume command.",
                "Exit codes: 0 done, 1 training failed (diverged), 2 bad usage, bad input or a fault of the "
                        + "environment (file, permission, disk, a run held by another process), 130/143/129 stopped "
                        + "by SIGINT/SIGTERM/SIGHUP (checkpoint written; resume with --resume RUN_DIR)."},
        subcommands = {VerifyCommand.class, SchemesCommand.class, SweepCommand.class, ReportCommand.class,
            StabilityCommand.class, WiringCommand.class, BenchCommand.class})
public final class RunnerCommand implements Callable<Integer> {

    @Mixin
    SchemeOptions schemeOptions;

    @Option(names = "--config", paramLabel = "FILE.toml", description = "read settings from a TOML file (flags "
            + "override it); a run's config.toml repeats that run in a new run directory")
    String config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue a run from its newest usable "
            + "checkpoint (or from the beginning if it has none yet), with its own config.toml; only --epochs (to "
            + "extend it), --threads, --plugins, --data (the same data elsewhere) and --device may change; any other "
            + "setting only with the run's own value, --out only naming RUN_DIR itself")
    String resume;

    @Option(names = "--dry-run", description = "print the resolved settings and the network (units, steps, parameter "
            + "count, learnable coefficients) and stop; no data, no training, nothing written")
    boolean dryRun;

    @Option(names = "--strict-schemes", description = "stop (exit code 2) instead of warning when the scheme fails "
            + "the conformance kit (measured order below its claim, inconsistent or not zero-stable), checked at "
            + "--dry-run and before training")
    boolean strictSchemes;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--ui", arity = "0..1", paramLabel = "PORT", fallbackValue = "" + TrainingUi.DEFAULT_PORT,
            converter = NumberOptions.Port.class,
            description = "serve DL4J's training UI (score, per-layer parameters, gradients, updates and activations "
                    + "in a browser) on http://127.0.0.1:PORT/train/overview while the run trains (PORT default "
                    + TrainingUi.DEFAULT_PORT + "; 0: any free port); needs the ui build ('" + TrainingUiOption.BUILD
                    + "'); not a run setting, so config.toml does not keep it: give it again with --resume")
    Integer ui;

    @Spec
    CommandSpec spec;

    private final TrainingSession session;
    private final SchemeService schemes;
    private final Console console;
    private final TrainingUiOption uiOption;

    @Inject
    RunnerCommand(TrainingSession session, SchemeService schemes, Console console, TrainingUiOption uiOption) {
        this.session = session;
        this.schemes = schemes;
        this.console = console;
        this.uiOption = uiOption;
    }

    @Override
    public Integer call() {
        // the settings' flags; the scheme options once their names are checked against the scheme
        GivenSettings settingFlags = SettingOptions.given(spec.commandLine().getParseResult(), Map.of());
        String scheme = (String) settingFlags.values().get(Settings.SCHEME);
        String plugins = (String) settingFlags.values().get(Settings.PLUGINS);
        PluginFolderOption.folder(plugins);   // checked before any plugin is loaded
        TrainingSession.Request request = new TrainingSession.Request(settingFlags, config, resume, dryRun);
        if (schemeOptions.listRequested()) {
            // the scheme --scheme names, else the one of the --config file or the resumed run
            Scheme chosen = session.namedScheme(request).map(this::scheme).orElseThrow(() -> new UsageException(
                    config == null ? "--scheme-options needs --scheme NAME (or --config FILE or --resume RUN_DIR "
                            + "naming one)" : "--scheme-options needs a scheme: " + config + " names none ([scheme] "
                            + "name); give --scheme NAME"));
            SchemeOptions.describe(chosen).forEach(console.out()::println);
            return Main.OK;
        }
        if (scheme != null || schemeOptions.any()) {
            // every scheme option of the command line is one of the scheme's, also for a resumed run, and has a value
            session.namedScheme(request).map(this::scheme).ifPresent(schemeOptions::checkNames);
        }
        GivenSettings flags = SettingOptions.given(spec.commandLine().getParseResult(), schemeOptions.given());
        schemes.requireConformance(strictSchemes);
        if (scheme == null && config == null && resume == null) {
            throw new UsageException("nothing to do: give --scheme NAME to train (e.g. runner --scheme adams --k 2 "
                    + "--data sample --epochs 2), --config FILE, --resume RUN_DIR, or a subcommand (see --help)");
        }
        if (ui != null && dryRun) {
            throw new UsageException("--ui: a dry run trains nothing; drop --ui or --dry-run");
        }
        try (LiveUi live = uiOption.start(ui)) {
            return session.run(new TrainingSession.Request(flags, config, resume, dryRun, live));
        }
    }

    /**
     * The scheme {@code named} names, from its plugins folder. A folder that a file names and that is not there (a
     * run's config.toml from another install, e.g. a committed record) is named with that file: the file's value
     * wins over {@value Environment#PLUGINS_VARIABLE}, so only {@code --plugins} gets round it.
     */
    private Scheme scheme(TrainingSession.NamedScheme named) {
        Path folder = PluginFolderOption.folder(named.plugins());
        TrainingSession.requirePluginsFolderOfFile(named.plugins(), named.pluginsFile());
        return schemes.find(folder, named.name()).scheme();
    }

    /** {@code --version}: this build's version, from the build's own record ({@link SystemInfo#version()}). */
    public static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"schemenet " + SystemInfo.version()};
        }
    }
}
