package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.data.Cifar10;
import org.schemenet.data.Cifar10Download;
import org.schemenet.data.Cifar10Iterator;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.DataLocation;
import org.schemenet.data.DataSetException;
import org.schemenet.train.EpochData;

/**
 * CIFAR-10 from {@code --data} (a directory with the binary release, downloaded there if missing,
 * or the bundled {@code sample}), optionally cut to balanced subsets; training batches with the
 * paper's augmentation and a seeded shuffle per epoch, prepared on a background thread.
 */
public final class CifarDataSource implements DataSource {
    /** Test images per inference batch. */
    static final int TEST_BATCH = 250;

    private final Environment environment;
    private final Console console;

    @Inject
    public CifarDataSource(Environment environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    @Override
    public RunData open(RunConfig config) {
        Cifar10 cifar;
        try {
            DataLocation location = DataLocation.resolve(config.data(), environment.variables(),
                    Path.of(System.getProperty("user.home")));
            cifar = location.load(Cifar10Download.official(new PrintStream(new WriterStream(console), true,
                    StandardCharsets.UTF_8)));
            if (config.trainSubset() > 0 || config.testSubset() > 0) {
                cifar = cifar.subset(config.trainSubset(), config.testSubset());
            }
        } catch (DataSetException | IllegalArgumentException e) {
            String source = config.data() != null ? "--data " + config.data()
                    : environment.variables().containsKey("SCHEMENET_DATA")
                    ? "SCHEMENET_DATA=" + environment.variables().get("SCHEMENET_DATA")
                    : "the default data directory ~/.schemenet/data";
            throw new UsageException(source + ": " + e.getMessage(), e);
        }
        Cifar10Iterator train = Cifar10Iterator.training(cifar.train(), config.batchSize(), config.seed(),
                cifar.classes());
        Cifar10Iterator test = Cifar10Iterator.test(cifar.test(), TEST_BATCH, cifar.classes());
        int images = cifar.train().size();
        EpochData epochs = new EpochData() {
            @Override
            public DataSetIterator trainingBatches(int epoch, int firstBatch) {
                train.seek(epoch, firstBatch);
                return train;
            }

            @Override
            public DataSetIterator testBatches() {
                test.setEpoch(0);
                return test;
            }

            @Override
            public long trainingImages() {
                return images;
            }
        };
        return new RunData(epochs, Cifar10Layout.SIDE, Cifar10Layout.SIDE, Cifar10Layout.CHANNELS,
                Cifar10Layout.CLASSES, cifar.description().toMap(), cifar.description().summaryLine());
    }

    /** Bytes (ASCII progress) to the console's error writer. */
    private static final class WriterStream extends OutputStream {
        private final Console console;

        WriterStream(Console console) {
            this.console = console;
        }

        @Override
        public void write(int b) {
            console.err().write(b);
        }

        @Override
        public void flush() {
            console.err().flush();
        }
    }
}
