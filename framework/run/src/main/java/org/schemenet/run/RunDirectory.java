package org.schemenet.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A run directory and every file in it, each with one writer and one reader here:
 * <pre>
 *   config.toml     the run's resolved settings ({@link SettingsToml})
 *   run.json        the run's identity ({@link RunIdentity}), checked on every resume
 *   run.lock        the owner's lock ({@link RunLock}) and process id
 *   metrics.csv     one row per epoch ({@link MetricsFile})
 *   summary.json    description and results ({@link Summary})
 *   runner.log      a sweep child's output
 *   checkpoints/    epoch-EEEE[-batch-BBBBBB].zip ({@link CheckpointFiles})
 *   *.png, *.md, index.html   pictures and pages of the report
 *   spark-data/, spark-tmp/   a Spark run's bundled sample and Spark's scratch files
 * </pre>
 * Every file is written through {@link AtomicWrite} (temporary file, rename, rw-r--r--).
 */
public final class RunDirectory {
    public static final String CONFIG = "config.toml";
    public static final String IDENTITY = "run.json";
    public static final String LOCK = "run.lock";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String LOG = "runner.log";
    public static final String CHECKPOINTS = "checkpoints";

    /**
     * Where a Spark run's {@code --data sample} writes the bundled sample for its executors (SparkData): when it opens
     * its data, which a new run does before its directory is made, so the folder may already hold it then.
     */
    public static final String SPARK_DATA = "spark-data";

    /** Where a Spark run's driver keeps Spark's and Hadoop's scratch files (SparkEngine). */
    public static final String SPARK_TMP = "spark-tmp";

    /** What a start may make in the run directory besides its records, taken back when it fails ({@link #takeBack}). */
    private static final List<String> SCRATCH = List.of(SPARK_DATA, SPARK_TMP);

    /** What a run directory may hold before its config.toml is written (a start that stopped right there). */
    private static final List<String> BEFORE_CONFIG = List.of(LOCK, SPARK_DATA);

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** The run directory at {@code path} (nothing is checked or created). */
    public static RunDirectory at(Path path) {
        return new RunDirectory(path);
    }

    /** The run directory named by an option's text, or an {@link InputException} when the text is no usable path. */
    public static RunDirectory at(String option, String text) {
        if (text == null || text.isEmpty()) {
            throw new InputException(option + ": an empty path is not a run directory; give a directory (e.g. "
                    + option + " runs/my-run), or leave the option out");
        }
        return new RunDirectory(Faults.path(option, text));
    }

    public Path path() {
        return path;
    }

    public Path config() {
        return path.resolve(CONFIG);
    }

    public Path log() {
        return path.resolve(LOG);
    }

    public MetricsFile metrics() {
        return new MetricsFile(path.resolve(METRICS));
    }

    public CheckpointFiles checkpoints() {
        return new CheckpointFiles(path.resolve(CHECKPOINTS));
    }

    /** Whether a run lives here (its {@code config.toml}). */
    public boolean isRun() {
        return Files.isRegularFile(config());
    }

    /**
     * Checks, without writing anything, that a new run may be made here: refuses a file, another run,
     * checkpoints, or a folder of other files (whatever is in it stays untouched).
     *
     * @param option the option that named it, for messages ({@code --out})
     * @return what is there now, so that a start that fails before it trains can {@link #takeBack take back}
     *         what it made from here on (a Spark run's sample, written while its data opens, included)
     */
    public Created checkForNewRun(String option) {
        OutFolder.refuseFile(option, path);
        if (isRun()) {
            throw new InputException(option + " " + path + " already holds a run (" + CONFIG + "); continue it with "
                    + "--resume " + path + ", or give another " + option);
        }
        if (checkpoints().any()) {
            throw new InputException(option + " " + path + " holds checkpoints but no " + CONFIG + " (what is left of"
                    + " a run whose records are gone, so it cannot be resumed); move them away, or give another "
                    + option);
        }
        OutFolder.refuseOtherFiles(option, path, f -> BEFORE_CONFIG.contains(f.getFileName().toString()), "run",
                "a run needs a new or empty folder");
        Path made = null;
        for (Path p = path.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            made = p;
        }
        Set<String> there = new TreeSet<>();
        for (String name : List.of(LOCK, SPARK_DATA, SPARK_TMP)) {
            if (Files.exists(path.resolve(name))) {
                there.add(name);
            }
        }
        return new Created(made, there);
    }

