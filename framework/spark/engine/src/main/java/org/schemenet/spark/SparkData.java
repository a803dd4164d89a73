package org.schemenet.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.schemenet.data.BundledSample;
import org.schemenet.data.Cifar10;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.Cifar10Writer;
import org.schemenet.run.RunDirectory;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.run.InputException;

/**
 * Where a Spark run's CIFAR-10 binary files are: {@code --data DIR} (the files themselves, or
 * DIR/{@value Cifar10Layout#FOLDER}; a local path, or a Hadoop URI such as {@code hdfs://...}
 * that every executor can read), or, for {@code --data sample}, the bundled sample written once
 * into the run directory (visible to local masters and to clusters that share it).
 *
 * @param training the training files as a Hadoop glob
 * @param test     the test file
 */
record SparkData(String training, String test) {

    static SparkData of(RunSettings config) {
        if (config.integer(Settings.TRAIN_SUBSET) > 0 || config.integer(Settings.TEST_SUBSET) > 0) {
            throw new InputException("--train-subset and --test-subset are not available with --spark: the executors "
                    + "read whole batch files (make a smaller folder in the binary layout instead)");
        }
        if (config.get(Settings.DATA).equals("sample")) {
            Path folder = Path.of(config.get(Settings.OUT)).toAbsolutePath().resolve(RunDirectory.SPARK_DATA)
                    .resolve(Cifar10Layout.FOLDER);
            if (!Files.exists(folder.resolve(Cifar10Layout.TEST_FILE))) {
                Cifar10 sample = BundledSample.load();
                Cifar10Writer.writeFolder(folder, sample.train(), sample.test(), sample.classes());
            }
            return in(folder.toUri().toString());
        }
        String data = config.get(Settings.DATA);
        if (!data.contains("://")) {
            Path dir = Path.of(data).toAbsolutePath();
            if (Files.isDirectory(dir.resolve(Cifar10Layout.FOLDER))) {
                dir = dir.resolve(Cifar10Layout.FOLDER);
            }
            if (!Files.exists(dir.resolve(Cifar10Layout.TEST_FILE))) {
                throw new InputException("--data " + data + ": no " + Cifar10Layout.TEST_FILE + " there; a Spark run "
                        + "reads the CIFAR-10 binary release from a folder every executor can see (it does not "
                        + "download it): give the folder with data_batch_1.bin ... test_batch.bin");
            }
            return in(dir.toUri().toString());
        }
        return in(data);
    }

    private static SparkData in(String folderUri) {
        String base = folderUri.endsWith("/") ? folderUri : folderUri + "/";
        return new SparkData(base + "data_batch_*.bin", base + Cifar10Layout.TEST_FILE);
    }
}
