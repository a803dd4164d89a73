package org.schemenet.schemes.rk;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a vector {@code [0.25, 0.75]} or a matrix {@code [[0, 0], [0.5, 0]]} of numbers from text, in
 * TOML/JSON array syntax; a number may also be a fraction {@code p/q} (e.g. {@code [1/6, 1/3, 1/3, 1/6]}).
 */
final class ArrayText {

    /**
     * How to write an array option, for messages: on the command line any numbers (and fractions);
     * in a TOML file every number with a decimal point, because TOML arrays may not mix integers and
     * decimals (TOML4J rejects [[0, 0], [0.5, 0]] as a "heterogeneous array"), or the whole array as
     * a string.
     */
    static final String HOW_TO_WRITE = "an array of numbers in TOML/JSON syntax, e.g. EXAMPLE; fractions p/q are "
            + "allowed; in a TOML file write every number with a decimal point (NAME = EXAMPLE; TOML arrays may not "
            + "mix integers and decimals) or quote the array (NAME = \"QUOTED\")";

    private final String option;
    private final String text;
    private int at;

    private ArrayText(String option, String text) {
        this.option = option;
        this.text = text;
    }

    /** The vector in {@code text}; errors name {@code option}. */
    static double[] vector(String option, String text) {
        ArrayText p = new ArrayText(option, text);
        double[] v = p.vector();
        p.end();
        return v;
    }

    /** The matrix (array of row vectors) in {@code text}; errors name {@code option}. */
    static double[][] matrix(String option, String text) {
        ArrayText p = new ArrayText(option, text);
        p.expect('[');
        List<double[]> rows = new ArrayList<>();
        if (!p.peek(']')) {
            do {
                rows.add(p.vector());
            } while (p.comma());
        }
        p.expect(']');
        p.end();
        return rows.toArray(double[][]::new);
    }

    private double[] vector() {
        expect('[');
        List<Double> values = new ArrayList<>();
        if (!peek(']')) {
            do {
                values.add(number());
            } while (comma());
        }
        expect(']');
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double number() {
        skipSpace();
        double n = decimal();
        skipSpace();
        if (at < text.length() && text.charAt(at) == '/') {
            at++;
            double d = decimal();
            if (d == 0) {
                throw error("division by zero");
            }
            return n / d;
        }
        return n;
    }

    private double decimal() {
        skipSpace();
        int start = at;
        while (at < text.length() && "+-.0123456789eE_".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String token = text.substring(start, at).replace("_", "");
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            at = start;
            throw error("expected a number");
        }
    }

    private boolean comma() {
        skipSpace();
        if (at < text.length() && text.charAt(at) == ',') {
            at++;
            return !peek(']');   // a trailing comma is allowed, as in TOML
        }
        return false;
    }

    private boolean peek(char c) {
        skipSpace();
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private void end() {
        skipSpace();
        if (at != text.length()) {
            throw error("unexpected text after the array");
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private org.schemenet.scheme.InvalidOptionException error(String what) {
        String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
        return new org.schemenet.scheme.InvalidOptionException(option, "option '" + option + "': " + what
                + " at position " + (at + 1) + " of '" + text + "' (found " + found + "); allowed: " + HOW_TO_WRITE
                .replace("NAME", option).replace("EXAMPLE", option.equals("a") ? "[[0.0, 0.0], [0.5, 0.0]]" : "[0.0, 1.0]")
                .replace("QUOTED", option.equals("a") ? "[[0, 0], [1/2, 0]]" : "[0, 1]"));
    }
}
