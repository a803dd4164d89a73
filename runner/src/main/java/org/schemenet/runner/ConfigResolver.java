package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.data.DataLocation;
import org.schemenet.train.optimize.MultiStepSchedule;

/**
 * Resolves a {@link RunConfig}: the seed paper's protocol as defaults, then the {@code --config}
 * file, then the flags given on the command line; checks every value (one {@link UsageException}
 * naming the flag or file key, the value and what is allowed).
 *
 * <p>Defaults: depth 20, shortcut A, 160 epochs, batch 128, lr 0.1, milestones ⌈0.5 E⌉ and
 * ⌈0.75 E⌉ of the run's epochs (80, 120 for 160), weight decay 1e-4, momentum 0.9, data from
 * {@code $SCHEMENET_DATA} or {@code ~/.schemenet/data}, seed 0, cpu, threads = {@code $OMP_NUM_THREADS}
 * or the number of cores, run directory {@code runs/<date>-<scheme>-<options>-d<depth>-s<seed>}, one
 * worker (one per GPU on the CUDA build).
 */
public final class ConfigResolver {

    /**
     * What the command line says.
     *
     * @param values        flags that were given, typed as {@link ConfigKey.Kind} says
     * @param schemeOptions scheme options that were given
     * @param configFile    {@code --config}, or null
     */
    public record Given(Map<ConfigKey, Object> values, Map<String, String> schemeOptions, Path configFile) {
        public Given {
            values = new EnumMap<>(values.isEmpty() ? new EnumMap<>(ConfigKey.class) : values);
            schemeOptions = new LinkedHashMap<>(schemeOptions);
        }
    }

    private final ConfigFile files;
    private final Environment environment;

    @Inject
    public ConfigResolver(ConfigFile files, Environment environment) {
        this.files = files;
        this.environment = environment;
    }

