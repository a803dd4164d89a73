package org.schemenet.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.schemenet.run.Setting.Fallback;
import org.schemenet.run.Setting.Resume;
import org.schemenet.run.Setting.Role;

/**
 * The table of run settings: every setting a training run has, in the order {@code config.toml}
 * lists them and defaults are resolved (a default may use the settings above it). The command
 * line's options, TOML reading and writing, a sweep plan's {@code [training]}, {@code --dry-run}
 * and the checks of a resumed run are all made from this table; adding a setting is one entry.
 *
 * <p>The defaults are the seed paper's protocol: depth 20, shortcut A, SGD with heavy-ball momentum
 * 0.9, weight decay 1e-4, batch 128, 160 epochs, learning rate 0.1 divided by 10 after epochs
 * ⌈0.5 E⌉ and ⌈0.75 E⌉ (80 and 120 of 160).
 */
public final class Settings {
    private Settings() {
    }

    private static final Resume SAME = Resume.SAME;
    private static final Role SHARED = Role.SHARED;

    /** The largest value of most integer settings: the network, the data and the trainer take them as ints. */
    private static final long INT_MAX = Integer.MAX_VALUE;
    /** The largest depth 6n + 2 that is an int. */
    private static final long DEPTH_MAX = (INT_MAX - 2) / 6 * 6 + 2;

    public static final Setting<String> SCHEME = new Setting<>("scheme", new SettingType.Text(), "NAME",
            "the scheme, e.g. euler, lm, adams, rk (see 'runner schemes')", "a scheme name (see 'runner schemes')",
            s -> !s.isBlank(), Fallback.none(), "no scheme given: use --scheme NAME (e.g. --scheme adams --k 2), or "
            + "name it in a --config file's [scheme] table; 'runner schemes' lists them", SAME, Role.PER_RUN);

    public static final Setting<Long> DEPTH = new Setting<>("depth", new SettingType.Integer(), "N",
            "network depth 6n+2 (default 20)", "6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., " + DEPTH_MAX
            + ")", d -> d >= 8 && d <= DEPTH_MAX && (d - 2) % 6 == 0, Fallback.constant(20L), null, SAME,
            Role.PER_RUN);

    public static final Setting<String> SHORTCUT = choice("shortcut", "A|B",
            "transition shortcut: A zero-pad (default), B 1x1 projection", "A or B", "A", SAME, "A", "B");

    public static final Setting<Long> EPOCHS = integer("epochs", "E", "epochs (default 160)", 1, 160L,
            Resume.EXTEND);

    public static final Setting<Long> BATCH_SIZE = integer("batch-size", "B", "batch size (default 128)", 1, 128L,
            SAME);

    public static final Setting<Double> LR = new Setting<>("lr", new SettingType.Real(), "RATE",
            "initial learning rate (default 0.1)", "a number > 0", x -> x > 0 && Double.isFinite(x),
            Fallback.constant(0.1), null, SAME, SHARED);

    public static final Setting<List<Long>> MILESTONES = new Setting<>("milestones", new SettingType.IntegerList(),
            "E1,E2", "epochs after which the learning rate is divided by 10 (default: ceil(0.5 E), ceil(0.75 E), "
            + "i.e. 80,120 for 160 epochs)", "non-decreasing epochs in [1, " + INT_MAX
            + "], e.g. [80, 120]", (Setting.Explained<List<Long>>) Settings::milestonesFault,
            r -> paperMilestones(r.get(EPOCHS)), null, SAME, SHARED);

    public static final Setting<Double> WEIGHT_DECAY = new Setting<>("weight-decay", new SettingType.Real(), "L2",
            "L2 weight decay on weights (default 1e-4)", "a number >= 0", x -> x >= 0 && Double.isFinite(x),
            Fallback.constant(1e-4), null, SAME, SHARED);

    public static final Setting<Double> MOMENTUM = new Setting<>("momentum", new SettingType.Real(), "MU",
            "heavy-ball momentum (default 0.9)", "a number in [0, 1)", x -> x >= 0 && x < 1,
            Fallback.constant(0.9), null, SAME, SHARED);

    public static final Setting<String> DATA = new Setting<>("data", new SettingType.Text(), "DIR|sample",
            "CIFAR-10 binary directory (downloaded if missing; config.toml records it as an absolute path), or "
                    + "'sample' for the bundled 2000/500-image sample (default $SCHEMENET_DATA, else ~/.schemenet/data)",
            "a directory with the CIFAR-10 binary release, or 'sample'", s -> !s.isBlank(),
            r -> r.surroundings().defaultData(), null, Resume.SAME_DATA, SHARED);

    /** The value of {@link #DATA} that selects the bundled sample. */
    public static final String SAMPLE = "sample";

