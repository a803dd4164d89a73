package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.RunData;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkSpec;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.Json;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Setting;
import org.schemenet.run.Settings;
import org.schemenet.run.SettingsResolver;
import org.schemenet.run.SettingsToml;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.Scheme;
import org.schemenet.train.bench.StepProfile;
import org.schemenet.train.bench.StepProfiler;
import org.schemenet.train.bench.TrainingBenchmark;
import org.schemenet.train.bench.TrainingBenchmark.Rates;
import org.schemenet.train.report.ProcessStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runner bench}: how fast the network that {@code runner} would train runs on this machine.
 *
 * <p>The configuration is resolved exactly as for training ({@link org.schemenet.run.SettingsResolver}: defaults, then
 * {@code --config}, then flags), the scheme comes from the plugin folder, and the network with its updater,
 * L2 and learning-rate schedule from {@link NetworkFactory}; the measuring is {@link TrainingBenchmark}'s
 * (framework/train). Training is {@code ComputationGraph.fit} on one batch, the call the trainer makes per
 * batch. Then, each measured as a median over {@code --repeats} repeats of {@code --iterations} batches after
 * {@code --warmup} batches:
 * <ul>
 *   <li>train images/s: {@code fit} on a fixed batch of uniform random images {@code U[0, 1)} (3x32x32) and
 *       labels {@code i mod 10};</li>
 *   <li>inference images/s: {@code output} (inference mode, no gradients) on the same batch;</li>
 *   <li>data images/s: augmented training batches drawn from the run's own data pipeline
 *       ({@link DataSource}, the CIFAR-10 binary format: the bundled sample unless {@code --data DIR}),
 *       nothing else running.</li>
 * </ul>
 * A repeat's rate is {@code iterations * batch / seconds}. Peak resident memory is the kernel's
 * high-water mark {@code VmHWM} of {@code /proc/self/status}, read after training and inference (before the
 * data set is loaded) and again at the end.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the network 'runner' trains: train and inference images/s on random 32x32x3 "
                + "data (medians of repeats after warm-up), peak resident memory (VmHWM), and the data "
                + "pipeline's own images/s on the CIFAR-10 binary format (the bundled sample, or --data DIR).",
                "Same scheme, options, depth, network, updater and thread settings as training; "
                        + "see docs/performance.md for the comparison with PyTorch (runner/bench/compare.sh)."})
public final class BenchCommand implements Callable<Integer> {

    /** Ops listed in the text form of the step profile (all of them are in --json). */
    private static final int PROFILE_LINES = 15;

    @Option(names = "--scheme", paramLabel = "NAME", description = "the scheme, e.g. euler, lm, adams, rk "
            + "(default euler)")
    String scheme;

    @Mixin
    SchemeOptions schemeOptions;

    @Option(names = "--depth", paramLabel = "N", description = "network depth 6n+2 (default 20)",
            converter = NumberOptions.Depth.class)
    Long depth;

    @Option(names = "--shortcut", paramLabel = "A|B", description = "transition shortcut (default A)")
    String shortcut;

    @Option(names = "--batch-size", paramLabel = "B", description = "batch size (default 128)",
            converter = NumberOptions.BatchSize.class)
    Long batchSize;

    @Option(names = "--warmup", paramLabel = "N", description = "warm-up batches before measuring (default 25: "
            + "DL4J's workspaces size themselves over the first 15-20 training batches, which run up to a third slower)", converter = NumberOptions.NonNegative.class)
    int warmup = 25;

    @Option(names = "--iterations", paramLabel = "N", description = "batches per repeat (default 20)",
            converter = NumberOptions.Positive.class)
    int iterations = 20;

    @Option(names = "--repeats", paramLabel = "N", description = "repeats; the medians are reported (default 3)",
            converter = NumberOptions.Positive.class)
    int repeats = 3;

    @Option(names = "--data", paramLabel = "DIR|sample", description = "data for the pipeline rate: a CIFAR-10 "
            + "binary directory (downloaded there if missing, as for training), or 'sample' (default sample, the "
            + "bundled 2000/500-image sample, also with --config)")
    String data;

