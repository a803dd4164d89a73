package org.schemenet.network;

/** ND4J could not load its back end (a native library is missing); the message says what to do. */
public final class BackendUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
