package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin project that docs/writing-a-scheme.md walks through: its source compiles
 * against the API, loads as a PF4J plugin, and {@code runner verify} reports what the page says.
 */
class LeapfrogExampleTest {

    private static final Path EXAMPLE = RunnerHarness.builtPlugins().getParent().resolve("docs/examples/leapfrog");
    private static final String CLASS = "org.example.leapfrog.LeapfrogScheme";

    @Test
    void theExampleCompilesLoadsAndVerifiesAsTheDocSays(@TempDir Path temp) throws IOException {
        String source = Files.readString(EXAMPLE.resolve("src/main/java/" + CLASS.replace('.', '/') + ".java"));
        assertTrue(source.contains("@Extension"), "the example registers its scheme with @Extension");
        Path folder = Files.createDirectories(temp.resolve("plugins"));
        PluginJar.build(folder, "schemenet-leapfrog.jar", "leapfrog", Map.of(CLASS, source), List.of(CLASS));

        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "leapfrog", "--plugins",
                folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.startsWith("leapfrog (nominal order 2)"), out);
        Matcher m = Pattern.compile("(?m)^  \\S.*?\\s+(\\d\\.\\d{3})\\s+(\\d\\.\\d{3})$").matcher(out);
        int rows = 0;
        while (m.find()) {
            assertEquals(2.0, Double.parseDouble(m.group(1)), 0.01, out);
            assertEquals(2.0, Double.parseDouble(m.group(2)), 0.01, out);
            rows++;
        }
        assertEquals(3, rows, out);
        assertTrue(out.contains("consistency: consistent"), out);
        assertTrue(out.contains("zero-stability (root condition): satisfied, roots of rho: [1.00000, -1.00000]"), out);
        Matcher interval = Pattern.compile("negative real axis: \\[-(\\S+), 0\\]").matcher(out);
        assertTrue(interval.find(), out);
        assertTrue(Double.parseDouble(interval.group(1)) < 0.01, "weakly stable: the interval is {0}: " + out);
        assertTrue(out.contains("verdict: PASS"), out);

        RunnerHarness.Result listed = RunnerHarness.run(Map.of(), "schemes", "--plugins", folder.toString());
        assertTrue(listed.out().contains("leapfrog — two-step leapfrog, y_{n+1} = y_{n-1} + 2 f_n(y_n)"), listed.out());
        assertTrue(listed.out().contains("plugin: leapfrog 1.2.3, schemenet-leapfrog.jar"), listed.out());
    }
}