    @Option(names = "--no-data", description = "skip the data pipeline measurement")
    boolean noData;

    @Option(names = "--seed", paramLabel = "S", description = "seed for weights and the random batch (default 0)",
            converter = NumberOptions.Seed.class)
    Long seed;

    @Option(names = "--config", paramLabel = "FILE.toml", description = "read options from a TOML file, e.g. a "
            + "run's config.toml (flags override it)")
    Path config;

    @Option(names = "--threads", paramLabel = "N", description = "native threads (default $OMP_NUM_THREADS, else "
            + "the number of cores)", converter = NumberOptions.Threads.class)
    Long threads;

    @Mixin
    PluginFolderOption plugins;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Option(names = "--phase-marks", description = "print a line '== bench phase: NAME ==' to standard output before the "
            + "measured batches of each phase (train, inference) and '== bench phase: end ==' after them, so that a "
            + "profile written to standard output (e.g. DNNL_VERBOSE=1) can be cut by phase (runner/bench/profile.sh)")
    boolean phaseMarks;

    @Option(names = "--step-profile", paramLabel = "N", description = "after the rates, profile N more training "
            + "steps with ND4J's op profiler on: per step, the ND4J op calls (each a call into libnd4j) by op name "
            + "with their time, the time outside them (which includes the convolutions' backward passes and the "
            + "batch normalisations: they call oneDNN directly), garbage collections and Java heap allocated (default 0: off; the profiler slows "
            + "every op call, so these steps are not in the rates)", converter = NumberOptions.ProfileSteps.class)
    int stepProfile;

    @Mixin
    VerboseOption verbose;

    private final SettingsResolver resolver;
    private final SchemeService schemes;
    private final NetworkFactory networks;
    private final DataSource dataSource;
    private final SystemInfo system;
    private final Console console;

    @Inject
    BenchCommand(SettingsResolver resolver, SchemeService schemes, NetworkFactory networks,
                 DataSource dataSource, SystemInfo system, Console console) {
        this.resolver = resolver;
        this.schemes = schemes;
        this.networks = networks;
        this.dataSource = dataSource;
        this.system = system;
        this.console = console;
    }

    @Override
    public Integer call() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        if (scheme != null || config == null) {
            values.put(Settings.SCHEME, scheme == null ? "euler" : scheme);
        }
        put(values, Settings.DEPTH, depth);
        put(values, Settings.SHORTCUT, shortcut);
        put(values, Settings.BATCH_SIZE, batchSize);
        put(values, Settings.DATA, data == null ? "sample" : data);
        put(values, Settings.SEED, seed);
        put(values, Settings.THREADS, threads);
        put(values, Settings.PLUGINS, plugins.text());
        GivenSettings file = config == null ? GivenSettings.NONE : SettingsToml.read(config);
        // every scheme option of the command line is one of the scheme's (the flag's, else the file's) and has a
        // value, as the training command and verify check it
        GivenSettings named = file.then(GivenSettings.flags(values, Map.of()));
        if (named.values().get(Settings.SCHEME) instanceof String name) {
            Scheme chosen = schemes.find(PluginFolderOption.folder((String) named.values().get(Settings.PLUGINS)),
                    name).scheme();
            if (schemeOptions.listRequested()) { // print the scheme's options and exit, as the training command does
                SchemeOptions.describe(chosen).forEach(console.out()::println);
                console.out().flush();
                return Main.OK;
            }
            schemeOptions.checkNames(chosen);
        }
        RunSettings run = resolver.resolve(file.then(GivenSettings.flags(values, schemeOptions.given())));
        system.setThreads(run.integer(Settings.THREADS));

