package org.schemenet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoint files of a run: {@code checkpoints/epoch-EEEE.zip} after epoch E, and
 * {@code checkpoints/epoch-EEEE-batch-BBBBBB.zip} when a stop came B batches into epoch E+1. Their
 * content (a DL4J archive) is the trainer's; their names, order, writing (through
 * {@link AtomicWrite}) and pruning are here.
 */
public final class CheckpointFiles {
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:-batch-(\\d+))?\\.zip");

    private final Path folder;

    CheckpointFiles(Path folder) {
        this.folder = folder;
    }

    /** A checkpoint on disk and where training stood when it was written. */
    public record Entry(Path file, int epochsDone, int batchesDone) {
    }

    public Path folder() {
        return folder;
    }

    /** The file of a checkpoint after {@code epochsDone} epochs and {@code batchesDone} batches of the next. */
    public Path file(int epochsDone, int batchesDone) {
        return folder.resolve(batchesDone == 0 ? String.format("epoch-%04d.zip", epochsDone)
                : String.format("epoch-%04d-batch-%06d.zip", epochsDone, batchesDone));
    }

    /** Writes a checkpoint's bytes under its name (temporary file, rename); returns the file. */
    public Path write(int epochsDone, int batchesDone, AtomicWrite.Content content) {
        Path target = file(epochsDone, batchesDone);
        AtomicWrite.stream(target, content);
        return target;
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
                    out.add(new Entry(f, Integer.parseInt(m.group(1)),
                            m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
                }
            });
        } catch (IOException e) {
            throw Faults.of("list", folder, e);
        }
        out.sort(Comparator.comparingInt(Entry::epochsDone).thenComparingInt(Entry::batchesDone));
        return out;
    }

    /** Removes all but the newest {@code keep} checkpoints. */
    public void prune(int keep) {
        List<Entry> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                Files.deleteIfExists(all.get(i).file());
            } catch (IOException e) {
                throw Faults.of("remove the old checkpoint", all.get(i).file(), e);
            }
        }
    }

    public boolean any() {
        return !list().isEmpty();
    }
}
