package org.schemenet.scheme;

/**
 * An option a scheme accepts.
 *
 * @param name         e.g. {@code k}
 * @param type         type and allowed values
 * @param defaultValue text form of the default, itself valid for {@code type}; {@code null} when the option is optional
 * @param help         one line for {@code --help} and {@code runner schemes}
 */
public record OptionSpec(String name, OptionType type, String defaultValue, String help) {
    /** The key of a run's {@code [scheme]} table that holds the scheme's name: no option may be called so. */
    public static final String SCHEME_NAME_KEY = "name";

    public OptionSpec {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("option name must match [a-z][a-z0-9-]*, got '" + name + "'");
        }
        if (name.equals(SCHEME_NAME_KEY)) {
            throw new IllegalArgumentException("option name '" + SCHEME_NAME_KEY + "' is reserved: a run's [scheme]"
                    + " table holds the scheme's name under it; choose another name");
        }
        if (type == null || help == null) {
            throw new IllegalArgumentException("option '" + name + "' needs a type and help text");
        }
        if (defaultValue != null) {
            type.parse(name, defaultValue);
        }
    }
}
