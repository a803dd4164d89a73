package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SparkMisconfigurationTest {

    @Test
    void mastersAreCheckedBeforeSparkStarts() {
        for (String ok : new String[] {"local", "local[2]", "local[*]", "local[4,2]", "spark://node1:7077",
                "spark://a:7077,b:7077", "yarn", "k8s://https://host:6443", "mesos://host:5050"}) {
            new SparkMaster(ok);
        }
        for (String bad : new String[] {"locale", "local[0]", "local[]", "spark://node1", "http://host:7077", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkMaster(bad));
            assertEquals("unknown Spark master '" + bad + "'; allowed: local, local[N], local[*], spark://HOST:PORT, "
                    + "yarn, k8s://HOST:PORT, mesos://HOST:PORT", e.getMessage());
        }
        assertTrue(new SparkMaster("local[2]").local());
    }

    @Test
    void settingsAndModesNameWhatIsWrong() {
        SparkMaster m = new SparkMaster("local[2]");
        assertEquals("batch size per worker must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new SparkSettings(m, SparkMode.AVERAGING, 0, 1))
                        .getMessage());
        assertEquals("the number of Spark workers must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new SparkSettings(m, SparkMode.AVERAGING, 8, 0))
                        .getMessage());
        assertEquals("unknown Spark mode 'ring'; allowed: averaging, shared-gradients",
                assertThrows(IllegalArgumentException.class, () -> SparkMode.parse("ring")).getMessage());
    }

    @Test
    void missingOpensAreNamedAsFlags() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JavaOpens.require(Set.of("java.nio", "java.util")::contains));
        assertTrue(e.getMessage().startsWith("Spark on Java " + Runtime.version().feature() + " needs the JVM flags "
                + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
                + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED (missing)"), e.getMessage());
        assertTrue(e.getMessage().contains("spark.executor.extraJavaOptions"), e.getMessage());
    }

    @Test
    void thisJvmHasTheOpensSurefirePasses() {
        JavaOpens.require(); // the module's surefire argLine carries JavaOpens.flags()
    }
}
