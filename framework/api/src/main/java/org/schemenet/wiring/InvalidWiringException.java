package org.schemenet.wiring;

/** A stage wiring (or one of its parts) that breaks a rule of the IR; the message names the rule. */
public class InvalidWiringException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidWiringException(String message) {
        super(message);
    }
}
