package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * Checks a discretisation by running its stage wiring as an ODE integrator
 * ({@link OdeInterpreter}): empirical order of convergence, consistency, zero-stability (root
 * condition) and the interval of absolute stability on the negative real axis.
 *
 * <p>Plugin authors use it from their own JUnit tests, e.g.
 * <pre>{@code
 * ConformanceReport r = ConformanceKit.atInitialMeans().verify(myScheme.configure(Map.of()));
 * assertTrue(r.passes(), r.toString());
 * }</pre>
 *
 * <p>Learnable coefficients take the values chosen by the parameter policy given at construction
 * (by default the mean of each initialiser).
 */
public final class ConformanceKit {

    /** The largest stability interval searched for. */
    public static final double MAX_INTERVAL = 10.0;

    /**
     * Step counts about a factor {@code √2} apart: the fit over the finest {@link #FIT_POINTS} usable
     * runs then spans a factor of about 3 in {@code h}, close enough to the asymptotic regime for
     * orders up to 6 before the errors reach round-off.
     */
    private static final int[] STEP_COUNTS = {8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512, 724, 1024,
        1448, 2048};
    private static final int FIT_POINTS = 4;
    /** Errors below this are too close to double-precision round-off (about 1e-15 here) to fit. */
    private static final double SMALLEST_USABLE_ERROR = 1e-13;
    private static final double LARGEST_USABLE_ERROR = 1e-1;
    private static final int STABILITY_STEPS = 400;

    private final Function<StageWiring, ParameterValues> parameters;

    public ConformanceKit(Function<StageWiring, ParameterValues> parameters) {
        this.parameters = parameters;
    }

    /** Learnable coefficients at the mean of their initialisers. */
    public static ConformanceKit atInitialMeans() {
        return new ConformanceKit(ParameterValues::means);
    }

    /** Everything, on {@link TestProblem#standard()}. */
    public ConformanceReport verify(Discretisation d) {
        return verify(d, TestProblem.standard());
    }

    public ConformanceReport verify(Discretisation d, List<TestProblem> problems) {
        List<OrderEstimate> warm = new ArrayList<>();
        List<OrderEstimate> cold = new ArrayList<>();
        for (TestProblem p : problems) {
            warm.add(order(d, p));
            cold.add(coldOrder(d, p));
        }
        return new ConformanceReport(d.description(), d.order(), warm, cold, consistency(d), zeroStability(d),
                stabilityInterval(d));
    }

    /** Empirical order with exact starting values (a warm start of depth {@link Discretisation#historyDepth()}). */
    public OrderEstimate order(Discretisation d, TestProblem p) {
        return estimate(d, p, true);
    }

    /** Empirical order of a stage started from its entry state alone (startup steps included). */
    public OrderEstimate coldOrder(Discretisation d, TestProblem p) {
        return estimate(d, p, false);
    }

    private OrderEstimate estimate(Discretisation d, TestProblem p, boolean warm) {
        List<OrderEstimate.Point> points = new ArrayList<>();
        for (int steps : STEP_COUNTS) {
            int units = steps * d.evaluationsPerStep();
            StageStart start = warm ? new StageStart.Warm(units, d.historyDepth()) : new StageStart.Cold(units);
            StageWiring w = d.wire(start);
            double h = p.endTime() / steps;
            OdeInterpreter.Run run = run(w, p, h);
            double error = maxNorm(run.output(), p.exact().apply(run.endTime()));
            points.add(new OrderEstimate.Point(h, steps, error));
        }
        List<OrderEstimate.Point> usable = points.stream()
                .filter(q -> Double.isFinite(q.error()) && q.error() > SMALLEST_USABLE_ERROR
                        && q.error() < LARGEST_USABLE_ERROR)
                .toList();
        if (usable.size() < 3) {
            return new OrderEstimate(p.name(), Double.NaN, points, 0);
        }
        List<OrderEstimate.Point> fit = usable.subList(Math.max(0, usable.size() - FIT_POINTS), usable.size());
        return new OrderEstimate(p.name(), slope(fit), points, fit.size());
    }

    /** Runs a wiring on a problem, giving exact history for a warm start. */
    public OdeInterpreter.Run run(StageWiring w, TestProblem p, double h) {
        ParameterValues values = parameters.apply(w);
        double tau = h / w.steps().get(0).rescaling().value(values);
        return OdeInterpreter.run(w, p.field(), h, values, input -> history(input, p, h, tau));
    }

    private static double[] history(Node.Input input, TestProblem p, double h, double tau) {
        double[] y = p.exact().apply(-input.lag() * tau);
        if (input.role() == Node.Role.STATE) {
            return y;
        }
        double[] f = p.field().apply(y);
        for (int i = 0; i < f.length; i++) {
            f[i] *= h;
        }
        return f;
    }

