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

    private static final Path PAGE = EXAMPLE.getParent().getParent().resolve("writing-a-scheme.md");

    /** The code the page shows in section 2 compiles as written, with its imports added: every required method is there. */
    @Test
    void theCodeOnThePageCompiles(@TempDir Path temp) throws IOException {
        String page = Files.readString(PAGE);
        int at = page.indexOf("### The code");
        String code = page.substring(page.indexOf("```java\n", at) + 8, page.indexOf("```\n", page.indexOf("```java\n", at) + 8));
        String source = """
                package org.example.page;
                import java.util.List;
                import org.pf4j.Extension;
                import org.schemenet.scheme.*;
                import org.schemenet.wiring.*;
                """ + code;
        PluginJar.compile(Map.of("org.example.page.LeapfrogScheme", source), Files.createDirectories(temp.resolve("c")));
    }

    /** The TOML form of a custom tableau the page documents for the rk scheme parses and configures. */
    @Test
    void theCustomTableauTomlOnThePageConfiguresTheRkScheme(@TempDir Path temp) throws IOException {
        String page = Files.readString(PAGE);
        int at = page.indexOf("```toml\n", page.indexOf("### `rk`"));
        String toml = page.substring(at + 8, page.indexOf("```", at + 8)).lines().map(String::strip)
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(toml.contains("tableau = \"custom\""), toml);
        Path config = temp.resolve("custom.toml");
        Files.writeString(config, toml);
        RunnerHarness.Result r = RunnerHarness.run("--config", config.toString(), "--depth", "8", "--dry-run");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("scheme: rk (Runge-Kutta custom (2 stages), fixed weights; options {tableau=custom, "
                + "a=[[0.0, 0.0], [0.5, 0.0]], b=[0, 1]"), r.out());
        assertEquals("", r.err(), "the custom tableau passes the conformance check");
    }

    /** The example's own JUnit tests (the conformance kit on Van der Pol among them) pass against this build's API. */
    @Test
    void theExamplesOwnTestsPass(@TempDir Path temp) throws Exception {
        String test = CLASS + "Test";
        Map<String, String> sources = Map.of(
                CLASS, Files.readString(EXAMPLE.resolve("src/main/java/" + CLASS.replace('.', '/') + ".java")),
                test, Files.readString(EXAMPLE.resolve("src/test/java/" + test.replace('.', '/') + ".java")));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        PluginJar.compile(sources, classes);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> type = loader.loadClass(test);
            int ran = 0;
            for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    java.lang.reflect.Constructor<?> c = type.getDeclaredConstructor();
                    c.setAccessible(true);
                    m.setAccessible(true);
                    try {
                        m.invoke(c.newInstance());
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw new AssertionError(test + "." + m.getName() + " failed: " + e.getCause(), e.getCause());
                    }
                    ran++;
                }
            }
            assertEquals(5, ran, "the example's test methods");
        }
    }

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
        Matcher m = Pattern.compile("(?m)^  \\S.*?\\s+(\\d\\.\\d{3})\\s+(\\d\\.\\d{3})\\s+(\\d\\.\\d{3})$")
                .matcher(out);
        int rows = 0;
        while (m.find()) {
            for (int column = 1; column <= 3; column++) {   // exact start values, cold start, after a transition
                assertEquals(2.0, Double.parseDouble(m.group(column)), 0.01, out);
            }
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
