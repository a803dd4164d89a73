package org.schemenet.runner;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.schemenet.scheme.Discretisation;

/**
 * A scheme configured for a command: where it came from, the discretisation (behind the fault
 * boundary) and its options in full, defaults included, as text.
 *
 * @param entry          the registry entry (scheme, plugin id and version, jar)
 * @param discretisation the configured scheme
 * @param options        every option's value as text, in declaration order
 */
public record ConfiguredScheme(SchemeRegistry.Entry entry, Discretisation discretisation, Map<String, String> options) {

    public ConfiguredScheme {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public String name() {
        return entry.scheme().name();
    }

    public String pluginId() {
        return entry.pluginId();
    }

    /** The jar (or zip) the plugin came from. */
    public Path jar() {
        return entry.source();
    }

    /**
     * {@code work} applied to the discretisation, where an {@code IllegalArgumentException} from the scheme (it refuses
     * a unit count or a start the integrator needs) becomes one input error naming the scheme and its jar.
     *
     * @throws UsageException when the scheme refuses
     */
    public <T> T asIntegrator(java.util.function.Function<Discretisation, T> work) {
        try {
            return work.apply(discretisation);
        } catch (org.schemenet.run.InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("scheme '" + name() + "' (" + jar() + ") cannot be run as an integrator: "
                    + e.getMessage(), e);
        }
    }

    /** {@code k=2, coefficients=fixed}, or {@code none}. */
    public String optionsText() {
        return options.isEmpty() ? "none"
                : options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
