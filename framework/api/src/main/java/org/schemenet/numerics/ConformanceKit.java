package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.schemenet.scheme.Count;
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
 * and with their own problems and settings:
 * <pre>{@code
 * ConformanceKit kit = ConformanceKit.atInitialMeans()
 *         .with(ConformanceKit.Settings.DEFAULT.withStepCounts(16, 32, 64, 128, 256).withFitPoints(3));
 * ConformanceReport r = kit.verify(d, List.of(TestProblem.withReferenceSolution("van der Pol", f, y0, 1.0)));
 * }</pre>
 *
 * <p><b>How a run is set up.</b> For {@code N} steps on a problem with end time {@code T} the kit wires a stage of
 * {@code N · evaluationsPerStep()} units, either warm
 * ({@link StageStart.Warm} with {@code historyDepth()} exact past states and evaluations, the
 * "exact start values" order), cold ({@link StageStart.Cold}, the scheme's own startup steps) or by a transition
 * ({@link StageStart.Transition} of {@code N · evaluationsPerStep() + 1} units: one Euler step, then the scheme),
 * takes {@code h} such that the scheme's steps cover {@code T} ({@code h = T/N} when each covers {@code h}; a step that
 * covers {@code h/rescaling} counts as such), and compares the stage output with the solution at the time the
 * wiring's steps actually cover (the sum of {@code h / rescaling}, the transition step included): a startup that
 * spends its units differently is measured correctly as long as the wiring accepts that unit count.
 *
 * <p>Learnable coefficients take the values chosen by the parameter policy given at construction
 * (by default the mean of each initialiser).
 */
public final class ConformanceKit {

    /** The largest stability interval searched for. */
    public static final double MAX_INTERVAL = 10.0;

    private static final int STABILITY_STEPS = 400;

    /**
     * How orders are measured.
     *
     * @param stepCounts          the step counts {@code N} of the order runs, increasing (at least 3)
     * @param fitPoints           how many of the finest usable runs enter the least-squares fit (at least 2)
     * @param smallestUsableError errors at or below this are too close to round-off to fit
     * @param largestUsableError  errors at or above this are too far from the asymptotic regime to fit
     * @param orderTolerance      how far a measured order may be from the nominal one for a pass
     */
    public record Settings(List<Integer> stepCounts, int fitPoints, double smallestUsableError,
                           double largestUsableError, double orderTolerance) {

        /**
         * Step counts about a factor {@code √2} apart from 8 to 2048; the fit over the finest three
         * usable runs (error in {@code (1e-15, 1e-1)}) spans a factor of 2 in {@code h}; a pass
         * allows 0.3 between measured and nominal order. The interpreter's double-double arithmetic
         * keeps round-off near {@code 1e-16}, so errors down to {@code 1e-15} are usable and orders
         * up to 8 are measurable: AB8 reaches its asymptotic regime only at errors of about
         * {@code 1e-13} on these problems, which leaves three runs.
         */
        public static final Settings DEFAULT = new Settings(List.of(8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256,
                362, 512, 724, 1024, 1448, 2048), 3, 1e-15, 1e-1, 0.3);

        public Settings {
            stepCounts = List.copyOf(stepCounts);
            if (stepCounts.size() < 3) {
                throw new IllegalArgumentException("the kit needs at least 3 step counts, got " + stepCounts);
            }
            for (int i = 0; i < stepCounts.size(); i++) {
                if (stepCounts.get(i) < 1 || (i > 0 && stepCounts.get(i) <= stepCounts.get(i - 1))) {
                    throw new IllegalArgumentException("step counts must be positive and increasing, got "
                            + stepCounts);
                }
            }
            if (fitPoints < 2) {
                throw new IllegalArgumentException("a fit needs at least 2 points, got " + fitPoints);
            }
            if (!(smallestUsableError >= 0 && smallestUsableError < largestUsableError)) {
                throw new IllegalArgumentException("usable errors must satisfy 0 <= smallest < largest, got ("
                        + smallestUsableError + ", " + largestUsableError + ")");
            }
            if (!(orderTolerance > 0)) {
                throw new IllegalArgumentException("the order tolerance must be > 0, got " + orderTolerance);
            }
        }

        public Settings withStepCounts(Integer... counts) {
            return new Settings(List.of(counts), fitPoints, smallestUsableError, largestUsableError, orderTolerance);
        }

        public Settings withFitPoints(int points) {
            return new Settings(stepCounts, points, smallestUsableError, largestUsableError, orderTolerance);
        }

        public Settings withUsableErrors(double smallest, double largest) {
            return new Settings(stepCounts, fitPoints, smallest, largest, orderTolerance);
        }

        public Settings withOrderTolerance(double tolerance) {
            return new Settings(stepCounts, fitPoints, smallestUsableError, largestUsableError, tolerance);
        }
    }

    private final Function<StageWiring, ParameterValues> parameters;
    private final Settings settings;

