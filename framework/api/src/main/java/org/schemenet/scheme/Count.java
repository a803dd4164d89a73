package org.schemenet.scheme;

/**
 * The one way schemenet prints a count with its noun: {@code 1 epoch}, {@code 2 epochs}, {@code 0 runs}, so that
 * no line says "1 epochs" (training, sweep, report and wiring lines, the network's summary).
 */
public final class Count {

    private Count() {
    }

    /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1 or -1: {@code of(1, "run")} is {@code 1 run}. */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and {@code singular} when {@code n} is 1 or -1, else {@code plural}: {@code of(2, "is", "are")}. */
    public static String of(long n, String singular, String plural) {
        return n + " " + (Math.abs(n) == 1 ? singular : plural);
    }
}
