package org.schemenet.train.optimize;

import java.util.Arrays;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A step learning-rate schedule over epochs (PyTorch's {@code MultiStepLR}):
 *
 * <pre>
 *   η(e) = η_0 · γ^{ #{ m ∈ milestones : e ≥ m } }
 * </pre>
 *
 * where {@code e} is the number of completed epochs (DL4J's 0-based epoch counter). The paper's
 * protocol is η_0 = 0.1, γ = 0.1, milestones 80 and 120 of 160 epochs: epochs 1–80 train at 0.1,
 * 81–120 at 0.01, 121–160 at 0.001. Part of the updater configuration, so it survives save/load.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class MultiStepSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double initial;
    private final double factor;
    private final int[] milestones;

    /**
     * @param initial    η_0 &gt; 0
     * @param factor     γ in (0, 1]
     * @param milestones non-decreasing epoch counts ≥ 1
     */
    @JsonCreator
    public MultiStepSchedule(@JsonProperty("initial") double initial, @JsonProperty("factor") double factor,
                             @JsonProperty("milestones") int[] milestones) {
        if (!(initial > 0 && Double.isFinite(initial))) {
            throw new IllegalArgumentException("initial learning rate must be positive, got " + initial);
        }
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] < milestones[i - 1])) {
                throw new IllegalArgumentException("milestones must be non-decreasing epochs >= 1, got "
                        + Arrays.toString(milestones));
            }
        }
        this.initial = initial;
        this.factor = factor;
        this.milestones = milestones.clone();
    }

    /** The paper's milestones scaled to a run of {@code epochs}: ⌈0.5 E⌉ and ⌈0.75 E⌉ (160 → 80, 120). */
    public static int[] paperMilestones(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        return org.schemenet.run.Settings.paperMilestones(epochs).stream().mapToInt(Long::intValue).toArray();
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return initial * Math.pow(factor, decays(epoch));
    }

    /** How many milestones epoch {@code e} (0-based) has passed. */
    public int decays(int epoch) {
        int n = 0;
        for (int m : milestones) {
            if (epoch >= m) {
                n++;
            }
        }
        return n;
    }

    public double initial() {
        return initial;
    }

    public double factor() {
        return factor;
    }

    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public ISchedule clone() {
        return new MultiStepSchedule(initial, factor, milestones);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiStepSchedule s && Double.compare(s.initial, initial) == 0
                && Double.compare(s.factor, factor) == 0 && Arrays.equals(s.milestones, milestones);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(initial) + Double.hashCode(factor)) + Arrays.hashCode(milestones);
    }

    @Override
    public String toString() {
        return initial + " x " + factor + " at epochs " + Arrays.toString(milestones);
    }
}
