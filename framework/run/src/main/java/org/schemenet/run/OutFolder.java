package org.schemenet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The guard of a folder a command writes its results into ({@code --out}): a new training run's
 * directory ({@link RunDirectory#checkForNewRun}) and a sweep's folder follow the same rules. An
 * empty path is refused (it would mean the working directory), so is a file, and so is a folder
 * that holds anything but the command's own files, naming them; the guard only looks, so whatever
 * it refuses stays untouched.
 */
public final class OutFolder {
    private OutFolder() {
    }

    /** Refuses {@code folder} when it is a file. */
    public static void refuseFile(String option, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InputException(option + " " + folder + " is a file, not a directory");
        }
    }

    /**
     * The names in {@code folder} (sorted) that are not the command's {@code own} and not a temporary
     * file of {@link AtomicWrite}; empty when the folder does not exist.
     */
    public static List<String> otherFiles(Path folder, Predicate<Path> own) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> !AtomicWrite.isTemporary(f.getFileName().toString()) && !own.test(f))
                    .map(f -> f.getFileName().toString()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw Faults.of("list", folder, e);
        }
        return out;
    }

    /**
     * Refuses a folder with {@link #otherFiles other files}, naming up to three of them.
     *
     * @param what  what the folder would hold if it were the command's own ({@code run})
     * @param needs what the command needs, for the message ({@code a run needs a new or empty folder})
     */
    public static void refuseOtherFiles(String option, Path folder, Predicate<Path> own, String what, String needs) {
        List<String> others = otherFiles(folder, own);
        if (!others.isEmpty()) {
            throw new InputException(option + " " + folder + " is a folder with other files (" + String.join(", ",
                    others.subList(0, Math.min(3, others.size()))) + (others.size() > 3 ? ", ..." : "")
                    + ") and no " + what + " in it; " + needs + ", so give another " + option);
        }
    }
}
