package org.schemenet.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.schemenet.data.Cifar10;
import org.schemenet.data.Cifar10Download;
import org.schemenet.data.Cifar10Iterator;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.DataLocation;
import org.schemenet.data.DataSetException;
import org.schemenet.data.ImageCounts;
import org.schemenet.run.InputException;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.train.EpochData;

/**
 * CIFAR-10 from {@code --data} (a directory with the binary release, downloaded there if missing,
 * or the bundled {@code sample}), optionally cut to balanced subsets; training batches with the
 * paper's augmentation and a seeded shuffle per epoch, prepared on a background thread. The data source
 * of the runner's local engines.
 *
 * <p>Where {@code --data} is not given, the directory comes from {@value DataLocation#ENVIRONMENT_VARIABLE}
 * in {@code variables}, else the default under {@code userHome} ({@link DataLocation#resolve}).
 */
public final class CifarDataSource implements DataSource {
    /** Test images per inference batch. */
    static final int TEST_BATCH = 250;

    private final Map<String, String> variables;
    private final Path userHome;
    private final PrintStream progress;
    private final BooleanSupplier stopped;

    /**
     * @param variables the environment variables ({@value DataLocation#ENVIRONMENT_VARIABLE})
     * @param userHome  the user's home directory, which holds the default data directory
     * @param progress  where a download prints its progress
     */
    public CifarDataSource(Map<String, String> variables, Path userHome, PrintStream progress) {
        this(variables, userHome, progress, () -> false);
    }

    /**
     * @param stopped true once the run is asked to stop (a signal): a download in progress is then given up at once
     */
    public CifarDataSource(Map<String, String> variables, Path userHome, PrintStream progress,
                           BooleanSupplier stopped) {
        if (variables == null || userHome == null || progress == null || stopped == null) {
            throw new IllegalArgumentException("the CIFAR-10 data source needs the environment variables, the home "
                    + "directory, a stream for download progress and a stop check");
        }
        this.variables = Map.copyOf(variables);
        this.userHome = userHome;
        this.progress = progress;
        this.stopped = stopped;
    }

    @Override
    public RunData open(RunSettings settings) {
        Cifar10 cifar;
        int trainSubset = settings.integer(Settings.TRAIN_SUBSET);
        int testSubset = settings.integer(Settings.TEST_SUBSET);
        try {
            cifar = location(settings).load(Cifar10Download.official(progress, stopped));
            if (trainSubset > 0 || testSubset > 0) {
                cifar = cifar.subset(trainSubset, testSubset);
            }
        } catch (DataSetException | IllegalArgumentException e) {
            throw new InputException(source(settings) + ": " + e.getMessage(), e);
        }
        Cifar10Iterator train = Cifar10Iterator.training(cifar.train(), settings.integer(Settings.BATCH_SIZE),
                settings.get(Settings.SEED), cifar.classes());
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

    @Override
    public ImageCounts check(RunSettings settings) {
        try {
            ImageCounts counts = location(settings).counts();
            counts.checkSubsets(settings.integer(Settings.TRAIN_SUBSET), settings.integer(Settings.TEST_SUBSET));
            return counts;
        } catch (DataSetException | IllegalArgumentException e) {
            throw new InputException(source(settings) + ": " + e.getMessage(), e);
        }
    }

    private DataLocation location(RunSettings settings) {
        return DataLocation.resolve(settings.get(Settings.DATA), variables, userHome);
    }

    /** Where the data setting came from, for messages: --data, SCHEMENET_DATA or the default directory. */
    private String source(RunSettings settings) {
        String data = settings.get(Settings.DATA);
        String variable = variables.get(DataLocation.ENVIRONMENT_VARIABLE);
        if (variable != null && (variable.equals(data) || Settings.recordedData(variable, null).equals(data))) {
            return DataLocation.ENVIRONMENT_VARIABLE + "=" + variable;
        }
        if (DataLocation.resolve(null, Map.of(), userHome).toString().equals(data)) {
            return "the default data directory " + data;
        }
        return "--data " + data;
    }
}
