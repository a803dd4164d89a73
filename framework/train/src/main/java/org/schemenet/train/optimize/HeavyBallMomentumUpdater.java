package org.schemenet.train.optimize;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and step of {@link HeavyBallMomentum} for one block of parameters. DL4J subtracts
 * what {@link #applyUpdater} leaves in the gradient array from the parameters, so it leaves
 * {@code η_t v_{t+1}} there after {@code v_{t+1} = μ v_t + g_t}.
 */
public final class HeavyBallMomentumUpdater implements GradientUpdater<HeavyBallMomentum> {

    private final HeavyBallMomentum config;
    private INDArray velocity;

    public HeavyBallMomentumUpdater(HeavyBallMomentum config) {
        this.config = config;
    }

    @Override
    public HeavyBallMomentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        INDArray v = state.get(HeavyBallMomentum.VELOCITY);
        if (state.size() != 1 || v == null) {
            throw new IllegalStateException("heavy-ball momentum state must be exactly {" + HeavyBallMomentum.VELOCITY
                    + "}, got " + state.keySet());
        }
        if (initialize) {
            v.assign(0);
        }
        this.velocity = v;
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(HeavyBallMomentum.VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar()) {
            throw new IllegalArgumentException("the updater state view must be a row vector, got shape "
                    + java.util.Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray reshaped = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (reshaped == null) {
            throw new IllegalStateException("cannot view the updater state with the gradient's shape "
                    + java.util.Arrays.toString(gradientShape));
        }
        this.velocity = reshaped;
    }

    /** {@code v ← μ v + g;  g ← η_t v} (in place; DL4J then sets {@code w ← w − g}). */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (velocity == null) {
            throw new IllegalStateException("heavy-ball momentum updater used before its state was set");
        }
        double lr = config.getLearningRate(iteration, epoch);
        velocity.muli(config.momentum()).addi(gradient);
        gradient.assign(velocity).muli(lr);
    }
}
