package org.schemenet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checkpoints of a run directory: {@code checkpoints/epoch-EEEE[-batch-BBBBBB].zip}, each a
 * DL4J {@link ModelSerializer} archive (configuration, parameters, updater state, which includes
 * the iteration and epoch counters) plus a {@value #STATE_ENTRY} entry with the {@link TrainerState}.
 * Written to a temporary file and renamed, so a crash never leaves a half-written checkpoint
 * under a checkpoint's name; only the newest {@code keep} are kept.
 */
public final class Checkpoints {

    /** The zip entry with the trainer state. */
    public static final String STATE_ENTRY = "schemenet-trainer-state.properties";

    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:-batch-(\\d+))?\\.zip");

    private final Path folder;
    private final int keep;

    public Checkpoints(Path runDirectory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1");
        }
        this.folder = runDirectory.resolve("checkpoints");
        this.keep = keep;
    }

    /** A checkpoint on disk and where it stands. */
    public record Entry(Path file, int epochsDone, int batchesDone) {
    }

    /** A restored checkpoint. */
    public record Restored(Path file, TrainerState state) {
    }

    public Path folder() {
        return folder;
    }

    /** Writes a checkpoint of {@code graph} at {@code state} and removes all but the newest {@code keep}. */
    public Path save(ComputationGraph graph, TrainerState state) {
        try {
            Files.createDirectories(folder);
            String name = state.batchesDone() == 0 ? String.format("epoch-%04d.zip", state.epochsDone())
                    : String.format("epoch-%04d-batch-%06d.zip", state.epochsDone(), state.batchesDone());
            Path target = folder.resolve(name);
            Path temporary = Files.createTempFile(folder, ".writing-", ".zip");
            try {
                ModelSerializer.writeModel(graph, temporary.toFile(), true);
                try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + temporary.toUri()), Map.of())) {
                    Files.writeString(zip.getPath(STATE_ENTRY), state.toText(), StandardCharsets.UTF_8);
                }
                org.schemenet.train.report.AtomicFiles.readableByAll(temporary);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            List<Entry> all = list();
            for (int i = 0; i < all.size() - keep; i++) {
                Files.deleteIfExists(all.get(i).file());
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoints present, oldest first. */
    public List<Entry> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(new Entry(f, Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingInt(Entry::epochsDone).thenComparingInt(Entry::batchesDone));
        return out;
    }

    /**
     * Restores the newest readable checkpoint into {@code target} (a network of the same
     * architecture, freshly built from the run's configuration): parameters, updater state and
     * the iteration and epoch counters. A newest checkpoint that cannot be read (e.g. a disk filled
     * up) is skipped for the one before it.
     *
     * @return empty when there is no checkpoint
     * @throws IllegalStateException when no checkpoint fits {@code target}
     */
    public Optional<Restored> restoreInto(ComputationGraph target) {
        List<Entry> all = list();
        List<String> problems = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path file = all.get(i).file();
            try {
                TrainerState state = readState(file);
                ComputationGraph saved = ModelSerializer.restoreComputationGraph(file.toFile(), true);
                copy(saved, target, file);
                return Optional.of(new Restored(file, state));
            } catch (IOException | RuntimeException e) {
                problems.add(file.getFileName() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("no usable checkpoint in " + folder + ": " + String.join("; ", problems));
        }
        return Optional.empty();
    }

    private static TrainerState readState(Path file) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(file, Map.of())) {
            Path entry = zip.getPath(STATE_ENTRY);
            if (!Files.exists(entry)) {
                throw new IOException("not a schemenet checkpoint (no " + STATE_ENTRY + ")");
            }
            return TrainerState.fromText(Files.readString(entry, StandardCharsets.UTF_8));
        }
    }

    private static void copy(ComputationGraph saved, ComputationGraph target, Path file) {
        if (saved.params().length() != target.params().length()) {
            throw new IllegalStateException("checkpoint " + file.getFileName() + " holds " + saved.params().length()
                    + " parameters, the network has " + target.params().length() + " (a different configuration?)");
        }
        target.setParams(saved.params());
        INDArray savedState = saved.getUpdater().getStateViewArray();
        INDArray targetState = target.getUpdater().getStateViewArray();
        if (savedState != null || targetState != null) {
            if (savedState == null || targetState == null || savedState.length() != targetState.length()) {
                throw new IllegalStateException("checkpoint " + file.getFileName() + " has an updater state that does "
                        + "not fit the network's updater");
            }
            targetState.assign(savedState);
        }
        target.getConfiguration().setIterationCount(saved.getConfiguration().getIterationCount());
        target.getConfiguration().setEpochCount(saved.getConfiguration().getEpochCount());
    }
}
