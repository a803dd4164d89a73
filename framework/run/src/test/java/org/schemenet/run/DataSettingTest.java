package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data setting as a run records it: a folder's path absolute and normalised against the working
 * directory (so a resumed run, or {@code --config RUN/config.toml}, finds it from any other one); the
 * keyword {@code sample} and a URI (a Spark run's {@code hdfs://...}) as given.
 */
class DataSettingTest {
    private static final Path WORK = Path.of("/home/u/project/work");

    private static SettingsResolver resolver(String defaultData) {
        return new SettingsResolver(new Surroundings(Map.of(), defaultData, 2, () -> 1,
                () -> LocalDateTime.of(2026, 12, 6, 7, 0), WORK));
    }

    private static String data(SettingsResolver resolver, String given) {
        GivenSettings g = GivenSettings.flags(given == null ? Map.of(Settings.SCHEME, "euler")
                : Map.of(Settings.SCHEME, "euler", Settings.DATA, given), Map.of());
        return resolver.resolve(g).get(Settings.DATA);
    }

    @Test
    void aRelativeFolderIsRecordedAbsoluteAndNormalised() {
        SettingsResolver r = resolver("/data/cifar");
        assertEquals("/home/u/project/tinydata", data(r, "../tinydata"));
        assertEquals("/home/u/project/work/cifar", data(r, "./cifar/"));
        assertEquals("/data/cifar", data(r, "/data/./x/../cifar"));
    }

    @Test
    void keywordsStayAsTheyAre() {
        SettingsResolver r = resolver("/data/cifar");
        assertEquals("sample", data(r, "sample"));
        assertEquals("hdfs://namenode:8020/cifar", data(r, "hdfs://namenode:8020/cifar"));
    }

    @Test
    void aRelativeDefaultFromTheEnvironmentIsRecordedAbsolute() {
        assertEquals("/home/u/project/datasets/cifar", data(resolver("../datasets/cifar"), null));
        assertEquals("sample", data(resolver("sample"), null));
    }

    @Test
    void aResumedRunsDataFlagIsRecordedAbsoluteToo() {
        SettingsResolver r = resolver("/data/cifar");
        RunSettings recorded = r.resolve(GivenSettings.flags(Map.of(Settings.SCHEME, "euler", Settings.DATA,
                "/data/cifar"), Map.of()));
        RunSettings resumed = r.resume(recorded, GivenSettings.flags(Map.of(Settings.DATA, "../moved"), Map.of()));
        assertEquals("/home/u/project/moved", resumed.get(Settings.DATA));
    }
}