    /**
     * A {@link #DATA} value as a run records it: a folder's path made absolute against {@code workingDirectory}
     * and normalised, so that {@code --resume} and {@code --config RUN/config.toml} find the data from any other
     * working directory; the keyword {@value #SAMPLE} and a URI ({@code hdfs://...}, read by a Spark run's
     * executors) stay as given, and so does a text that is no path here (the data source names it).
     */
    public static String recordedData(String value, Path workingDirectory) {
        if (value == null || value.isBlank() || value.equals(SAMPLE) || value.contains("://")) {
            return value;
        }
        try {
            Path base = workingDirectory != null ? workingDirectory.toAbsolutePath() : Path.of("").toAbsolutePath();
            return base.resolve(value).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return value;
        }
    }

    public static final Setting<Long> TRAIN_SUBSET = integer("train-subset", "N",
            "train on N images, balanced across classes (0 = all)", 0, 0L, SAME);

    public static final Setting<Long> TEST_SUBSET = integer("test-subset", "N",
            "test on N images, balanced across classes (0 = all)", 0, 0L, SAME);

    public static final Setting<Long> SEED = integer("seed", "S",
            "seed for weights, shuffles and augmentation (default 0)", 0, Long.MAX_VALUE, "", Fallback.constant(0L),
            SAME, Role.PER_RUN);

    public static final Setting<String> OUT = new Setting<>("out", new SettingType.Text(), "DIR",
            "run directory (default runs/<date>-<scheme>-<options>-d<depth>-s<seed>); a new or empty folder",
            "a new or empty directory (not an empty path)", s -> !s.isEmpty(), Settings::defaultRunDirectory, null,
            SAME, Role.PLACE);

    public static final Setting<String> DEVICE = choice("device", "cpu|gpu",
            "cpu (default); gpu needs the CUDA build (mvn -Pcuda)", "cpu or gpu", "cpu", Resume.FREE, "cpu", "gpu");

    public static final Setting<Long> THREADS = integer("threads", "N",
            "native threads (default $OMP_NUM_THREADS, else the number of cores)", 1, INT_MAX, "",
            r -> defaultThreads(r.surroundings()), Resume.FREE, SHARED);

    public static final Setting<String> PLUGINS = new Setting<>("plugins", new SettingType.Text(), "DIR",
            "plugin folder (default: $SCHEMENET_PLUGINS, else plugins/ in the install)",
            "a folder of scheme plugin jars", s -> !s.isBlank(), Fallback.none(), null, Resume.FREE, SHARED);

    public static final Setting<String> SPARK = new Setting<>("spark", new SettingType.Text(), "MASTER",
            "train on Spark (local[N], spark://HOST:PORT, yarn, ...): needs the Spark build (mvn -Pspark) and its "
                    + "launcher, see docs/scaling.md",
            "a Spark master: local[N], local[*], spark://HOST:PORT, yarn, k8s://HOST:PORT", s -> !s.isBlank(),
            Fallback.none(), null, SAME, SHARED);

    public static final Setting<String> SPARK_MODE = new Setting<>("spark-mode", new SettingType.Choice(
            List.of("averaging", "shared-gradients")), "averaging|shared-gradients",
            "the Spark training master: DL4J's parameter averaging (default) or gradient sharing "
                    + "(SharedTrainingMaster, Aeron UDP; experimental: local masters only, learns worse than averaging, "
                    + "see docs/scaling.md); only with --spark", "averaging or shared-gradients",
            List.of("averaging", "shared-gradients")::contains, r -> r.get(SPARK) == null ? null : "averaging", null,
            SAME, SHARED);

    public static final Setting<Long> SPARK_WORKERS = integer("spark-workers", "N",
            "Spark data-parallel workers: every averaging round trains N batches of --batch-size, one task each "
                    + "(default: N of local[N]; required on a cluster, where it must not exceed the executors' task "
                    + "slots); only with --spark", 1, INT_MAX, "",
            r -> localSparkCores(r.get(SPARK), r.surroundings()), SAME, SHARED);

    public static final Setting<Long> WORKERS = integer("workers", "N",
            "data-parallel workers in this JVM through DL4J's ParallelWrapper (default 1, on the CUDA build one per "
                    + "GPU); each takes its own batch of --batch-size, see docs/scaling.md", 1, INT_MAX, "",
            r -> r.get(SPARK) != null ? 1L : (long) Math.max(1, r.surroundings().accelerators().getAsInt()),
            SAME, SHARED);

    public static final Setting<String> PARALLEL_MODE = choice("parallel-mode", "averaging|shared-gradients",
            "how --workers N > 1 combine: parameter averaging after every round (default) or shared "
                    + "threshold-encoded gradients (refused for a run of one worker)", "averaging or shared-gradients",
            "averaging", SAME, "averaging", "shared-gradients");

