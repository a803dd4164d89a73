package org.schemenet.scheme;

/** A scheme option with a value that is not allowed; the message names option, value and what is allowed. */
public class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option at fault. */
    public String option() {
        return option;
    }
}
