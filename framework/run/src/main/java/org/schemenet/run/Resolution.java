package org.schemenet.run;

import java.util.Map;

/** What a setting's default may look at: the settings resolved before it, the scheme, the surroundings. */
public interface Resolution {
    /** A setting earlier in the table (null when it has no value). */
    <T> T get(Setting<T> setting);

    /** The scheme's options as given (not yet completed with the scheme's own defaults). */
    Map<String, String> givenSchemeOptions();

    Surroundings surroundings();
}
