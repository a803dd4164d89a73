package org.schemenet.runner;

import org.schemenet.run.InputException;

/** Bad usage or bad input: the runner prints the message alone and exits with 2. */
public class UsageException extends InputException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
