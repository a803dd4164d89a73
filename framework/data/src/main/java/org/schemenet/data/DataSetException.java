package org.schemenet.data;

/**
 * Bad or missing input data (a file, a directory, a download, an option value). The message
 * names the file or value and what is wrong, and is meant to be printed alone: the runner maps
 * this exception to exit code 2.
 */
public class DataSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataSetException(String message) {
        super(message);
    }

    public DataSetException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The cause of a failed file operation in words, for a message that already names the path: "permission denied",
     * the operating system's reason ("not a directory", "read-only file system", "no space left on device"), else
     * the exception's own message; never a Java exception's name.
     */
    static String causeInWords(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is in the way (a file of that name exists)";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
            String reason = f.getReason();
            return reason.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + reason.substring(1);
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
