package org.schemenet.runner;

import java.util.Map;

/**
 * One run of a sweep: a scheme variant at a depth and seed for a number of epochs. Its directory
 * name is stable (the same plan always gives the same names, so a restarted sweep finds its runs):
 * {@code <scheme>[-<option><value>...]-d<depth>-e<epochs>-s<seed>}, options sorted by name; a value
 * with characters other than letters, digits and {@code .+-}, or longer than 16, is replaced by a
 * hash of its text.
 */
public record SweepRun(SweepPlan.Variant variant, int depth, long seed, int epochs) {

    public String directoryName() {
        StringBuilder name = new StringBuilder(clean(variant.scheme()));
        for (Map.Entry<String, String> o : variant.options().entrySet()) {
            String value = o.getValue();
            if (value.isEmpty() || value.length() > 16 || !clean(value).equals(value)) {
                value = String.format("%08x", o.getValue().hashCode());
            }
            name.append('-').append(clean(o.getKey())).append(value);
        }
        return name.append("-d").append(depth).append("-e").append(epochs).append("-s").append(seed).toString();
    }

    private static String clean(String s) {
        return s.replaceAll("[^A-Za-z0-9.+-]", "");
    }

    /** {@code adams k=2 coefficients=learnable, depth 20, seed 1}. */
    public String describe() {
        return variant.describe() + ", depth " + depth + ", seed " + seed;
    }
}
