package org.schemenet.parallel;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.schemenet.train.TrainingOutputs;

/**
 * The training loss and accuracy of the batches the workers fit, from their own forward passes:
 * one instance is shared by all worker replicas, each of which calls it from its own thread.
 * After a replica's forward pass it keeps the logits (thread-local); after its backward pass, when
 * the output layer holds the labels, it adds Σ −log softmax(z)_y and the argmax hits of the batch
 * to the totals. When the logits are not available it adds DL4J's score × batch size instead.
 *
 * <p>It also closes a race of {@code ParallelWrapper}: worker 0 trains on the graph itself while
 * the other workers copy the graph's parameters and updater state when their threads start, so a
 * late thread could copy parameters worker 0 has already updated. With a {@link #gate(int) gate},
 * the first forward pass of every worker of the first round waits until all of them have reached
 * it (each replica is initialised by then, and nothing has been updated yet).
 */
final class WorkerOutputs extends BaseTrainingListener {
    private final TrainingOutputs outputs;
    private final ThreadLocal<double[][]> logits = new ThreadLocal<>();
    private double lossSum;
    private long correct;
    private int batches;
    private final ThreadLocal<Boolean> passedGate = ThreadLocal.withInitial(() -> false);
    private volatile CountDownLatch gate;

    WorkerOutputs(TrainingOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        CountDownLatch g = gate;
        if (g != null && !passedGate.get()) {
            passedGate.set(true);
            g.countDown();
            try {
                if (!g.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("a data-parallel worker did not start within 10 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        logits.set(outputs.logitsOf((ComputationGraph) model, activations));
    }

    @Override
    public void onBackwardPass(Model model) {
        ComputationGraph graph = (ComputationGraph) model;
        double[][] z = logits.get();
        logits.remove();
        INDArray labels = ((IOutputLayer) graph.getOutputLayer(0)).getLabels();
        if (z == null || labels == null) {
            add(graph.score() * graph.batchSize(), -1);
            return;
        }
        double[] lc = TrainingOutputs.lossSumAndCorrect(z, labels.argMax(1).toIntVector());
        add(lc[0], (long) lc[1]);
    }

    private synchronized void add(double loss, long hits) {
        lossSum += loss;
        correct = hits < 0 || correct < 0 ? -1 : correct + hits;
        batches++;
    }

    /** Makes the first forward pass of each of {@code parties} workers wait for all of them. */
    void gate(int parties) {
        gate = new CountDownLatch(parties);
    }

    /** The totals since the last call: {batches, loss sum, correct (-1 if unknown)}; resets them. */
    synchronized double[] take() {
        double[] out = {batches, lossSum, correct};
        batches = 0;
        lossSum = 0;
        correct = 0;
        return out;
    }
}
