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
}
