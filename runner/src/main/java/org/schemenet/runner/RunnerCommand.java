package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runner}: the top-level command. Without a subcommand it trains a scheme network on
 * CIFAR-10 with the seed paper's protocol (see {@link ConfigResolver} for the defaults and
 * {@link TrainingSession} for the run).
 */
@Command(name = "runner", mixinStandardHelpOptions = true, version = "schemenet 0.1.0-SNAPSHOT",
        description = {"Numerical-scheme networks: train them on CIFAR-10, verify schemes as ODE integrators.",
                "Without a subcommand, trains: e.g. 'runner --scheme adams --k 2' trains Adamnet (k=2) at depth 20 on "
                        + "CIFAR-10 with the seed paper's protocol: SGD with heavy-ball momentum 0.9, weight decay "
                        + "1e-4, batch 128, 160 epochs, learning rate 0.1 divided by 10 at epochs 80 and 120 "
                        + "(50%% and 75%% of a shorter --epochs).",
                "Every option can also come from a TOML file (--config); flags override it; the resolved "
                        + "configuration is written to the run directory as config.toml.",
                "Exit codes: 0 done, 1 training failed (e.g. diverged), 2 bad usage or input, 130 interrupted "
                        + "(Ctrl-C; a checkpoint is written, resume with --resume RUN_DIR)."},
        subcommands = {VerifyCommand.class, SchemesCommand.class, SweepCommand.class, ReportCommand.class,
            StabilityCommand.class, BenchCommand.class, WiringCommand.class})
public final class RunnerCommand implements Callable<Integer> {

    @Option(names = "--scheme", paramLabel = "NAME", description = "the scheme, e.g. euler, lm, adams, rk "
            + "(see 'runner schemes')")
    String scheme;

    @Mixin
    SchemeOptions schemeOptions;

    @Option(names = "--depth", paramLabel = "N", description = "network depth 6n+2 (default 20)")
    Integer depth;

    @Option(names = "--shortcut", paramLabel = "A|B", description = "transition shortcut: A zero-pad (default), "
            + "B 1x1 projection")
    String shortcut;

