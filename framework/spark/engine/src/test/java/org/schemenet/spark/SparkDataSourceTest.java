package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.engine.RunData;
import org.schemenet.run.DataSetNames;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Setting;
import org.schemenet.run.Settings;

/**
 * A Spark run names its data set as a local run on the same data does ({@code summary.json}'s {@code data.name}),
 * so that the report puts both in one cell of its table.
 */
class SparkDataSourceTest {

    @Test
    void theSampleAndAFolderAreNamedAsALocalRunNamesThem(@TempDir Path work) {
        Path folder = SparkFixtures.folder(work.resolve("cifar"), 50, 20);
        RunData sample = new SparkDataSource().open(settings("sample", work.resolve("run-sample")));
        RunData files = new SparkDataSource().open(settings(folder.toString(), work.resolve("run-files")));

        assertEquals(DataSetNames.BUNDLED_SAMPLE, sample.description().get("name"));
        assertEquals(DataSetNames.CIFAR_10, files.description().get("name"));
        assertEquals(SparkDataSource.READER, files.description().get("reader"));
        assertEquals(50L, ((Number) files.description().get("trainImages")).longValue());
    }

    private static RunSettings settings(String data, Path out) {
        Map<Setting<?>, Object> v = new LinkedHashMap<>();
        v.put(Settings.DATA, data);
        v.put(Settings.OUT, out.toString());
        v.put(Settings.SEED, 1L);
        v.put(Settings.BATCH_SIZE, 8L);
        v.put(Settings.TRAIN_SUBSET, 0L);
        v.put(Settings.TEST_SUBSET, 0L);
        v.put(Settings.SPARK, "local[2]");
        v.put(Settings.SPARK_WORKERS, 2L);
        return new RunSettings(v, Map.of());
    }
}
