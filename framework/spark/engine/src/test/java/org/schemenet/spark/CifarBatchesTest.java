package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.spark.data.loader.RemoteFileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.schemenet.data.Cifar10Iterator;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.DataSetException;
import org.schemenet.data.ImageSet;

/**
 * The executors train exactly the batches of a local run with the same seed: batch k of epoch e
 * read record by record from the binary files (across file boundaries) equals batch k of the
 * local pipeline ({@link Cifar10Iterator}, in memory), features and labels, value for value.
 */
class CifarBatchesTest {

    @Test
    void batchesAreThoseOfTheLocalPipeline(@TempDir Path dir) {
        // 50 training images in five files of 10: a batch of 8 spans several files
        Path folder = SparkFixtures.folder(dir.resolve("cifar"), 50, 10);
        ImageSet train = SparkFixtures.images(50, 1);
        CifarBatches batches = CifarBatches.list(new Configuration(), folder.toUri() + "data_batch_*.bin", 17, true, 8);
        assertEquals(50, batches.images());
        assertEquals(5, batches.files().size());
        for (int epoch : new int[] {0, 3}) {
            Cifar10Iterator local = Cifar10Iterator.training(train, 8, 17, Cifar10Layout.CLASS_NAMES);
            assertArrayEquals(local.order(epoch), batches.order(epoch));
            for (int k : new int[] {0, 2, 5}) {
                local.seek(epoch, k);
                DataSet expected = local.next();
                DataSet read = batches.load(new RemoteFileSource(batches.path(epoch, k), null));
                assertArrayEquals(expected.getFeatures().dup().data().asFloat(), read.getFeatures().dup().data().asFloat(),
                        "epoch " + epoch + ", batch " + k);
                assertArrayEquals(expected.getLabels().dup().data().asFloat(), read.getLabels().dup().data().asFloat());
            }
        }
    }

    @Test
    void onlyFullBatchesAndWholeRecords(@TempDir Path dir) throws Exception {
        Path folder = SparkFixtures.folder(dir.resolve("cifar"), 20, 10);
        CifarBatches batches = CifarBatches.list(new Configuration(), folder.toUri() + "data_batch_*.bin", 1, false, 8);
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> batches.batch(0, 2));
        assertEquals("epoch 0 has 2 full batches of 8, not batch 2", past.getMessage());
        Files.write(folder.resolve("data_batch_9.bin"), new byte[100]);
        DataSetException bad = assertThrows(DataSetException.class, () -> CifarBatches.list(new Configuration(),
                folder.toUri() + "data_batch_*.bin", 1, false, 8));
        assertTrue(bad.getMessage().endsWith("data_batch_9.bin: 100 bytes is not a whole number of 3073-byte CIFAR-10 "
                + "records"), bad.getMessage());
        DataSetException none = assertThrows(DataSetException.class, () -> CifarBatches.list(new Configuration(),
                dir.toUri() + "nothing/data_batch_*.bin", 1, false, 8));
        assertTrue(none.getMessage().contains("no CIFAR-10 training files there"), none.getMessage());
    }
}
