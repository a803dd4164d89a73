package org.schemenet.train.optimize;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Stochastic gradient descent with heavy-ball (Polyak) momentum, as in PyTorch's {@code SGD(momentum=μ)}
 * and the seed paper:
 *
 * <pre>
 *   v_{t+1} = μ v_t + g_t
 *   w_{t+1} = w_t − η_t v_{t+1}
 * </pre>
 *
 * with {@code v_0 = 0}, {@code g_t} the gradient including the L2 term (DL4J applies L2 before the
 * updater, as PyTorch's {@code weight_decay}) and {@code η_t} the learning rate of the current
 * iteration and epoch (constant, or from an {@link ISchedule}). The velocity {@code v} holds
 * gradients, not steps, so a change of learning rate acts at once on the whole step (PyTorch's
 * convention). This differs from DL4J's {@code Nesterovs}, which is Nesterov momentum with the
 * learning rate folded into the velocity.
 *
 * <p>JSON-serialisable (DL4J writes the updater configuration into the network configuration),
 * so a saved network restores with the same updater and schedule.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class HeavyBallMomentum implements IUpdater {
    private static final long serialVersionUID = 1L;

    /** The name of the velocity in the updater state. */
    public static final String VELOCITY = "V";

    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double momentum;

    /**
     * @param learningRate         η when {@code learningRateSchedule} is null
     * @param learningRateSchedule η_t, or null for a constant rate
     * @param momentum             μ in [0, 1)
     */
    @JsonCreator
    public HeavyBallMomentum(@JsonProperty("learningRate") double learningRate,
                             @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                             @JsonProperty("momentum") double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (learningRateSchedule == null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** A constant learning rate. */
    public HeavyBallMomentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    /** A scheduled learning rate. */
    public HeavyBallMomentum(ISchedule learningRateSchedule, double momentum) {
        this(Double.NaN, Objects.requireNonNull(learningRateSchedule, "learningRateSchedule"), momentum);
    }

    public double momentum() {
        return momentum;
    }

    public ISchedule learningRateSchedule() {
        return learningRateSchedule;
    }

    /** One velocity entry per parameter. */
    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<HeavyBallMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<HeavyBallMomentum> instantiate(Map<String, INDArray> state, boolean initialize) {
        HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
        u.setState(state, initialize);
        return u;
    }

    @Override
    public HeavyBallMomentum clone() {
        return new HeavyBallMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
                momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeavyBallMomentum h && Double.compare(h.learningRate, learningRate) == 0
                && Double.compare(h.momentum, momentum) == 0
                && Objects.equals(h.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "HeavyBallMomentum(lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum=" + momentum + ")";
    }
}
