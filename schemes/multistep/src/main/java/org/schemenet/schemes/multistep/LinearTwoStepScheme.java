package org.schemenet.schemes.multistep;

import java.util.List;
import org.pf4j.Extension;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.OptionType;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

/**
 * The linear two-step scheme of LM-ResNet (Lu et al. 2018),
 * {@code y_{n+1} = (1 - k_n) y_n + k_n y_{n-1} + f_n(y_n)}, with one {@code k_n} per residual unit.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code coefficients}: {@code learnable} (default; {@code k_n ~ U(k-low, k-high)} trained per unit)
 *       or {@code fixed} (one {@code k} for every unit, for analysis);</li>
 *   <li>{@code k}: the value in fixed mode, in {@code (-1, 1]} (the zero-stable range); default the
 *       centre of {@code [k-low, k-high]}, i.e. the learnable scheme at its initial mean;</li>
 *   <li>{@code k-low}, {@code k-high}: the uniform initialiser of learnable {@code k_n} (default
 *       {@code -0.1}, {@code 0.0}, the LM-ResNet initialisation).</li>
 * </ul>
 * See {@link LinearTwoStep} for the wiring and what it integrates.
 */
@Extension
public final class LinearTwoStepScheme implements Scheme {

    @Override
    public String name() {
        return "lm";
    }

    @Override
    public String summary() {
        return "linear two-step, y_{n+1} = (1-k_n) y_n + k_n y_{n-1} + f_n(y_n): the LM-ResNet";
    }

    @Override
    public List<OptionSpec> options() {
        OptionType range = OptionType.RealRange.openMin(-1.0, 1.0);   // zero-stable; k = -1 makes a step cover no time
        return List.of(
                new OptionSpec("coefficients", new OptionType.Choice(List.of("learnable", "fixed")), "learnable",
                        "learnable: one trained k_n per unit; fixed: the same k for every unit"),
                new OptionSpec("k", range, null,
                        "k for coefficients=fixed; default the centre of [k-low, k-high]"),
                new OptionSpec("k-low", range, "-0.1", "learnable k_n start uniform in [k-low, k-high]"),
                new OptionSpec("k-high", range, "0.0", "see k-low"));
    }

    @Override
    public Discretisation configure(Options options) {
        double low = options.real("k-low");
        double high = options.real("k-high");
        if (low > high) {
            throw new InvalidOptionException("k-low", "option 'k-low': " + low + " is above k-high = " + high
                    + "; allowed: k-low <= k-high");
        }
        boolean fixed = options.string("coefficients").equals("fixed");
        if (!fixed) {
            if (options.has("k")) {
                throw new InvalidOptionException("k", "option 'k' applies to coefficients=fixed; with learnable "
                        + "coefficients set the initialiser with k-low and k-high");
            }
            return LinearTwoStep.learnable(low, high);
        }
        return LinearTwoStep.fixed(options.has("k") ? options.real("k") : 0.5 * (low + high));
    }
}