    /**
     * Makes the folder for a new run after {@link #checkForNewRun the checks}; returns what it made, so
     * that a run that stops before it trains can {@link #takeBack take it back}.
     *
     * @param option the option that named it, for messages ({@code --out})
     */
    public Created createForNewRun(String option) {
        Created created = checkForNewRun(option);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            takeBack(created, false);
            throw Faults.of("create the run directory", path, e);
        }
        if (!Files.isWritable(path)) {
            takeBack(created, false);
            throw new InputException("cannot write in the run directory " + path + ": permission denied");
        }
        return created;
    }

    /**
     * What was there before a new run's start ({@link #checkForNewRun}, {@link #createForNewRun}).
     *
     * @param madeFrom the outermost folder that did not exist (the run directory or a parent of it), so the
     *                 start made it; null when the run directory was there already
     * @param there    which of run.lock, spark-data and spark-tmp were there (a start that stopped right there)
     */
    public record Created(Path madeFrom, Set<String> there) {
        public Created {
            there = Set.copyOf(there);
        }

        /** Whether a run.lock was there before. */
        public boolean lockWasThere() {
            return there.contains(LOCK);
        }
    }

    /**
     * Takes back a new run that stopped before it trained: with {@code wroteRun} (it held the lock and
     * wrote its files) its config.toml, run.json, temporary files and a run.lock it made; the scratch a start
     * makes (a Spark run's spark-data and spark-tmp) when it made it and no other run took the folder; then
     * the folders the start made, each only if empty. Nothing that was there before is removed.
     */
    public void takeBack(Created created, boolean wroteRun) {
        try {
            if (wroteRun) {
                Files.deleteIfExists(config());
                Files.deleteIfExists(path.resolve(IDENTITY));
                removeTemporaryFiles();
                if (!created.lockWasThere()) {
                    Files.deleteIfExists(path.resolve(LOCK));
                }
            }
            if (wroteRun || (!isRun() && owner().isEmpty())) {
                for (String name : SCRATCH) {
                    if (!created.there().contains(name)) {
                        deleteTree(path.resolve(name));
                    }
                }
            }
        } catch (IOException | InputException e) {
            return;   // best effort: what is left is what the message of the failure is about
        }
        if (created.madeFrom() == null) {
            return;
        }
        for (Path p = path.toAbsolutePath().normalize(); p != null && p.startsWith(created.madeFrom());
             p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;   // not empty: something else is in it now, so it stays
            }
        }
    }

    /** Deletes {@code root} and what is under it (symbolic links, not what they point to); nothing if absent. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Takes the run's lock (held until closed), or stops naming the process that holds it. */
    public RunLock lock() {
        return RunLock.acquire(path);
    }

    /** The process that holds the run's lock, if any (this one too: asking never releases its lock). */
    public OptionalLong owner() {
        return RunLock.holder(path);
    }

    /**
     * Removes temporary files that a killed writer left (only the lock's holder may call this: nobody
     * else writes here).
     */
    public void removeTemporaryFiles() {
        for (Path folder : List.of(path, path.resolve(CHECKPOINTS))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (AtomicWrite.isTemporary(n) || n.startsWith(".writing-") || n.startsWith("zipfstmp")) {
                        Files.deleteIfExists(f);
                    }
                }
            } catch (IOException e) {
                throw Faults.of("clean up temporary files in", folder, e);
            }
        }
    }

    /**
     * The run's settings as its {@code config.toml} records them. A file without the scheme's name (cut
     * short: the runner writes the {@code [scheme]} table last, or edited) is an {@link InputException}
     * naming the file, so no reader falls back to advice meant for a command line.
     */
    public GivenSettings readSettings() {
        if (!isRun()) {
            throw new InputException(path + " holds no run (no " + CONFIG + ")");
        }
        GivenSettings settings = SettingsToml.read(config());
        Object scheme = settings.values().get(Settings.SCHEME);
        if (!(scheme instanceof String name) || name.isBlank()) {
            throw new InputException(config() + ": no [scheme] name (the file is cut short or was edited: a run's "
                    + CONFIG + " ends with a [scheme] table naming its scheme and options); put the run's own file "
                    + "back");
        }
        return settings;
    }

    public void writeSettings(RunSettings settings) {
        AtomicWrite.text(config(), SettingsToml.write(settings));
    }

    /** The run's identity, or empty for a run written before run.json existed. */
    public Optional<RunIdentity> identity() {
        Path file = path.resolve(IDENTITY);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(file), RunIdentity.class));
        } catch (IOException e) {
            throw Faults.of("read", file, e);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    public void writeIdentity(RunIdentity identity) {
        AtomicWrite.text(path.resolve(IDENTITY), Json.write(identity) + "\n");
    }

    /** The run's summary.json, or empty before its first epoch ended. */
    public Optional<Summary> summary() {
        Path file = path.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Summary(Json.readObject(Files.readString(file))));
        } catch (IOException e) {
            throw Faults.of("read", file, e);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    public void writeSummary(java.util.Map<String, Object> summary) {
        AtomicWrite.text(path.resolve(SUMMARY), Json.write(summary) + "\n");
    }

    /** A report's file (picture, page, table) in this directory, written atomically. */
    public void writeReportFile(String name, byte[] bytes) {
        AtomicWrite.bytes(path.resolve(name), bytes);
    }

    /**
     * How far the run got, for a sweep that wants {@code plannedEpochs}: not started (no config.toml),
     * running (a process holds its lock), finished, diverged, or interrupted (anything else).
     */
    public RunStatus status(int plannedEpochs) {
        if (!isRun()) {
            OptionalLong owner = owner();
            return owner.isPresent() ? new RunStatus.Running(owner.getAsLong()) : new RunStatus.NotStarted();
        }
        OptionalLong owner = owner();
        if (owner.isPresent()) {
            return new RunStatus.Running(owner.getAsLong());
        }
        Optional<Summary> summary = summary();
        String status = summary.map(Summary::status).orElse("none");
        int done = summary.map(Summary::epochsDone).orElse(0);
        if (status.equals("diverged")) {
            return new RunStatus.Diverged(String.valueOf(summary.get().section("results").get("message")));
        }
        if (status.equals("completed") && done >= plannedEpochs) {
            return new RunStatus.Finished(done);
        }
        return new RunStatus.Interrupted(done, checkpoints().any());
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
