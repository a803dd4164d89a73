package org.schemenet.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.wiring.StageWiring;

/**
 * The scheme a trained network learned at one residual unit, frozen: every step uses unit
 * {@code u}'s learned coefficients. It relies on the naming convention of learnable coefficients:
 * a scheme names them per unit {@code unit<j>.<name>} (Adams {@code unit<j>.beta<i>}, LM
 * {@code unit<j>.k}, RK {@code unit<j>.b<i>}) and the network compiler prefixes the stage,
 * {@code stage<s>.unit<j>.<name>}. The frozen scheme's parameter policy maps any wiring name
 * {@code unit<j>.<name>} to the learned value of {@code stage<s>.unit<u>.<name>}, so the
 * conformance kit and the stability function apply unchanged.
 *
 * @param stage   1-based stage
 * @param unit    the unit within the stage
 * @param learned the unit's learned values by short name ({@code beta0}, {@code k}, ...)
 */
public record LearnedScheme(int stage, int unit, Map<String, Double> learned) {

    private static final Pattern NETWORK_NAME = Pattern.compile("stage(\\d+)\\.unit(\\d+)\\.(.+)");
    private static final Pattern WIRING_NAME = Pattern.compile("unit(\\d+)\\.(.+)");

    public LearnedScheme {
        learned = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(learned));
        if (stage < 1 || unit < 0 || learned.isEmpty()) {
            throw new IllegalArgumentException("a learned scheme needs stage >= 1, unit >= 0 and coefficients");
        }
    }

    /** {@code stage2.unit3}. */
    public String name() {
        return "stage" + stage + ".unit" + unit;
    }

    /**
     * Groups a network's learned coefficients ({@code stage<s>.unit<u>.<name>} → value) by unit, in
     * stage and unit order; names that do not follow the convention are ignored.
     */
    public static Map<String, LearnedScheme> perUnit(Map<String, Double> coefficients) {
        Map<Integer, Map<Integer, Map<String, Double>>> grouped = new TreeMap<>();
        coefficients.forEach((name, value) -> {
            Matcher m = NETWORK_NAME.matcher(name);
            if (m.matches()) {
                grouped.computeIfAbsent(Integer.parseInt(m.group(1)), s -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(m.group(2)), u -> new TreeMap<>()).put(m.group(3), value);
            }
        });
        Map<String, LearnedScheme> out = new LinkedHashMap<>();
        grouped.forEach((s, units) -> units.forEach((u, values) -> {
            LearnedScheme l = new LearnedScheme(s, u, values);
            out.put(l.name(), l);
        }));
        return out;
    }

    /** The short name of a wiring's learnable {@code unit<j>.<name>}, or null if it does not follow the convention. */
    static String shortName(String wiringName) {
        Matcher m = WIRING_NAME.matcher(wiringName);
        return m.matches() ? m.group(2) : null;
    }

    /** The parameter policy of the frozen scheme: {@code unit<j>.<name>} → this unit's learned {@code <name>}. */
    public Function<StageWiring, ParameterValues> policy() {
        return wiring -> {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name : wiring.learnables().keySet()) {
                String shortName = shortName(name);
                Double v = shortName == null ? null : learned.get(shortName);
                if (v == null) {
                    throw new IllegalArgumentException(name() + " has no learned coefficient for the wiring's '" + name
                            + "' (learned: " + learned.keySet() + ")");
                }
                values.put(name, v);
            }
            return new ParameterValues(values);
        };
    }
}