        SchemeRegistry.Entry entry = schemes.find(run.get(Settings.PLUGINS) == null ? null
                : Path.of(run.get(Settings.PLUGINS)), run.scheme());
        Discretisation discretisation = schemeOptions.configure(schemes, entry, run.schemeOptions());
        NetworkSpec spec = networks.spec(run, 32, 32, 3, 10);
        CompiledNetwork net = networks.compile(entry, discretisation, spec, run);

        int batch = run.integer(Settings.BATCH_SIZE);
        TrainingBenchmark bench = new TrainingBenchmark(new TrainingBenchmark.Repetitions(warmup, iterations,
                repeats), this::mark);
        TrainingBenchmark.NetworkFigures network = bench.network(net.graph(), new TrainingBenchmark.Batch(batch,
                spec.channels(), spec.height(), spec.width(), spec.classes(), spec.dataType()), run.get(Settings.SEED),
                stepProfile);
        Rates train = network.train();
        Rates inference = network.inference();
        Long peakNetwork = boxed(network.peakResidentKilobytes());

        Rates dataRates = null;
        String dataSummary = null;
        if (!noData) {
            RunData runData = dataSource.open(run);
            dataSummary = runData.summaryLine();
            dataRates = bench.dataPipeline(runData.epochs());
        }
        Long peakEnd = ProcessStatus.kilobytes("VmHWM").orElse(null);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scheme", entry.scheme().name());
        result.put("schemeOptions", run.schemeOptions());
        result.put("description", discretisation.description());
        result.put("depth", run.integer(Settings.DEPTH));
        result.put("shortcut", run.get(Settings.SHORTCUT));
        result.put("batchSize", batch);
        result.put("threads", run.integer(Settings.THREADS));
        result.put("warmup", warmup);
        result.put("iterations", iterations);
        result.put("repeats", repeats);
        result.put("parameters", net.trainableParameters());
        result.put("unitsPerStage", net.unitsPerStage());
        result.put("stepsPerStage", net.stepsPerStage());
        result.put("trainImagesPerSecond", round(train.median()));
        result.put("inferenceImagesPerSecond", round(inference.median()));
        result.put("dataImagesPerSecond", dataRates == null ? null : round(dataRates.median()));
        result.put("peakRssMb", megabytes(peakNetwork));
        result.put("peakRssWithDataMb", megabytes(peakEnd));
        result.put("train", toMap(train));
        result.put("inference", toMap(inference));
        result.put("data", dataRates == null ? null : toMap(dataRates));
        result.put("dataSet", dataSummary);
        result.put("stepProfile", network.stepProfile().map(BenchCommand::toMap).orElse(null));
        result.put("software", system.software());
        result.put("backend", system.backend(run.integer(Settings.THREADS)));
        if (json) {
            console.out().println(Json.writeLine(result));
        } else {
            print(result, net, dataSummary, network.stepProfile().orElse(null));
        }
        return Main.OK;
    }

    /** A phase mark on standard output, flushed together with what native code printed before it. */
    private void mark(String phase) {
        if (phaseMarks) {
            console.out().flush();
            System.out.flush();
            System.out.println("== bench phase: " + phase + " ==");
            System.out.flush();
        }
    }

    private void print(Map<String, Object> r, CompiledNetwork net, String dataSummary, StepProfile profile) {
        var out = console.out();
        out.println("network: " + net.summary());
        out.printf(Locale.ROOT, "batch %s, %s threads, %s warm-up + %s repeats x %s batches%n", r.get("batchSize"),
                r.get("threads"), r.get("warmup"), r.get("repeats"), r.get("iterations"));
        out.printf(Locale.ROOT, "train:     %10.1f images/s (median; repeats %s)%n", (Double) r.get("trainImagesPerSecond"),
                ((Map<?, ?>) r.get("train")).get("repeats"));
        out.printf(Locale.ROOT, "inference: %10.1f images/s (median; repeats %s)%n", (Double) r.get("inferenceImagesPerSecond"),
                ((Map<?, ?>) r.get("inference")).get("repeats"));
        if (r.get("data") != null) {
            out.printf(Locale.ROOT, "data:      %10.1f images/s (median; repeats %s) from %s%n",
                    (Double) r.get("dataImagesPerSecond"), ((Map<?, ?>) r.get("data")).get("repeats"), dataSummary);
        }
        out.printf(Locale.ROOT, "peak resident memory: %s MB after training and inference, %s MB at the end; max heap %s MB, "
                + "collectors %s%n", r.get("peakRssMb"), r.get("peakRssWithDataMb"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), SystemInfo.javaCollectors());
        if (profile != null) {
            printProfile(profile);
        }
    }

    /** The step profile as text: the totals, then the ops with the most time (every op's calls are in --json). */
    private void printProfile(StepProfile p) {
        var out = console.out();
        out.printf(Locale.ROOT, "step profile (%d more training steps with ND4J's op profiler on, which slows every op call), "
                + "per step:%n", p.steps());
        out.printf(Locale.ROOT, "  wall %.1f ms = %.1f ms in %.0f ND4J op calls + %.1f ms outside them (Java layers, DL4J's graph "
                + "and workspaces, array creation)%n", p.wallMillis(), p.opMillis(), p.opCalls(), p.outsideOpsMillis());
        out.printf(Locale.ROOT, "  garbage collection: %.2f collections, %.1f ms; Java heap allocated: %s%n", p.gcCollections(),
                p.gcMillis(), p.heapAllocatedBytes() < 0 ? "unknown"
                        : String.format(java.util.Locale.ROOT, "%.1f MB", p.heapAllocatedBytes() / 1e6));
        double named = p.ops().stream().mapToDouble(StepProfile.OpCost::millis).sum();
        out.printf(Locale.ROOT, "  %-24s %10s %10s   (time of the calls longer than %.1f ms; %.1f ms in shorter calls)%n", "op",
                "calls", "ms", StepProfiler.LONG_CALL_MILLIS, Math.max(0, p.opMillis() - named));
        p.ops().stream().limit(PROFILE_LINES).forEach(o ->
                out.printf(Locale.ROOT, "  %-24s %10.1f %10.1f%n", o.name(), o.calls(), o.millis()));
        if (p.ops().size() > PROFILE_LINES) {
            double calls = p.ops().stream().skip(PROFILE_LINES).mapToDouble(StepProfile.OpCost::calls).sum();
            out.printf(Locale.ROOT, "  %-24s %10.1f%n", (p.ops().size() - PROFILE_LINES) + " more ops", calls);
        }
    }

    /** The step profile in the JSON: per-step figures, every op (most time first). */
    private static Map<String, Object> toMap(StepProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", p.steps());
        m.put("wallMsPerStep", round(p.wallMillis()));
        m.put("opCallsPerStep", round(p.opCalls()));
        m.put("opMsPerStep", round(p.opMillis()));
        m.put("outsideOpsMsPerStep", round(p.outsideOpsMillis()));
        m.put("gcCollectionsPerStep", Math.round(p.gcCollections() * 1000.0) / 1000.0);
        m.put("gcMsPerStep", round(p.gcMillis()));
        m.put("heapAllocatedMbPerStep", p.heapAllocatedBytes() < 0 ? null : round(p.heapAllocatedBytes() / 1e6));
        m.put("longCallMs", StepProfiler.LONG_CALL_MILLIS);
        m.put("ops", p.ops().stream().map(o -> {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("name", o.name());
            op.put("callsPerStep", round(o.calls()));
            op.put("msPerStep", round(o.millis()));
            return op;
        }).toList());
        return m;
    }

    /** A measurement in the JSON: {@code {"median": ..., "repeats": [...]}}, images/s to one decimal. */
    private static Map<String, Object> toMap(Rates rates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", round(rates.median()));
        m.put("repeats", rates.repeats().stream().map(BenchCommand::round).toList());
        return m;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Long megabytes(Long kilobytes) {
        return kilobytes == null ? null : (kilobytes + 512) / 1024;
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static <T> void put(Map<Setting<?>, Object> values, Setting<T> key, T value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
