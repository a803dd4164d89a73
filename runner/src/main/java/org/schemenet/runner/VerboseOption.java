package org.schemenet.runner;

import picocli.CommandLine.Option;

/**
 * {@code --verbose} as a picocli mixin, for every command's help and parser. {@link Main} reads it from the raw
 * arguments before parsing (so that a parse error, too, gets its stack trace) and binds a {@link Verbosity}; the
 * field is for a command that passes it on (a sweep to its runs).
 *
 * <p>Use it with {@code @Mixin VerboseOption verbose;}.
 */
public final class VerboseOption {

    @Option(names = "--verbose", description = "stack traces behind errors and warnings")
    boolean verbose;

    /** Whether {@code --verbose} was given. */
    public boolean given() {
        return verbose;
    }
}
