package org.schemenet.lowering;

/** Whether L2 weight decay applies to the learnable scheme coefficients. */
public enum CoefficientDecay {
    /** As each coefficient declares ({@code Coefficient.Learnable#weightDecay()}, false unless a scheme says so). */
    AS_DECLARED,
    /** Decay every learnable coefficient, whatever it declares. */
    ALL,
    /** Decay none. */
    NONE;

    /** Whether a coefficient that declares {@code declared} is decayed under this policy. */
    public boolean decays(boolean declared) {
        return this == ALL || (this == AS_DECLARED && declared);
    }
}
