package org.schemenet.run;

/**
 * Bad input or a fault of the environment (a missing or unreadable file, permission denied, no
 * space left, an unusable checkpoint, another process holding the run): the runner prints the
 * message as one line and exits with 2. The message names the file, option or value and what is
 * allowed or what went wrong; the cause is for {@code --verbose}.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
