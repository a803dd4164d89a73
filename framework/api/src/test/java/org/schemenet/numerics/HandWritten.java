package org.schemenet.numerics;

import java.util.List;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/** Discretisations written by hand in the tests, independent of any scheme plugin. */
final class HandWritten {
    private HandWritten() {
    }

    /** Forward Euler: {@code y_{n+1} = y_n + f_n}. */
    static Discretisation euler() {
        return linearMultistep("euler", 1, new double[] {1}, new double[] {1});
    }

    /** Two-step Adams–Bashforth: {@code y_{n+1} = y_n + 3/2 f_n - 1/2 f_{n-1}}; Euler for the first step of a cold start. */
    static Discretisation ab2() {
        return new Discretisation() {
            @Override
            public String description() {
                return "hand-written AB2";
            }

            @Override
            public int order() {
                return 2;
            }

            @Override
            public int evaluationsPerStep() {
                return 1;
            }

            @Override
            public int historyDepth() {
                return 1;
            }

            @Override
            public StageWiring wire(StageStart start) {
                StageWiring.Builder b = StageWiring.builder(start);
                Value y = b.state();
                Value previous = b.pastEvaluations().isEmpty() ? null : b.pastEvaluations().get(0);
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    y = b.step(previous == null
                            ? b.combine(Term.of(1, y), Term.of(1, f))
                            : b.combine(Term.of(1, y), Term.of(1.5, f), Term.of(-0.5, previous)));
                    previous = f;
                }
                return b.build();
            }
        };
    }

    /**
     * A linear multistep scheme {@code y_{n+1} = Σ_j α_j y_{n-j} + Σ_j β_j f_{n-j}} started from exact
     * history only (warm starts); a cold start runs Euler steps until enough history exists.
     */
    static Discretisation linearMultistep(String name, int order, double[] alpha, double[] beta) {
        int depth = Math.max(alpha.length, beta.length) - 1;
        return new Discretisation() {
            @Override
            public String description() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public int evaluationsPerStep() {
                return 1;
            }

            @Override
            public int historyDepth() {
                return depth;
            }

            @Override
            public StageWiring wire(StageStart start) {
                StageWiring.Builder b = StageWiring.builder(start);
                java.util.LinkedList<Value> states = new java.util.LinkedList<>(b.pastStates());
                java.util.LinkedList<Value> evaluations = new java.util.LinkedList<>(b.pastEvaluations());
                Value y = b.state();
                while (b.unitsLeft() > 0) {
                    Value f = b.evaluate(y);
                    states.addFirst(y);
                    evaluations.addFirst(f);
                    if (states.size() >= alpha.length && evaluations.size() >= beta.length) {
                        java.util.ArrayList<Term> terms = new java.util.ArrayList<>();
                        for (int j = 0; j < alpha.length; j++) {
                            terms.add(Term.of(alpha[j], states.get(j)));
                        }
                        for (int j = 0; j < beta.length; j++) {
                            terms.add(Term.of(beta[j], evaluations.get(j)));
                        }
                        y = b.step(b.combine(terms));
                    } else {
                        y = b.step(b.combine(List.of(Term.of(1, y), Term.of(1, f))));
                    }
                }
                return b.build();
            }
        };
    }

    /**
     * A discretisation from a wiring function, with the given order, evaluations per step and history.
     */
    static Discretisation of(String name, int order, int evaluationsPerStep, int depth,
                             java.util.function.Function<StageStart, StageWiring> wiring) {
        return new Discretisation() {
            @Override
            public String description() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public int evaluationsPerStep() {
                return evaluationsPerStep;
            }

            @Override
            public int historyDepth() {
                return depth;
            }

            @Override
            public StageWiring wire(StageStart start) {
                return wiring.apply(start);
            }
        };
    }

    /** Explicit midpoint: {@code k1 = f(y), k2 = f(y + k1/2), y' = y + k2}. */
    static Discretisation midpoint() {
        return of("midpoint", 2, 2, 0, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            while (b.unitsLeft() > 0) {
                Value k1 = b.evaluate(y);
                Value k2 = b.evaluate(b.combine(Term.of(1, y), Term.of(0.5, k1)));
                y = b.step(b.combine(Term.of(1, y), Term.of(1, k2)));
            }
            return b.build();
        });
    }

    /** Classical RK4: {@code y' = y + (k1 + 2 k2 + 2 k3 + k4)/6}. */
    static Discretisation rk4() {
        return of("rk4", 4, 4, 0, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            while (b.unitsLeft() > 0) {
                Value k1 = b.evaluate(y);
                Value k2 = b.evaluate(b.combine(Term.of(1, y), Term.of(0.5, k1)));
                Value k3 = b.evaluate(b.combine(Term.of(1, y), Term.of(0.5, k2)));
                Value k4 = b.evaluate(b.combine(Term.of(1, y), Term.of(1, k3)));
                y = b.step(b.combine(Term.of(1, y), Term.of(1.0 / 6, k1), Term.of(2.0 / 6, k2), Term.of(2.0 / 6, k3),
                        Term.of(1.0 / 6, k4)));
            }
            return b.build();
        });
    }

    /**
     * A predictor–corrector in PECE mode, two evaluations per step: predict with AB2
     * {@code p = y_n + 3/2 f_n - 1/2 f_{n-1}}, evaluate {@code f(p)}, correct with the trapezoidal rule
     * {@code y_{n+1} = y_n + 1/2 f_n + 1/2 f(p)}; the next step's first evaluation {@code f_{n+1} = f(y_{n+1})}
     * is the final E. Without a previous evaluation (cold start) the predictor is Euler.
     */
    static Discretisation pece() {
        return of("AB2-trapezoidal PECE", 2, 2, 1, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            Value previous = b.pastEvaluations().isEmpty() ? null : b.pastEvaluations().get(0);
            while (b.unitsLeft() > 0) {
                Value f = b.evaluate(y);
                Value p = previous == null ? b.combine(Term.of(1, y), Term.of(1, f))
                        : b.combine(Term.of(1, y), Term.of(1.5, f), Term.of(-0.5, previous));
                Value fp = b.evaluate(p);
                y = b.step(b.combine(Term.of(1, y), Term.of(0.5, f), Term.of(0.5, fp)));
                previous = f;
            }
            return b.build();
        });
    }
}
