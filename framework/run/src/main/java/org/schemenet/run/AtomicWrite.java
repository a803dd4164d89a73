package org.schemenet.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file of a run directory is written here: into a temporary file in the same folder
 * ({@code .NAME.tmp-RANDOM}), made readable by all ({@code rw-r--r--}, like any file a user
 * writes with a umask of 022), then renamed over the target, so a reader never sees half a file
 * and a crash leaves at most a temporary file, which {@link RunDirectory#removeTemporaryFiles()}
 * clears. A failure (no space left, permission denied) removes the temporary file and raises an
 * {@link InputException} naming the target and the cause.
 */
public final class AtomicWrite {
    /** The prefix of every temporary file this class makes. */
    public static final String TEMPORARY_PREFIX = ".";
    /** The infix that marks a temporary file: {@code .NAME.tmp-RANDOM}. */
    public static final String TEMPORARY_INFIX = ".tmp-";

    private static final Set<PosixFilePermission> RW_R_R = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicWrite() {
    }

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void text(Path target, String text) {
        bytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void bytes(Path target, byte[] bytes) {
        stream(target, out -> out.write(bytes));
    }

    /** Writes {@code content} to {@code target} through a temporary file and a rename. */
    public static void stream(Path target, Content content) {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, TEMPORARY_PREFIX + target.getFileName() + TEMPORARY_INFIX, "");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            readableByAll(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw Faults.of("write", target, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the run directory's owner removes it at its next start
                }
            }
        }
    }

    /** {@code rw-r--r--} where the file system has POSIX permissions. */
    public static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, RW_R_R);
        }
    }

    /** Whether {@code name} is a temporary file of this class. */
    public static boolean isTemporary(String name) {
        return name.startsWith(TEMPORARY_PREFIX) && name.contains(TEMPORARY_INFIX);
    }
}
