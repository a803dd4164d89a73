package org.schemenet.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.schemenet.run.CheckpointFiles;
import org.schemenet.run.InputException;
import org.schemenet.run.RunDirectory;

/**
 * The checkpoints of a run: each a DL4J {@link ModelSerializer} archive (configuration,
 * parameters, updater state with the iteration and epoch counters) plus {@value #STATE_ENTRY} (the
 * {@link TrainerState}) and {@value #RUN_ENTRY} (the id of the run that wrote it). Names, writing
 * (temporary file, rename) and pruning are the run directory's ({@link CheckpointFiles}); only the
 * newest {@code keep} are kept.
 *
 * <p>Restoring takes the newest checkpoint that can be read, fits the network and belongs to the
 * run; every checkpoint it passes over is reported with the reason ({@link Restored#skipped()}).
 * When checkpoints exist but none is usable, it stops with an {@link InputException} naming each
 * and why.
 */
public final class Checkpoints {

    /** The zip entry with the trainer state. */
    public static final String STATE_ENTRY = "schemenet-trainer-state.properties";
    /** The zip entry with the run's id. */
    public static final String RUN_ENTRY = "schemenet-run.properties";

    private final CheckpointFiles files;
    private final int keep;
    private final String runId;
    private final boolean acceptUnmarked;

    /**
     * @param runId          the run's id, written into every checkpoint and required of restored ones;
     *                       null for no check (a library user's own directory)
     * @param acceptUnmarked also restore checkpoints without a run id (written before run ids existed)
     */
    public Checkpoints(Path runDirectory, int keep, String runId, boolean acceptUnmarked) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1");
        }
        this.files = RunDirectory.at(runDirectory).checkpoints();
        this.keep = keep;
        this.runId = runId;
        this.acceptUnmarked = acceptUnmarked || runId == null;
    }

    /** Without a run id. */
    public Checkpoints(Path runDirectory, int keep) {
        this(runDirectory, keep, null, true);
    }

    /** A checkpoint on disk and where it stands. */
    public record Entry(Path file, int epochsDone, int batchesDone) {
    }

    /**
     * A restored checkpoint.
     *
     * @param skipped newer checkpoints passed over, each "NAME: why"
     */
    public record Restored(Path file, TrainerState state, List<String> skipped) {
        public Restored {
            skipped = List.copyOf(skipped);
        }
    }

    public Path folder() {
        return files.folder();
    }

    /** Writes a checkpoint of {@code graph} at {@code state} and removes all but the newest {@code keep}. */
    public Path save(ComputationGraph graph, TrainerState state) {
        byte[] model = serialise(graph);
        Path target = files.write(state.epochsDone(), state.batchesDone(), out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new ZipEntry(STATE_ENTRY));
            zip.write(state.toText().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            if (runId != null) {
                zip.putNextEntry(new ZipEntry(RUN_ENTRY));
                zip.write(("runId=" + runId + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
        });
        files.prune(keep);
        return target;
    }

    private static byte[] serialise(ComputationGraph graph) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(graph, bytes, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the network: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The checkpoints present, oldest first. */
    public List<Entry> list() {
        return files.list().stream().map(e -> new Entry(e.file(), e.epochsDone(), e.batchesDone())).toList();
    }

    /**
     * The run ids that the checkpoints present carry (sorted; empty when there are none, or none carries one, as in a
     * run written before run ids existed). A checkpoint that cannot be read is left out.
     */
    public java.util.SortedSet<String> runIds() {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        for (Entry e : list()) {
            try (ZipFile zip = new ZipFile(e.file().toFile())) {
                owner(zip).ifPresent(ids::add);
            } catch (IOException | RuntimeException unreadable) {
                // not a checkpoint this question can answer for
            }
        }
        return ids;
    }

    /** The run id a checkpoint carries, if any. */
    private static Optional<String> owner(ZipFile zip) throws IOException {
        ZipEntry runEntry = zip.getEntry(RUN_ENTRY);
        if (runEntry == null) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = zip.getInputStream(runEntry)) {
            p.load(in);
        }
        return Optional.ofNullable(p.getProperty("runId"));
    }

    /**
     * Restores the newest usable checkpoint into {@code target} (a network of the same architecture,
     * freshly built from the run's settings): parameters, updater state and the iteration and epoch
     * counters.
     *
     * @return empty when there is no checkpoint
     * @throws InputException when there are checkpoints and none is usable
     */
    public Optional<Restored> restoreInto(ComputationGraph target) {
        List<Entry> all = list();
        List<String> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path file = all.get(i).file();
            try {
                Contents c = read(file);
                ComputationGraph saved = ModelSerializer.restoreComputationGraph(file.toFile(), true);
                copy(saved, target, file);
                return Optional.of(new Restored(file, c.state(), skipped));
            } catch (IOException | RuntimeException e) {
                skipped.add(file.getFileName() + ": " + reason(e));
            }
        }
        if (!skipped.isEmpty()) {
            throw new InputException("no usable checkpoint in " + files.folder() + ": " + String.join("; ", skipped)
                    + ". Move the unusable files away to start the run from the beginning with --resume");
        }
        return Optional.empty();
    }

    private record Contents(TrainerState state) {
    }

    private Contents read(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException("empty file");
        }
        // reading every entry through ZipInputStream checks every CRC (ZipFile does not): a flipped bit shows here
        try (ZipInputStream all = new ZipInputStream(Files.newInputStream(file))) {
            while (all.getNextEntry() != null) {
                all.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry stateEntry = zip.getEntry(STATE_ENTRY);
            if (stateEntry == null) {
                throw new IOException("not a schemenet checkpoint (no " + STATE_ENTRY + ")");
            }
            String owner = owner(zip).orElse(null);
            if (runId != null && owner == null && !acceptUnmarked) {
                throw new IOException("carries no run id, so it cannot be shown to belong to this run");
            }
            if (runId != null && owner != null && !owner.equals(runId)) {
                throw new IOException("belongs to another run (id " + owner + "; this run is " + runId + ")");
            }
            try (InputStream in = zip.getInputStream(stateEntry)) {
                return new Contents(TrainerState.fromText(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
            return "not a readable zip archive (truncated or damaged: " + e.getMessage() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void copy(ComputationGraph saved, ComputationGraph target, Path file) {
        if (saved.params().length() != target.params().length()) {
            throw new IllegalStateException("holds " + saved.params().length() + " parameters, the network has "
                    + target.params().length() + " (a different configuration?)");
        }
        target.setParams(saved.params());
        INDArray savedState = saved.getUpdater().getStateViewArray();
        INDArray targetState = target.getUpdater().getStateViewArray();
        if (savedState != null || targetState != null) {
            if (savedState == null || targetState == null || savedState.length() != targetState.length()) {
                throw new IllegalStateException("has an updater state that does not fit the network's updater");
            }
            targetState.assign(savedState);
        }
        target.getConfiguration().setIterationCount(saved.getConfiguration().getIterationCount());
        target.getConfiguration().setEpochCount(saved.getConfiguration().getEpochCount());
    }
}