    public ConformanceKit(Function<StageWiring, ParameterValues> parameters, Settings settings) {
        if (parameters == null || settings == null) {
            throw new IllegalArgumentException("the kit needs a parameter policy and settings");
        }
        this.parameters = parameters;
        this.settings = settings;
    }

    public ConformanceKit(Function<StageWiring, ParameterValues> parameters) {
        this(parameters, Settings.DEFAULT);
    }

    /** Learnable coefficients at the mean of their initialisers, {@link Settings#DEFAULT}. */
    public static ConformanceKit atInitialMeans() {
        return new ConformanceKit(ParameterValues::means);
    }

    /** The same kit with other settings. */
    public ConformanceKit with(Settings other) {
        return new ConformanceKit(parameters, other);
    }

    public Settings settings() {
        return settings;
    }

    /** Everything, on {@link TestProblem#standard()}. */
    public ConformanceReport verify(Discretisation d) {
        return verify(d, TestProblem.standard());
    }

    /** Everything, with the orders measured on {@code problems}. */
    public ConformanceReport verify(Discretisation d, List<TestProblem> problems) {
        ConformanceReport orders = orders(d, problems);
        return new ConformanceReport(orders.description(), orders.nominalOrder(), orders.orders(),
                orders.coldOrders(), orders.transitionOrders(), orders.consistency(), orders.rootCondition(),
                stabilityInterval(d), settings.orderTolerance());
    }

    /**
     * Checks that {@code d.evaluationsPerStep()} is the number of residual units one of its steps applies: a
     * warm-started stage of {@code N · evaluationsPerStep()} units, {@code N = historyDepth() + 4} (the stage
     * {@link StabilityFunction.StepMatrix} reads the steady step off), must take {@code N} steps. The kit sizes its
     * stages by that number and {@link StabilityFunction#of} reads one step off a stage of that many units, so a wrong
     * value goes unnoticed by the orders (measured at the time the steps cover) but gives the stability function of
     * another step, e.g. an Euler step for an RK4 that declares 1.
     *
     * @throws IllegalArgumentException naming the declared value, the steps the stage takes and their evaluations
     */
    public static void checkEvaluationsPerStep(Discretisation d) {
        int declared = d.evaluationsPerStep();
        int expected = d.historyDepth() + 4;
        int units = expected * declared;
        StageWiring w = d.wire(new StageStart.Warm(units, d.historyDepth()));
        List<Integer> evaluations = new ArrayList<>();
        int count = 0;
        int step = 0;
        for (int i = 0; i < w.nodes().size(); i++) {
            if (w.nodes().get(i) instanceof Node.Evaluate) {
                count++;
            }
            if (step < w.steps().size() && i == w.steps().get(step).state().id()) {
                evaluations.add(count);
                count = 0;
                step++;
            }
        }
        if (evaluations.size() == expected) {
            return;
        }
        boolean uniform = evaluations.stream().distinct().count() == 1;
        String each = uniform ? Count.of(evaluations.get(0), "evaluation")
                : evaluations.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + " evaluations";
        throw new IllegalArgumentException("evaluationsPerStep() is " + declared + ", but a warm-started stage of "
                + Count.of(units, "unit") + " takes " + Count.of(evaluations.size(), "step") + " of "
                + each + ", not " + Count.of(expected, "step") + " of " + declared
                + ": it must return the number of residual units one step applies"
                + (uniform ? ", " + evaluations.get(0) : ""));
    }

    /**
     * What a pass depends on, without the stability interval (NaN in the report): the orders on
     * {@code problems}, consistency and zero-stability. The cheaper check the runner makes before
     * training.
     *
     * @throws IllegalArgumentException when {@code evaluationsPerStep()} is wrong ({@link #checkEvaluationsPerStep})
     *         or the scheme refuses a stage the kit needs
     */
    public ConformanceReport orders(Discretisation d, List<TestProblem> problems) {
        checkEvaluationsPerStep(d);
        List<OrderEstimate> warm = new ArrayList<>();
        List<OrderEstimate> cold = new ArrayList<>();
        List<OrderEstimate> transition = new ArrayList<>();
        for (TestProblem p : problems) {
            warm.add(order(d, p));
            cold.add(coldOrder(d, p));
            transition.add(transitionOrder(d, p));
        }
        return new ConformanceReport(d.description(), d.order(), warm, cold, transition, consistency(d),
                zeroStability(d), Double.NaN, settings.orderTolerance());
    }

    /** Empirical order with exact starting values (a warm start of depth {@link Discretisation#historyDepth()}). */
    public OrderEstimate order(Discretisation d, TestProblem p) {
        return estimate(d, p, Start.WARM);
    }

    /** Empirical order of a stage started from its entry state alone (startup steps included). */
    public OrderEstimate coldOrder(Discretisation d, TestProblem p) {
        return estimate(d, p, Start.COLD);
    }

