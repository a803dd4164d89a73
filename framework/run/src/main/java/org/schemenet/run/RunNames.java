package org.schemenet.run;

import java.util.Map;

/**
 * The part of a run directory's name that the scheme's options make, for the sweep's stable names
 * ({@code adams-coefficientslearnable-k2-d20-e10-s1}) and a training run's default directory
 * ({@code runs/20261205-130007-adams-k2-d20-s0}): {@code -<option><value>} per option, in the order given.
 * A value that is empty, longer than 16 characters, or has characters other than letters, digits and {@code .+-}
 * is replaced by the 8 hex digits of its text's {@link String#hashCode}; such characters are dropped from names.
 */
public final class RunNames {
    private RunNames() {
    }

    /** {@code -k2-coefficientslearnable} for {@code {k=2, coefficients=learnable}}. */
    public static String options(Map<String, String> options) {
        StringBuilder name = new StringBuilder();
        for (Map.Entry<String, String> o : options.entrySet()) {
            String value = o.getValue();
            if (value.isEmpty() || value.length() > 16 || !clean(value).equals(value)) {
                value = String.format("%08x", value.hashCode());
            }
            name.append('-').append(clean(o.getKey())).append(value);
        }
        return name.toString();
    }

    /** {@code text} without the characters a name does not take (all but letters, digits and {@code .+-}). */
    public static String clean(String text) {
        return text.replaceAll("[^A-Za-z0-9.+-]", "");
    }
}
