package org.schemenet.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.run.Faults;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.Setting;
import org.schemenet.run.Settings;
import org.schemenet.run.SettingsToml;
import org.schemenet.scheme.DidYouMean;

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
 * @param training shared settings: any {@link Setting.Role#SHARED} setting of the table, typed
 */
public record SweepPlan(String name, List<Variant> variants, List<Integer> depths, List<Long> seeds,
                        GivenSettings training) {

    /** A scheme with its options (as text, sorted by name, so run names do not depend on the file's order). */
    public record Variant(String scheme, Map<String, String> options) {
        public Variant {
            options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
        }

        /** {@code adams coefficients=learnable k=2}. */
        public String describe() {
            StringBuilder s = new StringBuilder(scheme);
            options.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
            return s.toString();
        }
    }

    public SweepPlan {
        variants = List.copyOf(variants);
        depths = List.copyOf(depths);
        seeds = List.copyOf(seeds);
        java.util.Objects.requireNonNull(training, "training");
    }

    /** The epochs of every run: the plan's {@code [training] epochs}, else the runner's default 160. */
    public int epochs() {
        Object e = training.values().get(Settings.EPOCHS);
        return e == null ? 160 : ((Number) e).intValue();
    }

    /**
     * The same plan with {@code epochs} epochs per run: a shorter version for a CPU budget. Explicit
     * milestones are dropped, so the learning-rate drops scale to 50% and 75% of the new length.
     */
    public SweepPlan withEpochs(long epochs) {
        return new SweepPlan(name, variants, depths, seeds, training.without(Settings.MILESTONES)
                .with(Settings.EPOCHS, epochs, "--epochs"));
    }

    /** This plan with {@code variants} instead of its own (the same schemes, options as the schemes read them). */
    public SweepPlan withVariants(List<Variant> variants) {
        return new SweepPlan(name, variants, depths, seeds, training);
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
        Map<String, Object> toml;
        try {
            toml = SettingsToml.syntax(Files.readString(file), "plan " + file);
        } catch (IOException e) {
            throw Faults.of("read the plan", file, e);
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.toml$", "");
        String name = fileName;
        List<Integer> depths = null;
        List<Long> seeds = null;
        GivenSettings training = GivenSettings.NONE;
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, Object> e : toml.entrySet()) {
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
                                + "allowed: " + Settings.DEPTH.allowed());
                    }
                    return d.intValue();
                }).toList();
                case "seeds" -> seeds = integers(file, key, value);
                case "training" -> training = training(file, value);
                case "scheme" -> variants.addAll(variants(file, value));
                default -> throw new UsageException("plan " + file + ": unknown key '" + key + "' (did you mean '"
                        + DidYouMean.closest(key, List.of("name", "depths", "seeds", "training", "scheme")).orElse("?")
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
        return new SweepPlan(name, variants, depths, seeds, training);
    }

    private static List<Long> integers(Path file, String key, Object value) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof Long)) {
            throw new UsageException("plan " + file + ": '" + key + "' must be an array of integers, e.g. " + key
                    + " = [1, 2], got " + SettingsToml.optionText(value));
        }
        return list.stream().map(x -> (Long) x).toList();
    }

    @SuppressWarnings("unchecked")
    private static GivenSettings training(Path file, Object value) {
        if (!(value instanceof Map<?, ?> table)) {
            throw new UsageException("plan " + file + ": 'training' must be a table ([training])");
        }
        return SettingsToml.settings((Map<String, Object>) table, "plan " + file + " [training]",
                key -> "'" + key + "' in plan " + file + " [training]", EnumSet.of(Setting.Role.SHARED), false);
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
                options.put(key, SettingsToml.optionText(o.getValue()));
            }
            out.add(new Variant(scheme, options));
        }
        return out;
    }
}
