package org.schemenet.runner;

import java.util.List;
import java.util.Map;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

/**
 * A plugin's scheme behind the {@link FaultBoundary}: what the runner hands to every command. Its
 * name, summary and options were read once, inside the boundary, when the plugin was loaded;
 * {@code configure} runs inside it and returns a {@link GuardedDiscretisation}.
 */
final class GuardedScheme implements Scheme {
    private final Scheme plugin;
    private final FaultBoundary boundary;
    private final String name;
    private final String summary;
    private final List<OptionSpec> options;

    private GuardedScheme(Scheme plugin, FaultBoundary boundary, String name, String summary,
                          List<OptionSpec> options) {
        this.plugin = plugin;
        this.boundary = boundary;
        this.name = name;
        this.summary = summary;
        this.options = options;
    }

    /**
     * Reads {@code name()}, {@code summary()} and {@code options()} of a freshly created scheme.
     *
     * @throws PluginFault when one of them fails or returns nothing usable
     */
    static GuardedScheme of(Scheme plugin, java.nio.file.Path jar) {
        String className = plugin.getClass().getName();
        FaultBoundary byClass = new FaultBoundary(jar, "scheme class " + className);
        String name = byClass.call("name()", plugin::name);
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new PluginFault(jar, "scheme class " + className + ": name() returned '" + name
                    + "'; a scheme name must match [a-z][a-z0-9-]*", null);
        }
        FaultBoundary boundary = new FaultBoundary(jar, "scheme '" + name + "'");
        String summary = boundary.call("summary()", plugin::summary);
        List<OptionSpec> options = boundary.call("options()", () -> List.copyOf(plugin.options()));
        return new GuardedScheme(plugin, boundary, name, summary, options);
    }

    /** The plugin's own scheme object (its class came from the plugin's class loader). */
    Scheme plugin() {
        return plugin;
    }

    FaultBoundary boundary() {
        return boundary;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public List<OptionSpec> options() {
        return options;
    }

    /**
     * @throws IllegalArgumentException (e.g. {@link org.schemenet.scheme.InvalidOptionException}) when the
     *         scheme rejects the options
     * @throws PluginFault when the plugin fails
     */
    @Override
    public Discretisation configure(Options values) {
        Discretisation d = boundary.call("configure(" + values + ")", true, () -> plugin.configure(values));
        return GuardedDiscretisation.of(d, boundary);
    }

    /**
     * Validates against the options read at load time, then {@link #configure(Options)}.
     */
    @Override
    public Discretisation configure(Map<String, String> values) {
        return configure(Options.validate(name, options, values));
    }

    @Override
    public String toString() {
        return "scheme '" + name + "' from " + boundary.jar();
    }
}
