package org.schemenet.runner;

import org.schemenet.engine.RunData;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.BackendUnavailableException;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkCompiler;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.TrainingSettings;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.scheme.Discretisation;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;

/**
 * Builds the run's network: the CIFAR pre-activation ResNet of {@code --depth} wired by the
 * scheme, with the training protocol baked in: heavy-ball SGD with momentum {@code --momentum}
 * and the learning rate {@code --lr} divided by 10 after each of {@code --milestones} epochs, L2
 * {@code --weight-decay} on convolution and dense weights (learnable coefficients as they declare).
 */
public class NetworkFactory {

    /** The network specification of a run for data of the given input shape. */
    public NetworkSpec spec(RunSettings settings, RunData data) {
        return spec(settings, data.height(), data.width(), data.channels(), data.classes());
    }

    /** The network specification for an input shape (CIFAR-10: 32, 32, 3, 10). */
    public NetworkSpec spec(RunSettings settings, int height, int width, int channels, int classes) {
        return NetworkSpec.cifar(settings.integer(Settings.DEPTH))
                .withShortcut(ShortcutOption.valueOf(settings.get(Settings.SHORTCUT)))
                .withSeed(settings.get(Settings.SEED)).withInput(height, width, channels).withClasses(classes);
    }

    /** Heavy-ball momentum with the step schedule of the configuration. */
    public static HeavyBallMomentum updater(RunSettings settings) {
        int[] milestones = settings.get(Settings.MILESTONES).stream().mapToInt(Long::intValue).toArray();
        return new HeavyBallMomentum(new MultiStepSchedule(settings.get(Settings.LR), 0.1, milestones),
                settings.get(Settings.MOMENTUM));
    }

    /**
     * The network of {@code scheme}, configured from the plugin {@code origin} came from.
     *
     * @throws UsageException when the scheme cannot wire a network of this depth or writes an invalid wiring (the
     *                        message names the plugin and its jar), or ND4J cannot load its back end (the CUDA build
     *                        without a GPU)
     */
    public CompiledNetwork compile(SchemeRegistry.Entry origin, Discretisation scheme, NetworkSpec spec,
                                   RunSettings run) {
        TrainingSettings settings = new TrainingSettings(updater(run), run.get(Settings.WEIGHT_DECAY),
                CoefficientDecay.AS_DECLARED);
        try {
            return new NetworkCompiler(settings).compile(scheme, spec);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scheme " + run.scheme() + " at --depth " + run.get(Settings.DEPTH) + " ("
                    + origin.origin() + "): " + e.getMessage(), e);
        } catch (BackendUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
