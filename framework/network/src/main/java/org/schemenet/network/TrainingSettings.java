package org.schemenet.network;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.schemenet.lowering.CoefficientDecay;

/**
 * The training settings that DL4J bakes into a network's configuration.
 *
 * <p>{@code l2} is PyTorch's SGD {@code weight_decay}: the gradient of every convolution and dense
 * weight {@code w} gets {@code + l2 * w} before the updater (DL4J's {@code L2Regularization}, applied
 * before the updater, so with momentum it is the same as PyTorch's coupled weight decay). It does not
 * apply to batch-normalisation gamma/beta (DL4J's {@code BatchNormalization} never regularises its
 * parameters), to the dense bias (DL4J keeps bias regularisation separate and it is left unset here), nor
 * to the learnable scheme coefficients unless {@code coefficientDecay} says so.
 *
 * @param updater          the DL4J updater (learning rate, schedule, momentum), e.g. the trainer's
 *                         heavy-ball momentum with an epoch-based schedule
 * @param l2               weight-decay coefficient, >= 0
 * @param coefficientDecay which learnable coefficients also get {@code l2}
 */
public record TrainingSettings(IUpdater updater, double l2, CoefficientDecay coefficientDecay) {

    public TrainingSettings {
        if (updater == null || coefficientDecay == null) {
            throw new IllegalArgumentException("training settings need an updater and a coefficient-decay policy");
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("weight decay l2 must be finite and >= 0, got " + l2);
        }
    }

    /**
     * A sensible default for library users: Nesterov momentum 0.9, learning rate 0.1, weight decay 1e-4
     * (He et al.'s CIFAR settings, without their schedule), coefficients not decayed.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(new Nesterovs(0.1, 0.9), 1e-4, CoefficientDecay.AS_DECLARED);
    }

    public TrainingSettings withUpdater(IUpdater newUpdater) {
        return new TrainingSettings(newUpdater, l2, coefficientDecay);
    }

    public TrainingSettings withL2(double newL2) {
        return new TrainingSettings(updater, newL2, coefficientDecay);
    }

    public TrainingSettings withCoefficientDecay(CoefficientDecay policy) {
        return new TrainingSettings(updater, l2, policy);
    }
}
