package org.schemenet.numerics;

/**
 * Consistency, checked on the two conditions that define it for a scheme started from exact
 * history: it reproduces a constant solution ({@code y' = 0}, i.e. {@code ρ(1) = 0}) and the
 * linear solution of {@code y' = 1} ({@code ρ'(1) = σ(1)} for linear multistep schemes, {@code Σ b_i = 1}
 * for Runge–Kutta), to within round-off.
 *
 * @param constantError max error reproducing {@code y = 1} under {@code y' = 0}
 * @param linearError   max error reproducing {@code y = t} under {@code y' = 1}
 */
public record Consistency(double constantError, double linearError) {

    public static final double TOLERANCE = 1e-9;

    public boolean preservesConstants() {
        return constantError <= TOLERANCE;
    }

    public boolean exactForLinear() {
        return linearError <= TOLERANCE;
    }

    public boolean consistent() {
        return preservesConstants() && exactForLinear();
    }

    /** What is wrong, in words, or "consistent". */
    public String explanation() {
        if (consistent()) {
            return "consistent";
        }
        java.util.List<String> faults = new java.util.ArrayList<>();
        if (!preservesConstants()) {
            faults.add(String.format(java.util.Locale.ROOT, "does not preserve constants (error %.3g; the state"
                    + " coefficients do not sum to 1)", constantError));
        }
        if (!exactForLinear()) {
            faults.add(String.format(java.util.Locale.ROOT, "does not integrate y' = 1 exactly (error %.3g; the"
                    + " evaluation weights do not match the time the step covers)", linearError));
        }
        return "inconsistent: " + String.join("; and it ", faults);
    }
}
