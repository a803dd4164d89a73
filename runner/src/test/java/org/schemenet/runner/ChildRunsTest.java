package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildRunsTest {

    @Test
    void childrenGetMemoryPropertiesAndOpensButNoAgents() {
        List<String> flags = ChildRuns.jvmFlags(List.of("-Xmx2g", "-agentlib:jdwp=transport=dt_socket",
                "-javaagent:/x/jacoco.jar", "-Dschemenet.home=/opt/s", "-XX:+UseG1GC", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xdebug", "-Djava.awt.headless=false"));
        assertEquals(List.of("-Xmx2g", "-Dschemenet.home=/opt/s", "-XX:+UseG1GC",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.awt.headless=false"), flags);
        assertTrue(ChildRuns.jvmFlags(List.of()).contains("-Djava.awt.headless=true"));
    }

    /**
     * The launcher's heap settings reach a sweep's runs whole: the collector and its sizing (-XX:) and the young
     * generation's size ({@code -Xmn}), without which the children ran the parallel collector with its default young
     * generation (the peak memory attempt 27 of docs/performance.md measured is the pair's).
     */
    @Test
    void childrenGetTheLaunchersHeapSettings() {
        List<String> launcher = List.of("-Xmx1g", "-XX:+UseParallelGC", "-Xmn16m", "-XX:SurvivorRatio=2",
                "-XX:-UseAdaptiveSizePolicy", "-Dschemenet.home=/opt/s");
        assertEquals(launcher, ChildRuns.jvmFlags(launcher).subList(0, launcher.size()));
    }

    @Test
    void theCommandIsThisJavaWithThisClassPathAndTheRunnersMain() {
        List<String> cmd = ChildRuns.command(List.of("--scheme", "euler"));
        int main = cmd.indexOf(Main.class.getName());
        assertTrue(main > 0, cmd.toString());
        assertEquals(System.getProperty("java.class.path"), cmd.get(main - 1));
        assertEquals("-cp", cmd.get(main - 2));
        assertEquals(List.of("--scheme", "euler"), cmd.subList(main + 1, cmd.size()));
        assertTrue(cmd.stream().anyMatch(a -> a.endsWith("/bin/java")), cmd.toString());
    }
}
