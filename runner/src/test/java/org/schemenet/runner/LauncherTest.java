package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runner/bin/runner, the real script, in a copy of the project's layout: it runs a build that is up
 * to date, refuses a build older than the sources (naming a newer file and how to rebuild), and
 * rebuilds on request. {@code JAVA} and {@code mvn} are stand-ins that record how they were called.
 */
class LauncherTest {

    private record Outcome(int exitCode, String output) {
    }

    private static Path project(Path dir) throws IOException {
        Path script = RunnerHarness.builtPlugins().getParent().resolve("runner/bin/runner");
        Files.createDirectories(dir.resolve("runner/bin"));
        Files.copy(script, dir.resolve("runner/bin/runner"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Path source = dir.resolve("framework/train/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Path test = dir.resolve("framework/train/src/test/java/ATest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "class ATest {}");
        Files.createDirectories(dir.resolve("runner/target/lib"));
        Files.writeString(dir.resolve("runner/target/schemenet-runner.jar"), "jar");
        // this build's class path, and a jar an earlier build left in lib/
        Files.writeString(dir.resolve("runner/target/classpath.txt"), "lib/gson-2.13.2.jar:lib/toml4j-0.7.2.jar");
        for (String jar : new String[] {"gson-2.13.2.jar", "toml4j-0.7.2.jar", "gson-2.8.1.jar"}) {
            Files.writeString(dir.resolve("runner/target/lib").resolve(jar), "jar");
        }
        Files.createDirectories(dir.resolve("bin"));
        script(dir.resolve("bin/java"), "echo \"java $*\"");
        script(dir.resolve("bin/mvn"), "echo \"mvn $*\" >&2; touch \"$PWD/runner/target/schemenet-runner.jar\"");
        age(dir, Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(dir.resolve("runner/target/schemenet-runner.jar"), FileTime.from(Instant.now()
                .minusSeconds(60)));
        return dir;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void age(Path dir, Instant when) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(when));
            }
        }
    }

    private static Outcome launch(Path project, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("runner/bin/runner").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("JAVA", project.resolve("bin/java").toString());
        pb.environment().put("PATH", project.resolve("bin") + ":" + System.getenv("PATH"));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Outcome(p.exitValue(), out);
    }

    @Test
    void runsAnUpToDateBuildRefusesAStaleOneAndRebuildsOnRequest(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        Outcome fresh = launch(project);
        assertEquals(0, fresh.exitCode(), fresh.output());
        assertTrue(fresh.output().contains("org.schemenet.runner.Main --version") && !fresh.output().contains("mvn"),
                fresh.output());
        String target = project.resolve("runner/target").toString();
        assertTrue(fresh.output().contains("-cp " + target + "/schemenet-runner.jar:" + target + "/lib/gson-2.13.2.jar:"
                + target + "/lib/toml4j-0.7.2.jar "), "exactly the build's class path: " + fresh.output());
        assertTrue(!fresh.output().contains("gson-2.8.1"), "not a jar an earlier build left: " + fresh.output());

        // a test source newer than the build does not matter; a main source does
        Files.setLastModifiedTime(project.resolve("framework/train/src/test/java/ATest.java"),
                FileTime.from(Instant.now()));
        assertEquals(0, launch(project).exitCode());
        Files.writeString(project.resolve("framework/train/src/main/java/A.java"), "class A { int x; }");
        Outcome stale = launch(project);
        assertEquals(2, stale.exitCode(), stale.output());
        assertTrue(stale.output().contains("the build in runner/target is older than the sources "
                + "(framework/train/src/main/java/A.java changed since)") && stale.output().contains(
                "SCHEMENET_REBUILD=1") && !stale.output().contains("org.schemenet.runner.Main"), stale.output());

        Outcome rebuilt = launch(project, "SCHEMENET_REBUILD", "1");
        assertEquals(0, rebuilt.exitCode(), rebuilt.output());
        assertTrue(rebuilt.output().contains("mvn -B -q -DskipTests package")
                && rebuilt.output().contains("org.schemenet.runner.Main --version"), rebuilt.output());
        assertEquals(0, launch(project).exitCode(), "the new build is up to date");
    }
}
