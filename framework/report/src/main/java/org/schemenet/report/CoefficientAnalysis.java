package org.schemenet.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.StabilityFunction;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Step;
import org.schemenet.wiring.Term;

/**
 * The learned-coefficient analysis of a run: for every unit with learnable coefficients, the
 * {@link LearnedScheme frozen scheme} of that unit checked by the {@link ConformanceKit}
 * (consistency, root condition of ρ, empirical order with exact starting values, interval of
 * absolute stability on the negative real axis), and how far its coefficients moved:
 * {@code max_x |θ_x − θ_x^init|} from the means of their initialisers and
 * {@code max_x |θ_x − θ_x^classical|} from the fixed scheme's values at the same place in the wiring.
 */
public final class CoefficientAnalysis {

    /**
     * One unit's frozen scheme, analysed.
     *
     * @param scheme     the unit and its learned values
     * @param initial    the initialiser means, by short name
     * @param classical  the fixed scheme's coefficients at the same places, by short name (empty if unknown)
     * @param report     the conformance kit's report on the frozen scheme
     * @param stability  its stability function, if the step is one-step or linear multistep
     */
    public record UnitAnalysis(LearnedScheme scheme, Map<String, Double> initial, Map<String, Double> classical,
                               ConformanceReport report, Optional<StabilityFunction> stability) {

        public UnitAnalysis {
            initial = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(initial));
            classical = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(classical));
        }

        public boolean consistent() {
            return report.consistency().consistent();
        }

        public boolean zeroStable() {
            return report.rootCondition().satisfied();
        }

        /** The smallest measured empirical order over the test problems (NaN if none was measurable). */
        public double order() {
            return report.orders().stream().filter(OrderEstimate::isMeasured).mapToDouble(OrderEstimate::order)
                    .min().orElse(Double.NaN);
        }

        public double stabilityInterval() {
            return report.stabilityInterval();
        }

        /** {@code max_x |θ_x − θ_x^init|} (NaN without initial values). */
        public double distanceFromInitial() {
            return distance(scheme.learned(), initial);
        }

        /** {@code max_x |θ_x − θ_x^classical|} (NaN without classical values). */
        public double distanceFromClassical() {
            return distance(scheme.learned(), classical);
        }
    }

    private CoefficientAnalysis() {
    }

    /**
     * Analyses every unit of {@code coefficients} ({@code stage<s>.unit<u>.<name>} → learned value).
     *
     * @param learnable the run's discretisation (learnable coefficients)
     * @param fixed     the same scheme with fixed coefficients (the classical values), or null
     */
    public static List<UnitAnalysis> of(Discretisation learnable, Discretisation fixed,
                                        Map<String, Double> coefficients) {
        Map<String, Double> initial = initialMeans(learnable);
        Map<String, Double> classical = fixed == null ? Map.of() : classicalValues(learnable, fixed);
        List<UnitAnalysis> out = new ArrayList<>();
        for (LearnedScheme unit : LearnedScheme.perUnit(coefficients).values()) {
            ConformanceReport report = new ConformanceKit(unit.policy()).verify(learnable);
            out.add(new UnitAnalysis(unit, restrict(initial, unit), restrict(classical, unit), report,
                    StabilityFunction.of(learnable, unit.policy())));
        }
        return out;
    }

    /** The initialiser mean of each learnable, by short name, read off a warm-started wiring. */
    static Map<String, Double> initialMeans(Discretisation d) {
        Map<String, Double> means = new LinkedHashMap<>();
        warm(d).learnables().forEach((name, p) -> {
            String s = LearnedScheme.shortName(name);
            if (s != null) {
                means.putIfAbsent(s, p.initialiser().mean());
            }
        });
        return means;
    }

    /**
     * The fixed scheme's coefficient at each place where the learnable scheme has a learnable one, by
     * short name: both are wired for the same warm start and walked node by node; empty when their
     * wirings differ in shape.
     */
    static Map<String, Double> classicalValues(Discretisation learnable, Discretisation fixed) {
        StageWiring l = warm(learnable);
        StageWiring f;
        try {
            f = fixed.wire(l.start());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
        if (l.nodes().size() != f.nodes().size() || l.steps().size() != f.steps().size()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < l.nodes().size(); i++) {
            Node a = l.nodes().get(i);
            Node b = f.nodes().get(i);
            if (a instanceof Node.Combine ca) {
                if (!(b instanceof Node.Combine cb) || ca.terms().size() != cb.terms().size()) {
                    return Map.of();
                }
                for (int t = 0; t < ca.terms().size(); t++) {
                    Term ta = ca.terms().get(t);
                    Term tb = cb.terms().get(t);
                    pair(ta.coefficient(), tb.coefficient(), out);
                }
            }
        }
        for (int s = 0; s < l.steps().size(); s++) {
            Step a = l.steps().get(s);
            Step b = f.steps().get(s);
            pair(a.rescaling(), b.rescaling(), out);
        }
        return out;
    }

    private static void pair(Coefficient learnable, Coefficient fixed, Map<String, Double> out) {
        if (learnable instanceof Coefficient.Learnable p && fixed instanceof Coefficient.Fixed v) {
            String s = LearnedScheme.shortName(p.name());
            if (s != null) {
                out.putIfAbsent(s, v.value());
            }
        }
    }

    private static StageWiring warm(Discretisation d) {
        int steps = d.historyDepth() + 2;
        return d.wire(new StageStart.Warm(steps * d.evaluationsPerStep(), d.historyDepth()));
    }

    private static Map<String, Double> restrict(Map<String, Double> values, LearnedScheme unit) {
        Map<String, Double> out = new LinkedHashMap<>();
        unit.learned().keySet().forEach(k -> {
            if (values.containsKey(k)) {
                out.put(k, values.get(k));
            }
        });
        return out;
    }

    private static double distance(Map<String, Double> learned, Map<String, Double> reference) {
        double d = Double.NaN;
        for (Map.Entry<String, Double> e : learned.entrySet()) {
            Double r = reference.get(e.getKey());
            if (r != null) {
                double x = Math.abs(e.getValue() - r);
                d = Double.isNaN(d) ? x : Math.max(d, x);
            }
        }
        return d;
    }
}
