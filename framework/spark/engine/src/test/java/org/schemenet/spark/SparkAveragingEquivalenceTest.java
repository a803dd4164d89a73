package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.IUpdater;
import org.schemenet.data.Cifar10Writer;
import org.schemenet.data.ImageSet;
import org.schemenet.train.BatchFitting;

/**
 * The engine is wired, not just running: one worker (local[1]) averaging after every minibatch
 * must end with the parameters and updater state of plain training on the same batches — here
 * one batch of all 8 images per epoch, for three epochs, so the broadcast, the worker's fit on the
 * batch it read itself, the return of parameters and momentum and the "average" of one all take
 * part. The learning rate drops at epoch 2 (0-based), which DL4J Spark's workers do not see on
 * their own (their epoch counter is always 0): {@link SparkFitting#fixLearningRates} is what makes
 * epoch 2 match.
 */
@Timeout(300)
class SparkAveragingEquivalenceTest {
    @TempDir
    static Path work;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.open(new SparkMaster("local[1]"), "equivalence", work.resolve("scratch"), 1, true);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void oneWorkerAveragingEveryBatchIsPlainTraining() {
        ImageSet images = SparkFixtures.images(8, 3);
        Path file = work.resolve("data_batch_1.bin");
        Cifar10Writer.write(file, Cifar10Writer.records(images, 0, 8));
        CifarBatches batches = CifarBatches.list(new Configuration(), file.toUri().toString(), 9, false, 8);

        ComputationGraph spark = SparkFixtures.network(9, 3);
        SparkFitting fitting = new SparkFitting(sc, new SparkSettings(new SparkMaster("local[1]"), SparkMode.AVERAGING,
                8, 1), batches, 9);
        List<BatchFitting.Step> steps = new ArrayList<>();
        ComputationGraph plain = SparkFixtures.network(9, 3);
        for (int epoch = 0; epoch < 3; epoch++) {
            EpochBatches left = new EpochBatches(epoch, 0, 1);
            fitting.fitEpoch(spark, left, null, s -> steps.add(s));
            assertFalse(left.hasNext());
            spark.incrementEpochCount();
            plain.fit(batches.batch(epoch, 0));
            plain.incrementEpochCount();
        }
        assertEquals(3, steps.size());
        assertEquals(8, steps.get(0).images());
        assertFalse(Arrays.equals(SparkFixtures.network(9, 3).params().toFloatVector(), spark.params().toFloatVector()));
        assertArrayEquals(plain.params().toFloatVector(), spark.params().toFloatVector(), 1e-5f);
        assertArrayEquals(plain.getUpdater().getStateViewArray().toFloatVector(),
                spark.getUpdater().getStateViewArray().toFloatVector(), 1e-5f);
        // the learning-rate schedule the workers could not see is back in the driver's graph (checkpoints store it)
        IUpdater u = ((BaseLayer) spark.getLayer("conv").conf().getLayer()).getIUpdater();
        assertEquals(0.05, u.getLearningRate(0, 0), 1e-12);
        assertEquals(0.005, u.getLearningRate(0, 2), 1e-12);
    }
}