    /**
     * Empirical order of a stage started by a transition, as every stage of a network after the first: one Euler
     * step {@code y_1 = y_0 + h F(y_0)} (the shortcut is the identity here), then the scheme with that step's state
     * and evaluation as its history, for {@code N} steps of its own.
     */
    public OrderEstimate transitionOrder(Discretisation d, TestProblem p) {
        return estimate(d, p, Start.TRANSITION);
    }

    private enum Start { WARM, COLD, TRANSITION }

    private OrderEstimate estimate(Discretisation d, TestProblem p, Start how) {
        List<OrderEstimate.Point> points = new ArrayList<>();
        for (int steps : settings.stepCounts()) {
            int units = steps * d.evaluationsPerStep();
            StageStart start = switch (how) {
                case WARM -> new StageStart.Warm(units, d.historyDepth());
                case COLD -> new StageStart.Cold(units);
                case TRANSITION -> new StageStart.Transition(units + 1);
            };
            StageWiring w = d.wire(start);
            double h = p.endTime() / stepsPerH(w, how == Start.TRANSITION ? 1 : 0);
            OdeInterpreter.Run run = run(w, p, h);
            double error = maxNorm(run.output(), p.exact().apply(run.endTime()));
            points.add(new OrderEstimate.Point(h, steps, error));
        }
        List<OrderEstimate.Point> usable = points.stream()
                .filter(q -> Double.isFinite(q.error()) && q.error() > settings.smallestUsableError()
                        && q.error() < settings.largestUsableError())
                .toList();
        if (usable.size() < Math.min(3, settings.fitPoints())) {
            return new OrderEstimate(p.name(), Double.NaN, points, 0);
        }
        List<OrderEstimate.Point> fit = usable.subList(Math.max(0, usable.size() - settings.fitPoints()),
                usable.size());
        return new OrderEstimate(p.name(), slope(fit), points, fit.size());
    }

    /**
     * The time the steps of {@code w} from its {@code first} on cover, in units of {@code h}: {@code Σ 1/rescaling}
     * ({@code N} for {@code N} steps that cover {@code h} each), so that those steps, run with
     * {@code h = endTime / stepsPerH}, end at the problem's end time: a scheme whose steps cover {@code h/(1 + k)}
     * (LM-ResNet's) is measured over the problem's interval, not over {@code endTime/(1 + k)}. The transition step
     * of a transition start ({@code first = 1}) comes on top, as every scheme's. Steps that do not cover a positive
     * time in all (LM's with a learned {@code k < -1}, which is not zero-stable) count one {@code h} each, as any
     * step: their runs then go where their steps take them, and the root condition reports the scheme.
     */
    private double stepsPerH(StageWiring w, int first) {
        ParameterValues values = parameters.apply(w);
        double sum = 0;
        for (int i = first; i < w.steps().size(); i++) {
            sum += 1.0 / w.steps().get(i).rescaling().value(values);
        }
        return Double.isFinite(sum) && sum > 0 ? sum : w.steps().size() - first;
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
     * The largest {@code x <= MAX_INTERVAL} such that {@code z = hλ} in {@code [-x, 0)} lies in the
     * region of absolute stability of {@link StabilityFunction#of}, i.e. the step matrix {@code M(z)}
     * of the wiring on {@code y' = λy} has spectral radius at most 1 (root condition on the unit
     * circle): a grid search for the first unstable {@code z}, refined by bisection. A wiring with no
     * steady step (its steps differ in structure) is run for 400 steps instead, and a point counts as
     * stable when the solution does not grow by more than {@code 1e-4} per step.
     */
    public double stabilityInterval(Discretisation d) {
        Optional<StabilityFunction> f = StabilityFunction.of(d, parameters);
        if (f.isPresent()) {
            return firstUnstable(x -> f.get().isStable(new Complex(-x, 0)));
        }
        StageWiring w = d.wire(new StageStart.Warm(STABILITY_STEPS * d.evaluationsPerStep(), d.historyDepth()));
        ParameterValues values = parameters.apply(w);
        return firstUnstable(x -> staysBounded(w, values, -x));
    }

    private static double firstUnstable(java.util.function.DoublePredicate stableAt) {
        double grid = 0.01;
        double stable = 0;
        for (int i = 1; i * grid <= MAX_INTERVAL + 1e-12; i++) {
            double x = i * grid;
            if (!stableAt.test(x)) {
                double lo = stable;
                double hi = x;
                for (int k = 0; k < 40; k++) {
                    double mid = 0.5 * (lo + hi);
                    if (stableAt.test(mid)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }
            stable = x;
        }
        return MAX_INTERVAL;
    }

    /** Whether the amplification per step at {@code z} is at most 1 (within 1e-4), estimated over many steps. */
    private static boolean staysBounded(StageWiring w, ParameterValues values, double z) {
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
