package org.schemenet.runner;

import java.nio.file.Path;

/**
 * A plugin failed: its code threw where it must not (a {@link LinkageError} such as
 * {@code NoClassDefFoundError}, any other {@code Error}, an unexpected exception, a {@code null}
 * result). The message names the jar and what failed, once: {@code plugin /path/x.jar: scheme 'foo':
 * configure() failed: java.lang.NoClassDefFoundError: org/deeplearning4j/...}. Bad input to the
 * runner (exit code 2); the original {@link Throwable} is the cause, shown with {@code --verbose}.
 */
public final class PluginFault extends UsageException {
    private static final long serialVersionUID = 1L;

    private final transient Path jar;

    public PluginFault(Path jar, String what, Throwable cause) {
        super("plugin " + jar + ": " + what + (cause == null ? "" : ": " + describe(cause)), cause);
        this.jar = jar;
    }

    /** The jar (or zip) the plugin came from. */
    public Path jar() {
        return jar;
    }

    /** The class and message of a throwable, and of its root cause when that differs. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t + " (caused by " + root + ")";
    }
}
