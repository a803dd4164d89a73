package org.schemenet.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every training setting that can come from the command line or a TOML file: its key (the flag
 * without the dashes), its type, and the values allowed. One table, so flags, files and the
 * resolved {@code config.toml} cannot drift apart.
 */
public enum ConfigKey {
    SCHEME("scheme", Kind.TEXT, "a scheme name (see 'runner schemes')"),
    DEPTH("depth", Kind.INTEGER, "6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...)"),
    SHORTCUT("shortcut", Kind.TEXT, "A or B"),
    EPOCHS("epochs", Kind.INTEGER, "an integer >= 1"),
    BATCH_SIZE("batch-size", Kind.INTEGER, "an integer >= 1"),
    LR("lr", Kind.REAL, "a number > 0"),
    MILESTONES("milestones", Kind.INTEGER_LIST, "non-decreasing epochs >= 1, e.g. [80, 120]"),
    WEIGHT_DECAY("weight-decay", Kind.REAL, "a number >= 0"),
    MOMENTUM("momentum", Kind.REAL, "a number in [0, 1)"),
    DATA("data", Kind.TEXT, "a directory with the CIFAR-10 binary release, or 'sample'"),
    TRAIN_SUBSET("train-subset", Kind.INTEGER, "an integer >= 0 (0 = all)"),
    TEST_SUBSET("test-subset", Kind.INTEGER, "an integer >= 0 (0 = all)"),
    OUT("out", Kind.TEXT, "a directory for the run"),
    SEED("seed", Kind.INTEGER, "an integer"),
    DEVICE("device", Kind.TEXT, "cpu or gpu"),
    THREADS("threads", Kind.INTEGER, "an integer >= 1"),
    PLUGINS("plugins", Kind.TEXT, "a folder of scheme plugin jars"),
    WORKERS("workers", Kind.INTEGER, "an integer >= 1"),
    PARALLEL_MODE("parallel-mode", Kind.TEXT, "averaging or shared-gradients"),
    SPARK("spark", Kind.TEXT, "a Spark master: local[N], local[*], spark://HOST:PORT, yarn, k8s://HOST:PORT"),
    SPARK_MODE("spark-mode", Kind.TEXT, "averaging or shared-gradients");

    /** The value types a setting can have. */
    public enum Kind {
        INTEGER("an integer"), REAL("a number"), TEXT("a string"), INTEGER_LIST("an array of integers");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The TOML table that holds the scheme's options (and the scheme's {@value #SCHEME_NAME}). */
    public static final String SCHEME_TABLE = "scheme";
    /** The key of the scheme's name inside {@value #SCHEME_TABLE}. */
    public static final String SCHEME_NAME = "name";

    private final String key;
    private final Kind kind;
    private final String allowed;

    ConfigKey(String key, Kind kind, String allowed) {
        this.key = key;
        this.kind = kind;
        this.allowed = allowed;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public Kind kind() {
        return kind;
    }

    public String allowed() {
        return allowed;
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** All keys, for messages. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey k : values()) {
            keys.add(k.key);
        }
        return keys;
    }

    /** The known word closest to {@code word} by edit distance (for "did you mean"). */
    public static String nearest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(word.toLowerCase(Locale.ROOT), c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character cost 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
