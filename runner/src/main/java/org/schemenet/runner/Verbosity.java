package org.schemenet.runner;

/**
 * Whether the command line asked for {@code --verbose}: stack traces behind errors and warnings.
 * Bound by {@link Main#run} for every command.
 *
 * @param verbose {@code --verbose} was given
 */
public record Verbosity(boolean verbose) {
}