    @Option(names = "--epochs", paramLabel = "E", description = "epochs (default 160)")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "batch size (default 128)")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "initial learning rate (default 0.1)")
    Double lr;

    @Option(names = "--milestones", paramLabel = "E1,E2", split = ",",
            description = "epochs after which the learning rate is divided by 10 (default: ceil(0.5 E), "
                    + "ceil(0.75 E), i.e. 80,120 for 160 epochs)")
    List<Long> milestones;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 weight decay on weights (default 1e-4)")
    Double weightDecay;

    @Option(names = "--momentum", paramLabel = "MU", description = "heavy-ball momentum (default 0.9)")
    Double momentum;

    @Option(names = "--data", paramLabel = "DIR|sample", description = "CIFAR-10 binary directory (downloaded if "
            + "missing), or 'sample' for the bundled 2000/500-image sample (default $SCHEMENET_DATA, else "
            + "~/.schemenet/data)")
    String data;

    @Option(names = "--train-subset", paramLabel = "N", description = "train on N images, balanced across classes "
            + "(0 = all)")
    Integer trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", description = "test on N images, balanced across classes "
            + "(0 = all)")
    Integer testSubset;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default "
            + "runs/<date>-<scheme>-<options>-d<depth>-s<seed>)")
    String out;

    @Option(names = "--seed", paramLabel = "S", description = "seed for weights, shuffles and augmentation "
            + "(default 0)")
    Long seed;

    @Option(names = "--config", paramLabel = "FILE.toml", description = "read options from a TOML file (flags "
            + "override it)")
    Path config;

    @Option(names = "--device", paramLabel = "cpu|gpu", description = "cpu (default); gpu needs the CUDA build "
            + "(mvn -Pcuda)")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "native threads (default $OMP_NUM_THREADS, else "
            + "the number of cores)")
    Integer threads;

    @Option(names = "--workers", paramLabel = "N", description = "data-parallel workers in this JVM through DL4J's "
            + "ParallelWrapper (default 1, on the CUDA build one per GPU); each takes its own batch of --batch-size, "
            + "see docs/scaling.md")
    Integer workers;

    @Option(names = "--parallel-mode", paramLabel = "averaging|shared-gradients", description = "how --workers "
            + "combine: parameter averaging after every round (default) or shared threshold-encoded gradients")
    String parallelMode;

    @Option(names = "--spark", paramLabel = "MASTER", description = "train on Spark (local[N], spark://HOST:PORT, "
            + "yarn, ...): needs the Spark build (mvn -Pspark) and its launcher, see docs/scaling.md")
    String spark;

    @Option(names = "--spark-mode", paramLabel = "averaging|shared-gradients", description = "the Spark training "
            + "master: DL4J's parameter averaging (default) or gradient sharing (SharedTrainingMaster, Aeron UDP)")
    String sparkMode;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run from its newest "
            + "checkpoint, with its own config.toml")
    Path resume;

    @Option(names = "--dry-run", description = "print the network (units, steps, parameter count, learnable "
            + "coefficients) and stop; no data, no training")
    boolean dryRun;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "plugin folder (default: $SCHEMENET_PLUGINS, else plugins/ in the install)")
    String plugins;

    @Option(names = "--strict-schemes", description = "stop (exit code 2) instead of warning when the scheme fails "
            + "the conformance kit (measured order below its claim, inconsistent or not zero-stable), checked at "
            + "--dry-run and before training")
    boolean strictSchemes;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private final TrainingSession session;
    private final SchemeService schemes;
    private final Console console;

    @Inject
    RunnerCommand(TrainingSession session, SchemeService schemes, Console console) {
        this.session = session;
        this.schemes = schemes;
        this.console = console;
    }

    @Override
    public Integer call() {
        Map<String, String> schemeOptionsGiven = schemeOptions.given();
        if (schemeOptions.listRequested()) {
            if (scheme == null) {
                throw new UsageException("--scheme-options needs --scheme NAME");
            }
            SchemeRegistry.Entry entry = schemes.find(plugins == null ? null : Path.of(plugins), scheme);
            SchemeOptions.describe(entry.scheme()).forEach(console.out()::println);
            return Main.OK;
        }
        if (scheme != null && config == null && resume == null) {
            schemeOptions.checkNames(schemes.find(plugins == null ? null : Path.of(plugins), scheme).scheme());
        }
        schemes.requireConformance(strictSchemes);
        if (scheme == null && config == null && resume == null) {
            throw new UsageException("nothing to do: give --scheme NAME to train (e.g. runner --scheme adams --k 2 "
                    + "--data sample --epochs 2), --config FILE, --resume RUN_DIR, or a subcommand (see --help)");
        }
        Map<ConfigKey, Object> given = new EnumMap<>(ConfigKey.class);
        put(given, ConfigKey.SCHEME, scheme);
        put(given, ConfigKey.DEPTH, depth == null ? null : depth.longValue());
        put(given, ConfigKey.SHORTCUT, shortcut);
        put(given, ConfigKey.EPOCHS, epochs == null ? null : epochs.longValue());
        put(given, ConfigKey.BATCH_SIZE, batchSize == null ? null : batchSize.longValue());
        put(given, ConfigKey.LR, lr);
        put(given, ConfigKey.MILESTONES, milestones == null ? null : List.copyOf(milestones));
        put(given, ConfigKey.WEIGHT_DECAY, weightDecay);
        put(given, ConfigKey.MOMENTUM, momentum);
        put(given, ConfigKey.DATA, data);
        put(given, ConfigKey.TRAIN_SUBSET, trainSubset == null ? null : trainSubset.longValue());
        put(given, ConfigKey.TEST_SUBSET, testSubset == null ? null : testSubset.longValue());
        put(given, ConfigKey.OUT, out);
        put(given, ConfigKey.SEED, seed);
        put(given, ConfigKey.DEVICE, device);
        put(given, ConfigKey.THREADS, threads == null ? null : threads.longValue());
        put(given, ConfigKey.PLUGINS, plugins);
        put(given, ConfigKey.WORKERS, workers == null ? null : workers.longValue());
        put(given, ConfigKey.PARALLEL_MODE, parallelMode);
        put(given, ConfigKey.SPARK, spark);
        put(given, ConfigKey.SPARK_MODE, sparkMode);
        return session.run(new ConfigResolver.Given(given, schemeOptionsGiven, config), resume, dryRun);
    }

    private static void put(Map<ConfigKey, Object> given, ConfigKey key, Object value) {
        if (value != null) {
            given.put(key, value);
        }
    }
}
