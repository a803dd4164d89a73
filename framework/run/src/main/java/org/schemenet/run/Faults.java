package org.schemenet.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns a file-system failure into one line for the user: what was being done, the path, and the
 * cause in words ("permission denied", "no space left on device", "not a directory", ...), as an
 * {@link InputException} (exit code 2).
 */
public final class Faults {
    private Faults() {
    }

    /** {@code "cannot WHAT PATH: CAUSE"}. */
    public static InputException of(String what, Path path, IOException e) {
        if (e instanceof FileAlreadyExistsException f && f.getFile() != null && path != null
                && !Path.of(f.getFile()).equals(path) && Files.isRegularFile(Path.of(f.getFile()))) {
            return new InputException("cannot " + what + " " + path + ": " + f.getFile() + " is a file, not a folder",
                    e);   // a folder on the way to path is a file
        }
        return new InputException("cannot " + what + " " + path + ": " + cause(e), e);
    }

    /** The cause of {@code e} in words, without the path the exception repeats. */
    public static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lower(f.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : lower(m);
    }

    /**
     * The path an option's text names, refusing an empty one (it would mean the working directory).
     *
     * @param allowed what the option takes, for the message ({@code a TOML file})
     */
    public static Path path(String option, String text, String allowed) {
        if (text == null || text.isEmpty()) {
            throw new InputException(option + ": '' is out of range; allowed: " + allowed + " (not an empty path)");
        }
        return path(option, text);
    }

    /** The path an option's text names, or {@link #badPath} when this JVM cannot represent it. */
    public static Path path(String option, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw badPath(option, text, e);
        }
    }

    /** A path that this JVM cannot represent in the platform's file-name encoding (e.g. non-ASCII under LANG=C). */
    public static InputException badPath(String what, String text, InvalidPathException e) {
        return new InputException(what + " '" + text + "': this path cannot be written in the file-name encoding "
                + System.getProperty("sun.jnu.encoding", "of this system") + " (" + e.getReason()
                + "); use a path of ASCII characters, or run with a UTF-8 locale (e.g. LANG=C.UTF-8)", e);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
