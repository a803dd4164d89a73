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

    /**
     * A start that Spark stopped (its client gave up on a standalone master) is named as a master nobody answers
     * only when no address of the master takes a connection.
     */
    @Test
    void aMasterNobodyAnswersIsNamedOnlyWhenNoAddressTakesAConnection() throws java.io.IOException {
        org.schemenet.run.InputException e = SparkContexts.unanswered("spark://127.0.0.1:1", 61, null);
        assertEquals("--spark spark://127.0.0.1:1: no Spark master answered at 127.0.0.1:1 (Spark's client gave up "
                + "after 61 s); check the address and that the master is running (its log says 'Starting Spark master "
                + "at spark://HOST:PORT')", e.getMessage());
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            int port = listening.getLocalPort();
            assertEquals(null, SparkContexts.unanswered("spark://127.0.0.1:1,127.0.0.1:" + port, 61, null));
            assertEquals(null, SparkContexts.unanswered("spark://127.0.0.1:" + port, 61, null));
        }
        assertEquals(null, SparkContexts.unanswered("local[2]", 1, null));
        assertEquals(null, SparkContexts.unanswered("yarn", 1, null));
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
