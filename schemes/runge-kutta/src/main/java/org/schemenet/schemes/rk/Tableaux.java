package org.schemenet.schemes.rk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The named explicit Runge–Kutta tableaux, by name (e.g. Hairer, Nørsett, Wanner, Solving ODEs I, II.1). */
public final class Tableaux {

    private static final Map<String, ButcherTableau> NAMED = java.util.Collections.unmodifiableMap(named());

    private Tableaux() {
    }

    /** Every named tableau in order of stages, then name. */
    public static List<String> names() {
        return List.copyOf(NAMED.keySet());
    }

    /**
     * The tableau called {@code name}.
     *
     * @throws IllegalArgumentException listing the names
     */
    public static ButcherTableau named(String name) {
        ButcherTableau t = NAMED.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tableau '" + name + "'; named tableaux: " + String.join(", ", names()));
        }
        return t;
    }

    private static Map<String, ButcherTableau> named() {
        Map<String, ButcherTableau> m = new LinkedHashMap<>();
        // forward Euler, order 1
        put(m, "euler", new double[][] {{0}}, new double[] {1});
        // explicit midpoint, order 2
        put(m, "midpoint", new double[][] {{0, 0}, {0.5, 0}}, new double[] {0, 1});
        // Heun's method (explicit trapezoidal), order 2
        put(m, "heun2", new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.5});
        // Ralston's second-order method (minimal error bound)
        put(m, "ralston2", new double[][] {{0, 0}, {2.0 / 3, 0}}, new double[] {0.25, 0.75});
        // Kutta's third-order method
        put(m, "kutta3", new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-1, 2, 0}}, new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6});
        // Heun's third-order method
        put(m, "heun3", new double[][] {{0, 0, 0}, {1.0 / 3, 0, 0}, {0, 2.0 / 3, 0}}, new double[] {0.25, 0, 0.75});
        // strong-stability-preserving RK3 of Shu and Osher
        put(m, "ssprk3", new double[][] {{0, 0, 0}, {1, 0, 0}, {0.25, 0.25, 0}},
                new double[] {1.0 / 6, 1.0 / 6, 2.0 / 3});
        // the classical Runge-Kutta method, order 4
        put(m, "rk4", new double[][] {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}},
                new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6});
        // Kutta's 3/8 rule, order 4
        put(m, "rk38", new double[][] {{0, 0, 0, 0}, {1.0 / 3, 0, 0, 0}, {-1.0 / 3, 1, 0, 0}, {1, -1, 1, 0}},
                new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8});
        return m;
    }

    private static void put(Map<String, ButcherTableau> m, String name, double[][] a, double[] b) {
        m.put(name, ButcherTableau.of(name, a, b));
    }
}
