package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the runner reports about the ND4J back end (summary.json's "backend" block, {@code runner bench}). */
class BackendProbeTest {

    @Test
    void theCpuBuildSeesOneDeviceAndNamesItsBackEnd() {
        assertEquals(1, BackendProbe.devices());
        assertEquals("CpuBackend", BackendProbe.backendName());
    }

    @Test
    void environmentInformationHasTheReportedKeysInTheirOrder() {
        List<String> keys = new ArrayList<>(BackendProbe.environmentInformation().keySet());
        assertTrue(keys.contains("backend") && keys.contains("cores"), keys.toString());
        List<String> expected = new ArrayList<>(BackendProbe.ENVIRONMENT_KEYS);
        expected.retainAll(keys);
        assertEquals(expected, keys);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
                BackendProbe.environmentInformation().get("cores"));
    }

    @Test
    void dl4jAndNd4jVersionsAreKnownAndTheSameRelease() {
        String dl4j = BackendProbe.deeplearning4jVersion();
        assertNotEquals("unknown", dl4j);
        assertTrue(dl4j.matches("\\d+\\.\\d+\\.\\d+.*"), dl4j);
        assertEquals(dl4j, BackendProbe.nd4jVersion());
    }

    @Test
    void theNativeJarIsTheOneWithAPlatformClassifier() {
        String avx512 = "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar";
        String classPath = String.join(File.pathSeparator, "/m2/nd4j-native-1.0.0-M2.1.jar",
                "/m2/nd4j-native-preset-1.0.0-M2.1-linux-x86_64.jar", "/m2/" + avx512, "/m2/nd4j-api-1.0.0-M2.1.jar");
        assertEquals(avx512, BackendProbe.nativeJar(classPath));
        String cuda = "nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar";
        assertEquals(cuda, BackendProbe.nativeJar(String.join(File.pathSeparator, "/m2/nd4j-cuda-11.6-1.0.0-M2.1.jar",
                "lib/" + cuda)));
        assertEquals("unknown", BackendProbe.nativeJar("/m2/nd4j-native-1.0.0-M2.1.jar"));
        assertEquals("unknown", BackendProbe.nativeJar(""));
    }
}
