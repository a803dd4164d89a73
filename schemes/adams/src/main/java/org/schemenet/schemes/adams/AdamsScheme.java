package org.schemenet.schemes.adams;

import java.util.List;
import org.pf4j.Extension;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.OptionType;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

/**
 * The explicit Adams–Bashforth {@code k}-step scheme (Adamnet):
 * {@code y_{n+1} = y_n + Σ_{j=0}^{k-1} β_j f_{n-j}(y_{n-j})}, one new residual unit per step, the
 * {@code k - 1} previous evaluations reused.
 *
 * <p>Options: {@code k} (1..8, default 2) and {@code coefficients}: {@code fixed} (the exact
 * Adams–Bashforth values, the seed paper's strategy B) or {@code learnable} (strategy A:
 * {@code β_0 .. β_{k-2}} trained per unit, {@code β_{k-1} = 1 - Σ_{j<k-1} β_j}). See {@link Adams}.
 */
@Extension
public final class AdamsScheme implements Scheme {

    /** The largest {@code k} offered. */
    public static final int MAX_K = 8;

    @Override
    public String name() {
        return "adams";
    }

    @Override
    public String summary() {
        return "explicit Adams-Bashforth k-step, y_{n+1} = y_n + sum_j beta_j f_{n-j}: the Adamnet";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("k", new OptionType.IntegerRange(1, MAX_K), "2",
                        "steps: evaluations combined per step (AB_k, order k with fixed coefficients)"),
                new OptionSpec("coefficients", new OptionType.Choice(List.of("fixed", "learnable")), "fixed",
                        "fixed: exact Adams-Bashforth values; learnable: beta_0..beta_{k-2} per unit, "
                                + "the last 1 - sum (consistent)"));
    }

    @Override
    public Discretisation configure(Options options) {
        int k = options.integer("k");
        boolean learnable = options.string("coefficients").equals("learnable");
        if (learnable && k == 1) {
            throw new InvalidOptionException("coefficients", "option 'coefficients': 'learnable' needs k >= 2 "
                    + "(with k = 1 the only consistent coefficient is beta_0 = 1, i.e. Euler); allowed for k = 1: fixed");
        }
        return new Adams(k, learnable);
    }
}