    /** Every setting, in the order of resolution and of {@code config.toml}. */
    public static final List<Setting<?>> ALL = List.of(SCHEME, DEPTH, SHORTCUT, EPOCHS, BATCH_SIZE, LR, MILESTONES,
            WEIGHT_DECAY, MOMENTUM, DATA, TRAIN_SUBSET, TEST_SUBSET, SEED, OUT, DEVICE, THREADS, PLUGINS, SPARK,
            SPARK_MODE, SPARK_WORKERS, WORKERS, PARALLEL_MODE);

    /** The TOML table of the scheme: its {@code name} (the {@link #SCHEME} setting) and its options. */
    public static final String SCHEME_TABLE = "scheme";
    /** The key of the scheme's name inside {@link #SCHEME_TABLE}. */
    public static final String SCHEME_NAME = org.schemenet.scheme.OptionSpec.SCHEME_NAME_KEY;

    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public static List<String> keys() {
        return ALL.stream().map(Setting::key).toList();
    }

    /** The learning-rate milestones of a run of {@code epochs}: ⌈0.5 E⌉ and ⌈0.75 E⌉ (80 and 120 for 160). */
    public static List<Long> paperMilestones(long epochs) {
        return List.of((epochs + 1) / 2, (3 * epochs + 3) / 4);
    }

    /**
     * {@code runs/<yyyyMMdd-HHmmss>-<scheme>[-<option><value>...]-d<depth>-s<seed>} ({@link RunNames#options}, the
     * options as given), made unique with -2, -3, ...
     */
    static String defaultRunDirectory(Resolution r) {
        StringBuilder name = new StringBuilder(r.surroundings().clock().get()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        name.append('-').append(r.get(SCHEME)).append(RunNames.options(r.givenSchemeOptions()));
        name.append("-d").append(r.get(DEPTH)).append("-s").append(r.get(SEED));
        String base = Path.of("runs", name.toString().replaceAll("[^A-Za-z0-9.+_=-]", "_")).toString();
        String candidate = base;
        for (int i = 2; Files.exists(r.surroundings().workingDirectory().resolve(candidate)); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    /** The cores of a local Spark master ({@code local} 1, {@code local[N]} and {@code local[N,F]} N, {@code local[*]} all); null otherwise. */
    private static Long localSparkCores(String master, Surroundings s) {
        if (master == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?")
                .matcher(master.trim());
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) == null) {
            return 1L;
        }
        return m.group(1).equals("*") ? (long) s.cores() : Math.max(1L, Long.parseLong(m.group(1)));
    }

    private static long defaultThreads(Surroundings s) {
        String omp = s.variables().get("OMP_NUM_THREADS");
        if (omp != null) {
            try {
                long n = Long.parseLong(omp.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // the number of cores
            }
        }
        return s.cores();
    }

    /** The first fault of {@code milestones}: an epoch out of {@code [1, INT_MAX]}, or one smaller than the one before. */
    private static Optional<String> milestonesFault(List<Long> milestones) {
        for (int i = 0; i < milestones.size(); i++) {
            long m = milestones.get(i);
            if (m < 1 || m > INT_MAX) {
                return Optional.of(m + " is out of range");
            }
            if (i > 0 && m < milestones.get(i - 1)) {
                return Optional.of(m + " follows " + milestones.get(i - 1) + " and is smaller");
            }
        }
        return Optional.empty();
    }

    private static Predicate<Long> between(long min, long max) {
        return x -> x >= min && x <= max;
    }

    /** A shared setting from {@code min} to the largest int (a subset's 0 is all images). */
    private static Setting<Long> integer(String key, String label, String help, long min, Long fallback,
                                         Resume resume) {
        return integer(key, label, help, min, INT_MAX, min == 0 ? " (0 = all)" : "", Fallback.constant(fallback),
                resume, SHARED);
    }

    /**
     * An optional integer setting from {@code min} to {@code max}; what it allows says both ends
     * ({@link SettingType.Integer#range}), then {@code note}.
     */
    private static Setting<Long> integer(String key, String label, String help, long min, long max, String note,
                                         Fallback<Long> fallback, Resume resume, Role role) {
        return new Setting<>(key, new SettingType.Integer(), label, help, SettingType.Integer.range(min, max) + note,
                between(min, max), fallback, null, resume, role);
    }

    private static Setting<String> choice(String key, String label, String help, String allowed, String fallback,
                                          Resume resume, String... values) {
        List<String> words = List.of(values);
        return new Setting<>(key, new SettingType.Choice(words), label, help, allowed, words::contains,
                Fallback.constant(fallback), null, resume, SHARED);
    }
}
