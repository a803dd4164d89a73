package org.schemenet.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the logits of the training forward pass, so train loss and accuracy come from the same
 * pass that trains (as in PyTorch), at the cost of one 64×10 product per batch. DL4J's training
 * forward pass stops before the output layer; this listener applies the output layer's
 * {@code z = x W + b} to the activation that feeds it, with the parameters before the update.
 * Only for a dense softmax {@link OutputLayer} (the classifier of the CIFAR networks); for
 * anything else {@link #available()} is false and the trainer reports DL4J's score instead.
 *
 * <p>{@link #logitsOf} computes the same logits for any replica of the graph (a data-parallel
 * engine's worker), so an engine can read them from its own thread-safe listener.
 */
public final class TrainingOutputs extends BaseTrainingListener {
    private final String outputName;
    private final String inputName;
    private final boolean available;
    private final InputPreProcessor preProcessor;
    private double[][] logits;

    TrainingOutputs(ComputationGraph graph) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        String out = outputs.size() == 1 ? outputs.get(0) : null;
        List<String> inputs = out == null ? null : graph.getConfiguration().getVertexInputs().get(out);
        Layer layer = out == null ? null : graph.getVertex(out).getLayer();
        boolean ok = layer != null && inputs != null && inputs.size() == 1
                && layer.conf().getLayer() instanceof OutputLayer o && o.getActivationFn() instanceof ActivationSoftmax;
        this.outputName = out;
        this.inputName = ok ? inputs.get(0) : null;
        this.available = ok;
        this.preProcessor = ok && graph.getConfiguration().getVertices().get(out) instanceof LayerVertex lv
                ? lv.getPreProcessor() : null;
    }

    public boolean available() {
        return available;
    }

    /** The logits of the last training forward pass (batch × classes), or null. */
    double[][] takeLogits() {
        double[][] l = logits;
        logits = null;
        return l;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        double[][] z = logitsOf((ComputationGraph) model, activations);
        if (z != null) {
            logits = z;
        }
    }

    /**
     * The logits {@code z = x W + b} of a training forward pass of {@code model} (this graph or a
     * replica of it with the same configuration), or null when not {@link #available()}.
     */
    public double[][] logitsOf(ComputationGraph model, Map<String, INDArray> activations) {
        if (!available) {
            return null;
        }
        INDArray x = activations.get(inputName);
        if (x == null) {
            return null;
        }
        Layer layer = model.getVertex(outputName).getLayer();
        INDArray w = layer.getParam("W");
        INDArray b = layer.getParam("b");
        if (preProcessor != null) {
            x = preProcessor.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
        }
        INDArray x2 = x.rank() == 2 ? x : x.reshape(x.size(0), x.length() / x.size(0));
        INDArray z = x2.mmul(w);
        if (b != null) {
            z.addiRowVector(b);
        }
        return z.toDoubleMatrix();
    }

    /** Σ over the batch of the cross-entropy {@code −log softmax(z)_y}, and the number of argmax hits. */
    public static double[] lossSumAndCorrect(double[][] logits, int[] labels) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] z = logits[i];
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < z.length; c++) {
                if (z[c] > max) {
                    max = z[c];
                    argmax = c;
                }
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            loss += max + Math.log(sum) - z[labels[i]];
            if (argmax == labels[i]) {
                correct++;
            }
        }
        return new double[] {loss, correct};
    }
}
