package org.schemenet.runner;

import org.schemenet.run.RunNames;

/**
 * One run of a sweep: a scheme variant at a depth and seed for a number of epochs. Its directory
 * name is stable (the same plan always gives the same names, so a restarted sweep finds its runs):
 * {@code <scheme>[-<option><value>...]-d<depth>-e<epochs>-s<seed>}, options sorted by name
 * ({@link RunNames#options}: a value with characters other than letters, digits and {@code .+-}, or
 * longer than 16, is replaced by a hash of its text).
 */
public record SweepRun(SweepPlan.Variant variant, int depth, long seed, int epochs) {

    public String directoryName() {
        return RunNames.clean(variant.scheme()) + RunNames.options(variant.options()) + "-d" + depth + "-e" + epochs
                + "-s" + seed;
    }

    /** {@code adams k=2 coefficients=learnable, depth 20, seed 1}. */
    public String describe() {
        return variant.describe() + ", depth " + depth + ", seed " + seed;
    }
}
