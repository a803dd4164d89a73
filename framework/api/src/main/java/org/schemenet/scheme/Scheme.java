package org.schemenet.scheme;

import java.util.List;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * A numerical scheme, found by name: the PF4J extension point that scheme plugins implement
 * (annotate the class with {@code @org.pf4j.Extension}). Pure numerics; no DL4J.
 */
public interface Scheme extends ExtensionPoint {

    /** The name users select it by, e.g. {@code euler}, {@code adams}; lower case. */
    String name();

    /** One line saying what it is. */
    String summary();

    /** The options it accepts. */
    List<OptionSpec> options();

    /** Turns validated options into a configured discretisation. */
    Discretisation configure(Options options);

    /**
     * Validates text options (name to value) against {@link #options()} and configures.
     *
     * @throws InvalidOptionException naming the option, the value and what is allowed
     */
    default Discretisation configure(Map<String, String> options) {
        return configure(Options.validate(name(), options(), options));
    }
}
