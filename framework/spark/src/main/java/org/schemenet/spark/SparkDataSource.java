package org.schemenet.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.schemenet.data.Cifar10Layout;
import org.schemenet.data.ImageCounts;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.runner.DataSource;
import org.schemenet.runner.RunData;

/** The data of a Spark run: training images stay with the executors; the driver reads the test set. */
public final class SparkDataSource implements DataSource {

    @Override
    public RunData open(RunSettings config) {
        SparkData data = SparkData.of(config);
        SparkEpochData epochs = new SparkEpochData(new Configuration(), data.training(), data.test(),
                config.integer(Settings.BATCH_SIZE));
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", "cifar-10 binary files, read by the Spark executors");
        description.put("training", data.training());
        description.put("test", data.test());
        description.put("trainImages", epochs.trainingImages());
        return new RunData(epochs, Cifar10Layout.SIDE, Cifar10Layout.SIDE, Cifar10Layout.CHANNELS,
                Cifar10Layout.CLASSES, description, "cifar-10 binary files " + data.training() + " ("
                + epochs.trainingImages() + " training images, read by the executors) and " + data.test());
    }

    /** The files' record counts (the executors read whole files: no subsets). */
    @Override
    public ImageCounts check(RunSettings config) {
        SparkData data = SparkData.of(config);
        Configuration hadoop = new Configuration();
        return new ImageCounts(Math.toIntExact(SparkEpochData.countRecords(hadoop, data.training())),
                Math.toIntExact(SparkEpochData.countRecords(hadoop, data.test())));
    }
}
