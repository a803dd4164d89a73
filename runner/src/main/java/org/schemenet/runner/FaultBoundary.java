package org.schemenet.runner;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * The fault boundary around every call into a plugin's code (loading a class, creating an
 * extension, {@code name()}, {@code options()}, {@code configure()}, {@code wire()}, ...): it catches
 * every {@link Throwable}, {@link LinkageError} included, and turns it into one {@link PluginFault}
 * naming the jar and what failed, so a broken plugin never takes the host (or the other schemes)
 * down with it.
 *
 * <p>{@link IllegalArgumentException} is part of the Scheme API's contract (a rejected option, a
 * unit count a scheme cannot wire) and passes through where the caller allows it.
 *
 * @param jar   the plugin's jar (or zip)
 * @param owner what is called, for messages, e.g. {@code scheme 'adams'}
 */
public record FaultBoundary(Path jar, String owner) {

    /** A call into plugin code. */
    @FunctionalInterface
    public interface PluginCall<T> {
        T call() throws Exception;
    }

    /** {@code call()}, with every throwable and a {@code null} result turned into a {@link PluginFault}. */
    public <T> T call(String what, PluginCall<T> call) {
        return call(what, false, call);
    }

    /**
     * {@code call()}; when {@code allowIllegalArgument}, an {@link IllegalArgumentException} (e.g.
     * {@link org.schemenet.scheme.InvalidOptionException}) passes through unchanged.
     */
    public <T> T call(String what, boolean allowIllegalArgument, PluginCall<T> call) {
        T result;
        try {
            result = call.call();
        } catch (PluginFault f) {
            throw f;
        } catch (IllegalArgumentException e) {
            if (allowIllegalArgument) {
                throw e;
            }
            throw fault(what, e);
        } catch (Throwable t) {
            throw fault(what, t);
        }
        if (result == null) {
            throw new PluginFault(jar, owner + ": " + what + " returned null", null);
        }
        return result;
    }

    /** The fault of {@code what} failing with {@code cause} (a constructor's own exception, not its wrapper). */
    public PluginFault fault(String what, Throwable cause) {
        Throwable shown = cause instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause()
                : cause;
        return new PluginFault(jar, owner + ": " + what + " failed", shown);
    }
}
