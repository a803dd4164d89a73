package org.schemenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.train.optimize.HeavyBallMomentum;
import org.schemenet.train.optimize.MultiStepSchedule;

/**
 * The trainer adds its own listener to those already on the graph instead of replacing them, so a
 * listener attached by the caller (e.g. DL4J's StatsListener for its training UI) sees every iteration.
 */
class TrainerListenersTest {

    static final class Counting extends BaseTrainingListener {
        int iterations;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations++;
        }
    }

    @Test
    void aListenerAlreadyOnTheGraphSeesEveryIteration(@TempDir Path dir) {
        ComputationGraph g = TinyNetworks.graph(7, new HeavyBallMomentum(new MultiStepSchedule(0.1, 0.1,
                MultiStepSchedule.paperMilestones(2)), 0.9), 1e-4);
        Counting counting = new Counting();
        g.setListeners(counting);
        RunResult r = new Trainer(g, new InMemoryEpochData(64, 16, 16, 7), new TrainingPlan(2, 7, dir),
                graph -> Map.of(), List.of(), new StopRequest()).run();
        assertEquals(RunResult.Status.COMPLETED, r.status());
        assertEquals(2 * 64 / 16, counting.iterations, "2 epochs of 4 batches");
        assertEquals(2, g.getListeners().size(), "the caller's listener and the trainer's, once each");
    }
}
