package org.schemenet.runner;

import java.util.Map;
import org.schemenet.scheme.Discretisation;

/**
 * The scheme of a run as the runner trains it: its plugin's registry entry, the configured
 * discretisation, its options in full (the scheme's defaults filled in) and the conformance kit's check.
 */
record LoadedScheme(SchemeRegistry.Entry entry, Discretisation discretisation, Map<String, String> options,
                    SchemeCheck check) {
    LoadedScheme {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}
