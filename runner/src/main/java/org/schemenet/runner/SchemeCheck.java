package org.schemenet.runner;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the conformance kit measured for a configured scheme before it is used for training: the
 * order it claims, the lowest order measured from exact start values on the standard problems,
 * consistency and zero-stability ({@link org.schemenet.numerics.ConformanceKit#orders}), and why it
 * fails, if it does.
 *
 * @param scheme        the scheme's name
 * @param pluginId      its plugin
 * @param jar           its jar, as text
 * @param options       its options as text
 * @param claimedOrder  {@code Discretisation.order()}
 * @param measuredOrder the lowest measured order, NaN when none could be measured
 * @param consistent    the consistency check passed
 * @param zeroStable    the root condition holds
 * @param failures      one line per failed property, measured against claimed; empty when it passes
 * @param verifyCommand the {@code runner verify} command that shows the details of this check (its plugins folder
 *                      and options included), quoted for a POSIX shell
 */
public record SchemeCheck(String scheme, String pluginId, String jar, String options, int claimedOrder,
                          double measuredOrder, boolean consistent, boolean zeroStable, List<String> failures,
                          String verifyCommand) {

    public SchemeCheck {
        failures = List.copyOf(failures);
        if (verifyCommand == null || verifyCommand.isBlank()) {
            throw new IllegalArgumentException("a scheme check needs the verify command that repeats it");
        }
    }

    public boolean passes() {
        return failures.isEmpty();
    }

    /**
     * One line for standard error when the check fails, e.g. {@code scheme 'liar' (plugin liar,
     * /p/liar.jar; options none) fails the conformance kit: order on riccati y'=-y^2: measured
     * 1.000, claimed 3 (allowed 2.7 to 3.3); ...; for the details run: runner verify --scheme liar --plugins /p}.
     */
    public Optional<String> warning() {
        if (passes()) {
            return Optional.empty();
        }
        return Optional.of("scheme '" + scheme + "' (plugin " + pluginId + ", " + jar + "; options " + options
                + ") fails the conformance kit: " + String.join("; ", failures) + "; for the details run: "
                + verifyCommand);
    }

    /** The measured order for summaries: rounded to three decimals, null when not measured. */
    public Double measuredOrderRounded() {
        return Double.isFinite(measuredOrder) ? Double.valueOf(String.format(Locale.ROOT, "%.3f", measuredOrder))
                : null;
    }
}
