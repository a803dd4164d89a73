package org.schemenet.wiring;

/**
 * The end of one step of the scheme: {@code state} is {@code y_{n+1}}. The step advances time by
 * {@code h / rescaling}: 1 for schemes consistent with {@code y' = F(y)}; {@code 1 + k} for the
 * LM-ResNet two-step scheme, which is consistent with {@code y' = F(y)/(1 + k)}.
 */
public record Step(Value state, Coefficient rescaling) {
    public static final Coefficient UNIT = new Coefficient.Fixed(1.0);

    public Step {
        if (state == null || rescaling == null) {
            throw new InvalidWiringException("a step needs a state and a rescaling");
        }
    }

    public Step(Value state) {
        this(state, UNIT);
    }
}