    /** Consistency from exact history: {@code y' = 0} keeps {@code y = 1}, {@code y' = 1} gives {@code y = t}. */
    public Consistency consistency(Discretisation d) {
        int steps = 5;
        StageWiring w = d.wire(new StageStart.Warm(steps * d.evaluationsPerStep(), d.historyDepth()));
        TestProblem constant = new TestProblem("y'=0", y -> new double[] {0.0}, t -> new double[] {1.0}, 1.0);
        TestProblem linear = new TestProblem("y'=1", y -> new double[] {1.0}, t -> new double[] {t}, 1.0);
        double h = 0.1;
        double constantError = 0;
        double linearError = 0;
        OdeInterpreter.Run c = run(w, constant, h);
        OdeInterpreter.Run l = run(w, linear, h);
        for (int s = 0; s < w.steps().size(); s++) {
            constantError = Math.max(constantError, Math.abs(c.states().get(s)[0] - 1.0));
            linearError = Math.max(linearError, Math.abs(l.states().get(s)[0] - l.times()[s]));
        }
        return new Consistency(constantError, linearError);
    }

    /**
     * The root condition of the steady-state step: with {@code F = 0} one step from exact history
     * is {@code y_1 = Σ_j α_j y_{-j}}; the α_j are read off by unit inputs and give
     * {@code ρ(ζ) = ζ^{m} - Σ_j α_j ζ^{m-1-j}}.
     */
    public RootCondition zeroStability(Discretisation d) {
        int depth = d.historyDepth();
        StageWiring w = d.wire(new StageStart.Warm(d.evaluationsPerStep(), depth));
        ParameterValues values = parameters.apply(w);
        double[] alpha = new double[depth + 1];
        for (int j = 0; j <= depth; j++) {
            int hot = j;
            OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {0.0}, 1.0, values,
                    input -> new double[] {input.role() == Node.Role.STATE && input.lag() == hot ? 1.0 : 0.0});
            alpha[j] = r.states().get(0)[0];
        }
        return RootCondition.ofStateCoefficients(alpha);
    }

    /**
     * The largest {@code x <= MAX_INTERVAL} such that the scheme applied to {@code y' = λy} with
     * {@code z = hλ} in {@code [-x, 0)} does not grow: a grid search for the first unstable
     * {@code z}, refined by bisection.
     */
    public double stabilityInterval(Discretisation d) {
        StageWiring w = d.wire(new StageStart.Warm(STABILITY_STEPS * d.evaluationsPerStep(), d.historyDepth()));
        ParameterValues values = parameters.apply(w);
        double grid = 0.05;
        double stable = 0;
        double x = grid;
        while (x <= MAX_INTERVAL + 1e-12) {
            if (!isStable(w, values, -x)) {
                double lo = stable;
                double hi = x;
                for (int i = 0; i < 30; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (isStable(w, values, -mid)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }
            stable = x;
            x += grid;
        }
        return MAX_INTERVAL;
    }

    /** Whether the amplification per step at {@code z} is at most 1 (within 1e-4), estimated over many steps. */
    private static boolean isStable(StageWiring w, ParameterValues values, double z) {
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {z * y[0]}, 1.0, values, input -> {
            double y = 1.0 + 0.5 * Math.cos(1.3 * input.lag());
            return new double[] {input.role() == Node.Role.STATE ? y : z * y};
        });
        int m = r.states().size();
        int window = 8;
        double late = peak(r, m - window, m);
        double middle = peak(r, m / 2 - window, m / 2);
        if (!Double.isFinite(late)) {
            return false;
        }
        if (middle == 0 || late == 0) {
            return true;
        }
        double growth = Math.pow(late / middle, 1.0 / (m - m / 2));
        return growth <= 1 + 1e-4;
    }

    private static double peak(OdeInterpreter.Run r, int from, int to) {
        double p = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            p = Math.max(p, Math.abs(r.states().get(i)[0]));
        }
        return p;
    }

    private static double maxNorm(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    private static double slope(List<OrderEstimate.Point> fit) {
        double mx = 0;
        double my = 0;
        for (OrderEstimate.Point q : fit) {
            mx += Math.log(q.h());
            my += Math.log(q.error());
        }
        mx /= fit.size();
        my /= fit.size();
        double sxy = 0;
        double sxx = 0;
        for (OrderEstimate.Point q : fit) {
            double dx = Math.log(q.h()) - mx;
            sxy += dx * (Math.log(q.error()) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
