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
 * Each unit is analysed on its own: a unit whose analysis fails is {@link NotAnalysed} with why, and the
 * other units keep theirs.
 */
public final class CoefficientAnalysis {

    /** What the analysis of one unit gave: its {@link UnitAnalysis}, or why there is none. */
    public sealed interface Outcome permits UnitAnalysis, NotAnalysed {
        /** The unit and its learned values. */
        LearnedScheme scheme();
    }

    /**
     * A unit whose frozen scheme could not be analysed.
     *
     * @param scheme the unit and its learned values
     * @param reason why, one line (no stack trace)
     */
    public record NotAnalysed(LearnedScheme scheme, String reason) implements Outcome {
        public NotAnalysed {
            java.util.Objects.requireNonNull(scheme, "scheme");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a unit that is not analysed needs a reason");
            }
            reason = reason.strip().replaceAll("\\s*\\R\\s*", " ");
        }
    }

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
                               ConformanceReport report, Optional<StabilityFunction> stability) implements Outcome {

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
     * Analyses every unit of {@code coefficients} ({@code stage<s>.unit<u>.<name>} → learned value), in stage
     * and unit order. A unit whose learned values are not finite (a diverged run), or whose analysis throws an
     * {@link IllegalArgumentException} or {@link ArithmeticException} (e.g. it lacks a coefficient the wiring
     * names), is {@link NotAnalysed}; the other units are analysed as usual.
     *
     * @param learnable the run's discretisation (learnable coefficients)
     * @param fixed     the same scheme with fixed coefficients (the classical values), or null
     * @throws IllegalArgumentException when the scheme's warm-started wiring, which every unit shares, cannot be
     *                                  built (nothing of the run can be analysed then)
     */
    public static List<Outcome> of(Discretisation learnable, Discretisation fixed, Map<String, Double> coefficients) {
        Map<String, Double> initial = initialMeans(learnable);
        Map<String, Double> classical = fixed == null ? Map.of() : classicalValues(learnable, fixed);
        List<Outcome> out = new ArrayList<>();
        for (LearnedScheme unit : LearnedScheme.perUnit(coefficients).values()) {
            out.add(analyse(learnable, unit, restrict(initial, unit), restrict(classical, unit)));
        }
        return out;
    }

    /** One unit's analysis, or why it has none. */
    private static Outcome analyse(Discretisation learnable, LearnedScheme unit, Map<String, Double> initial,
                                   Map<String, Double> classical) {
        List<String> notFinite = new ArrayList<>();
        unit.learned().forEach((name, v) -> {
            if (!Double.isFinite(v)) {
                notFinite.add(name + " = " + v);
            }
        });
        if (!notFinite.isEmpty()) {
            return new NotAnalysed(unit, "its learned " + String.join(", ", notFinite) + " is not a finite number "
                    + "(the training diverged?), so its frozen scheme is undefined");
        }
        try {
            ConformanceReport report = new ConformanceKit(unit.policy()).verify(learnable);
            return new UnitAnalysis(unit, initial, classical, report, StabilityFunction.of(learnable, unit.policy()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new NotAnalysed(unit, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The analysed units of {@code outcomes}, in their order. */
    public static List<UnitAnalysis> analysed(List<? extends Outcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof UnitAnalysis).map(o -> (UnitAnalysis) o).toList();
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
