package org.schemenet.runner;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep plan: a grid of training runs, read from TOML.
 *
 * <pre>
 *   name = "paper-table1"          # optional; the default sweep directory is runs/&lt;name&gt;
 *   depths = [20, 32, 44, 56]
 *   seeds = [1, 2, 3]
 *
 *   [training]                     # shared settings: any key of a --config file except
 *   epochs = 160                   # scheme, depth, seed and out
 *   batch-size = 128
 *
 *   [[scheme]]                     # one variant per table: its name and its options
 *   name = "adams"
 *   k = 2
 *   coefficients = "learnable"
 * </pre>
 *
 * The runs are every scheme variant × depth × seed, in that order. Every problem is one
 * {@link UsageException} naming the file and the key.
 *
 * @param name     the plan's name
 * @param variants the scheme variants, in file order
 * @param depths   network depths
 * @param seeds    seeds
 * @param training shared settings, typed as {@link ConfigKey.Kind} says
 */
public record SweepPlan(String name, List<Variant> variants, List<Integer> depths, List<Long> seeds,
                        Map<ConfigKey, Object> training) {

    /** Settings a plan cannot share: each run has its own. */
    static final Set<ConfigKey> PER_RUN = EnumSet.of(ConfigKey.SCHEME, ConfigKey.DEPTH, ConfigKey.SEED, ConfigKey.OUT);

    /** A scheme with its options (as text, sorted by name, so run names do not depend on the file's order). */
    public record Variant(String scheme, Map<String, String> options) {
        public Variant {
            options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
        }
    }

    public SweepPlan {
        variants = List.copyOf(variants);
        depths = List.copyOf(depths);
        seeds = List.copyOf(seeds);
        training = training.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(training));
    }

    /** The epochs of every run: the plan's {@code [training] epochs}, else the runner's default 160. */
    public int epochs() {
        Object e = training.get(ConfigKey.EPOCHS);
        return e == null ? 160 : ((Number) e).intValue();
    }

    /**
     * The same plan with {@code epochs} epochs per run: a shorter version for a CPU budget. Explicit
     * milestones are dropped, so the learning-rate drops scale to 50% and 75% of the new length.
     */
    public SweepPlan withEpochs(int epochs) {
        Map<ConfigKey, Object> t = new EnumMap<>(ConfigKey.class);
        t.putAll(training);
        t.put(ConfigKey.EPOCHS, (long) epochs);
        t.remove(ConfigKey.MILESTONES);
        return new SweepPlan(name, variants, depths, seeds, t);
    }

    /** Every run of the grid: variants × depths × seeds. */
    public List<SweepRun> runs() {
        List<SweepRun> runs = new ArrayList<>();
        for (Variant v : variants) {
            for (int d : depths) {
                for (long s : seeds) {
                    runs.add(new SweepRun(v, d, s, epochs()));
                }
            }
        }
        return runs;
    }

    /** Reads and checks {@code file}. */
    public static SweepPlan read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("plan " + file + " does not exist or is not a file");
        }
        Toml toml;
        try {
            toml = new Toml().read(Files.readString(file));
        } catch (IOException e) {
            throw new UsageException("plan " + file + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UsageException("plan " + file + ": TOML syntax error: " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.toml$", "");
        String name = fileName;
        List<Integer> depths = null;
        List<Long> seeds = null;
        Map<ConfigKey, Object> training = new EnumMap<>(ConfigKey.class);
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, Object> e : toml.toMap().entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            switch (key) {
                case "name" -> {
                    if (!(value instanceof String s) || !s.matches("[A-Za-z0-9._+-]+")) {
                        throw new UsageException("plan " + file + ": 'name' must be a string of letters, digits and "
                                + "._+- (it names the sweep directory), got " + value);
                    }
                    name = s;
                }
                case "depths" -> depths = integers(file, key, value).stream().map(d -> {
                    if (d < 8 || (d - 2) % 6 != 0 || d > 10_000) {
                        throw new UsageException("plan " + file + ": depth " + d + " in 'depths' is not allowed; "
                                + "allowed: " + ConfigKey.DEPTH.allowed());
                    }
                    return d.intValue();
                }).toList();
                case "seeds" -> seeds = integers(file, key, value);
                case "training" -> training.putAll(training(file, value));
                case "scheme" -> variants.addAll(variants(file, value));
                default -> throw new UsageException("plan " + file + ": unknown key '" + key + "' (did you mean '"
                        + ConfigKey.nearest(key, List.of("name", "depths", "seeds", "training", "scheme"))
                        + "'? a plan has name, depths, seeds, [training] and [[scheme]] tables)");
            }
        }
        if (variants.isEmpty()) {
            throw new UsageException("plan " + file + ": no [[scheme]] table; add one per scheme variant, e.g. "
                    + "[[scheme]] name = \"adams\" k = 2");
        }
        if (depths == null || depths.isEmpty()) {
            throw new UsageException("plan " + file + ": 'depths' is missing or empty, e.g. depths = [20, 32]");
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new UsageException("plan " + file + ": 'seeds' is missing or empty, e.g. seeds = [1, 2, 3]");
        }
        if (depths.stream().distinct().count() != depths.size() || seeds.stream().distinct().count() != seeds.size()) {
            throw new UsageException("plan " + file + ": 'depths' and 'seeds' must not repeat a value");
        }
        if (variants.stream().distinct().count() != variants.size()) {
            throw new UsageException("plan " + file + ": two [[scheme]] tables are the same variant");
        }
        return new SweepPlan(name, variants, depths, seeds, training);
    }

    private static List<Long> integers(Path file, String key, Object value) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof Long)) {
            throw new UsageException("plan " + file + ": '" + key + "' must be an array of integers, e.g. " + key
                    + " = [1, 2], got " + ConfigFile.toText(value));
        }
        return list.stream().map(x -> (Long) x).toList();
    }

    private static Map<ConfigKey, Object> training(Path file, Object value) {
        if (!(value instanceof Map<?, ?> table)) {
            throw new UsageException("plan " + file + ": 'training' must be a table ([training])");
        }
        Map<ConfigKey, Object> out = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<?, ?> e : table.entrySet()) {
            String key = String.valueOf(e.getKey());
            ConfigKey k = ConfigKey.byKey(key).orElseThrow(() -> new UsageException("plan " + file
                    + ": unknown key '" + key + "' in [training] (did you mean '"
                    + ConfigKey.nearest(key, ConfigKey.keys()) + "'?)"));
            if (PER_RUN.contains(k)) {
                throw new UsageException("plan " + file + ": '" + key + "' cannot be in [training]: every run has its "
                        + "own (schemes come from [[scheme]], depths and seeds from 'depths' and 'seeds', run "
                        + "directories from the sweep)");
            }
            out.put(k, typed(file, k, e.getValue()));
        }
        return out;
    }

    private static Object typed(Path file, ConfigKey k, Object v) {
        boolean ok = switch (k.kind()) {
            case INTEGER -> v instanceof Long;
            case REAL -> v instanceof Double || v instanceof Long;
            case TEXT -> v instanceof String;
            case INTEGER_LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Long);
        };
        if (!ok) {
            throw new UsageException("plan " + file + ": [training] '" + k.key() + "' must be "
                    + k.kind().description() + " (" + k.allowed() + "), got " + ConfigFile.toText(v));
        }
        return k.kind() == ConfigKey.Kind.REAL ? ((Number) v).doubleValue() : v;
    }

    private static List<Variant> variants(Path file, Object value) {
        List<?> tables = value instanceof List<?> l ? l : List.of(value);
        List<Variant> out = new ArrayList<>();
        int index = 0;
        for (Object t : tables) {
            index++;
            if (!(t instanceof Map<?, ?> table)) {
                throw new UsageException("plan " + file + ": 'scheme' must be an array of tables ([[scheme]])");
            }
            Object name = table.get("name");
            if (!(name instanceof String scheme) || scheme.isBlank()) {
                throw new UsageException("plan " + file + ": [[scheme]] number " + index + " has no name, e.g. "
                        + "name = \"euler\"");
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (Map.Entry<?, ?> o : table.entrySet()) {
                String key = String.valueOf(o.getKey());
                if (key.equals("name")) {
                    continue;
                }
                if (o.getValue() instanceof Map<?, ?>) {
                    throw new UsageException("plan " + file + ": [[scheme]] " + scheme + " option '" + key
                            + "' is a table; options are strings, numbers or arrays");
                }
                options.put(key, ConfigFile.toText(o.getValue()));
            }
            out.add(new Variant(scheme, options));
        }
        return out;
    }
}
