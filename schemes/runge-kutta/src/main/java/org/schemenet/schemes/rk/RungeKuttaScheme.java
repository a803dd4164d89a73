package org.schemenet.schemes.rk;

import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.OptionType;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

/**
 * Explicit Runge–Kutta schemes from a Butcher tableau (RKNet): each step uses {@code s} residual
 * units, one per stage.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code tableau}: a named tableau ({@link Tableaux#names()}, default {@code rk4}) or {@code custom};</li>
 *   <li>{@code a}, {@code b}, {@code c}: with {@code tableau=custom}, the tableau as arrays in TOML/JSON
 *       syntax, e.g. {@code --a [[0,0],[0.5,0]] --b [0,1]} on the command line, {@code a = [[0.0, 0.0], [0.5, 0.0]]}
 *       in a TOML file (every number with a decimal point: TOML arrays may not mix integers and decimals) or
 *       the array quoted, {@code a = "[[0, 0], [1/2, 0]]"}; {@code c} is optional (the row sums of
 *       {@code a}) and checked when given; fractions {@code p/q} are allowed;</li>
 *   <li>{@code coefficients}: {@code fixed} (default) or {@code learnable} (the weights {@code b} of
 *       every step trained, the last {@code 1 - Σ} the others).</li>
 * </ul>
 */
@Extension
public final class RungeKuttaScheme implements Scheme {

    public static final String CUSTOM = "custom";

    @Override
    public String name() {
        return "rk";
    }

    @Override
    public String summary() {
        return "explicit Runge-Kutta from a Butcher tableau, s residual units per step: the RKNet";
    }

    @Override
    public List<OptionSpec> options() {
        List<String> tableaux = new ArrayList<>(Tableaux.names());
        tableaux.add(CUSTOM);
        return List.of(
                new OptionSpec("tableau", new OptionType.Choice(tableaux), "rk4",
                        "a named Butcher tableau, or custom (then give a, b and optionally c)"),
                new OptionSpec("a", new OptionType.Text("an s x s strictly lower-triangular matrix, e.g. [[0,0],[0.5,0]] "
                        + "(in a TOML file [[0.0, 0.0], [0.5, 0.0]] or \"[[0, 0], [1/2, 0]]\")"),
                        null, "custom tableau: the Runge-Kutta matrix"),
                new OptionSpec("b", new OptionType.Text("s weights summing to 1, e.g. [0,1] (in a TOML file [0.0, 1.0])"),
                        null, "custom tableau: the weights"),
                new OptionSpec("c", new OptionType.Text("s nodes, the row sums of a, e.g. [0,0.5] (in a TOML file "
                        + "[0.0, 0.5])"), null, "custom tableau: the nodes (optional; default the row sums of a)"),
                new OptionSpec("coefficients", new OptionType.Choice(List.of("fixed", "learnable")), "fixed",
                        "fixed: the tableau's weights; learnable: b_1..b_{s-1} per step, the last 1 - sum"));
    }

    @Override
    public Discretisation configure(Options options) {
        String name = options.string("tableau");
        ButcherTableau tableau;
        if (name.equals(CUSTOM)) {
            for (String required : List.of("a", "b")) {
                if (!options.has(required)) {
                    throw new InvalidOptionException(required, "option '" + required + "' is missing; tableau=custom "
                            + "needs a and b (and optionally c), e.g. a=[[0,0],[0.5,0]] b=[0,1]");
                }
            }
            double[][] a = ArrayText.matrix("a", options.string("a"));
            double[] b = ArrayText.vector("b", options.string("b"));
            try {
                tableau = options.has("c")
                        ? new ButcherTableau(CUSTOM, a, b, ArrayText.vector("c", options.string("c")))
                        : ButcherTableau.of(CUSTOM, a, b);
            } catch (InvalidOptionException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("a", "custom tableau (options a, b, c): " + e.getMessage());
            }
        } else {
            for (String custom : List.of("a", "b", "c")) {
                if (options.has(custom)) {
                    throw new InvalidOptionException(custom, "option '" + custom + "' applies to tableau=custom only; "
                            + "tableau=" + name + " fixes a, b and c");
                }
            }
            tableau = Tableaux.named(name);
        }
        boolean learnable = options.string("coefficients").equals("learnable");
        if (learnable && tableau.stages() < 2) {
            throw new InvalidOptionException("coefficients", "option 'coefficients': 'learnable' needs a tableau with "
                    + "at least 2 stages (with one stage the only consistent weight is b = 1); allowed for "
                    + tableau.name() + ": fixed");
        }
        return new RungeKutta(tableau, learnable);
    }
}
