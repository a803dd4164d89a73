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
    public OptionSpec {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("option name must match [a-z][a-z0-9-]*, got '" + name + "'");
        }
        if (type == null || help == null) {
            throw new IllegalArgumentException("option '" + name + "' needs a type and help text");
        }
        if (defaultValue != null) {
            type.parse(name, defaultValue);
        }
    }
}