    public RunConfig resolve(Given given) {
        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
        Map<String, String> options = new LinkedHashMap<>();
        if (given.configFile() != null) {
            ConfigFile.Contents file = files.read(given.configFile());
            file.values().forEach((k, v) -> {
                values.put(k, v);
                sources.put(k, "'" + k.key() + "' in " + given.configFile());
            });
            options.putAll(file.schemeOptions());
        }
        given.values().forEach((k, v) -> {
            values.put(k, v);
            sources.put(k, k.flag());
        });
        options.putAll(given.schemeOptions());

        String scheme = (String) values.get(ConfigKey.SCHEME);
        if (scheme == null || scheme.isBlank()) {
            throw new UsageException("no scheme given: use --scheme NAME (e.g. --scheme adams --k 2), or name it in "
                    + "a --config file's [scheme] table; 'runner schemes' lists them");
        }
        int depth = integer(values, sources, ConfigKey.DEPTH, 20);
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw bad(sources, ConfigKey.DEPTH, depth);
        }
        String shortcut = text(values, ConfigKey.SHORTCUT, "A");
        if (!shortcut.equals("A") && !shortcut.equals("B")) {
            throw bad(sources, ConfigKey.SHORTCUT, shortcut);
        }
        int epochs = atLeast(values, sources, ConfigKey.EPOCHS, 160, 1);
        int batch = atLeast(values, sources, ConfigKey.BATCH_SIZE, 128, 1);
        double lr = real(values, ConfigKey.LR, 0.1);
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw bad(sources, ConfigKey.LR, lr);
        }
        List<Integer> milestones = milestones(values, sources, epochs);
        double weightDecay = real(values, ConfigKey.WEIGHT_DECAY, 1e-4);
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw bad(sources, ConfigKey.WEIGHT_DECAY, weightDecay);
        }
        double momentum = real(values, ConfigKey.MOMENTUM, 0.9);
        if (!(momentum >= 0 && momentum < 1)) {
            throw bad(sources, ConfigKey.MOMENTUM, momentum);
        }
        String data = text(values, ConfigKey.DATA, null);
        if (data == null) {
            data = DataLocation.resolve(null, environment.variables(), userHome()).toString();
        }
        int trainSubset = atLeast(values, sources, ConfigKey.TRAIN_SUBSET, 0, 0);
        int testSubset = atLeast(values, sources, ConfigKey.TEST_SUBSET, 0, 0);
        long seed = values.containsKey(ConfigKey.SEED) ? ((Number) values.get(ConfigKey.SEED)).longValue() : 0L;
        String device = text(values, ConfigKey.DEVICE, "cpu");
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw bad(sources, ConfigKey.DEVICE, device);
        }
        int threads = atLeast(values, sources, ConfigKey.THREADS, defaultThreads(), 1);
        String plugins = text(values, ConfigKey.PLUGINS, null);
        String out = text(values, ConfigKey.OUT, null);
        if (out == null) {
            out = defaultRunDirectory(scheme, given.schemeOptions().isEmpty() ? options : given.schemeOptions(),
                    depth, seed);
        }
        int workers = values.containsKey(ConfigKey.WORKERS) ? atLeast(values, sources, ConfigKey.WORKERS, 1, 1)
                : values.containsKey(ConfigKey.SPARK) ? 1 : defaultWorkers();
        String parallelMode = text(values, ConfigKey.PARALLEL_MODE, "averaging");
        if (!parallelMode.equals("averaging") && !parallelMode.equals("shared-gradients")) {
            throw bad(sources, ConfigKey.PARALLEL_MODE, parallelMode);
        }
        String spark = text(values, ConfigKey.SPARK, null);
        if (spark != null && spark.isBlank()) {
            throw bad(sources, ConfigKey.SPARK, "''");
        }
        String sparkMode = text(values, ConfigKey.SPARK_MODE, "averaging");
        if (!sparkMode.equals("averaging") && !sparkMode.equals("shared-gradients")) {
            throw bad(sources, ConfigKey.SPARK_MODE, sparkMode);
        }
        if (spark != null && workers > 1) {
            throw new UsageException(sources.get(ConfigKey.WORKERS) + " and " + sources.get(ConfigKey.SPARK)
                    + " exclude each other: a Spark run has one worker per executor core (the master's local[N] "
                    + "or the cluster's cores)");
        }
        return new RunConfig(scheme, options, depth, shortcut, epochs, batch, lr, milestones, weightDecay, momentum,
                data, trainSubset, testSubset, out, seed, device, threads, plugins,
                new RunConfig.Scaling(workers, parallelMode, spark, sparkMode));
    }

    private Path userHome() {
        String home = environment.variables().get("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    /** One worker per GPU on the CUDA build (ND4J's device count), one on the CPU build. */
    private static int defaultWorkers() {
        try {
            Class.forName(SystemInfo.CUDA_BACKEND, false, ConfigResolver.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return 1;
        }
        return Math.max(1, org.nd4j.linalg.factory.Nd4j.getAffinityManager().getNumberOfDevices());
    }

    private int defaultThreads() {
        String omp = environment.variables().get("OMP_NUM_THREADS");
        try {
            if (omp != null && Integer.parseInt(omp.trim()) >= 1) {
                return Integer.parseInt(omp.trim());
            }
        } catch (NumberFormatException ignored) {
            // fall through to the core count
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code runs/<yyyyMMdd-HHmmss>-<scheme>[-<option><value>...]-d<depth>-s<seed>}. */
    static String defaultRunDirectory(String scheme, Map<String, String> options, int depth, long seed) {
        StringBuilder name = new StringBuilder(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        name.append('-').append(scheme);
        options.forEach((k, v) -> {
            String value = v.replaceAll("[^A-Za-z0-9.+-]", "");
            if (value.length() > 12 || value.isEmpty()) {
                value = Integer.toHexString(v.hashCode());
            }
            name.append('-').append(k).append(value);
        });
        name.append("-d").append(depth).append("-s").append(seed);
        return Path.of("runs", name.toString().replaceAll("[^A-Za-z0-9.+_=-]", "_")).toString();
    }

    private static List<Integer> milestones(Map<ConfigKey, Object> values, Map<ConfigKey, String> sources, int epochs) {
        Object v = values.get(ConfigKey.MILESTONES);
        if (v == null) {
            int[] m = MultiStepSchedule.paperMilestones(epochs);
            return List.of(m[0], m[1]);
        }
        List<Integer> out = new ArrayList<>();
        for (Object x : (List<?>) v) {
            long m = ((Number) x).longValue();
            if (m < 1 || m > Integer.MAX_VALUE || (!out.isEmpty() && m < out.get(out.size() - 1))) {
                throw bad(sources, ConfigKey.MILESTONES, v);
            }
            out.add((int) m);
        }
        return out;
    }

    private static int integer(Map<ConfigKey, Object> values, Map<ConfigKey, String> sources, ConfigKey k, int fallback) {
        Object v = values.get(k);
        if (v == null) {
            return fallback;
        }
        long l = ((Number) v).longValue();
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw bad(sources, k, l);
        }
        return (int) l;
    }

    private static int atLeast(Map<ConfigKey, Object> values, Map<ConfigKey, String> sources, ConfigKey k, int fallback,
                               int min) {
        int v = integer(values, sources, k, fallback);
        if (v < min) {
            throw bad(sources, k, v);
        }
        return v;
    }

    private static double real(Map<ConfigKey, Object> values, ConfigKey k, double fallback) {
        Object v = values.get(k);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    private static String text(Map<ConfigKey, Object> values, ConfigKey k, String fallback) {
        Object v = values.get(k);
        return v == null ? fallback : (String) v;
    }

    private static UsageException bad(Map<ConfigKey, String> sources, ConfigKey k, Object value) {
        String shown = value instanceof List<?> l ? ConfigFile.toText(l) : String.valueOf(value);
        return new UsageException(sources.getOrDefault(k, k.flag()) + ": " + shown + " is out of range; allowed: "
                + k.allowed());
    }
}
