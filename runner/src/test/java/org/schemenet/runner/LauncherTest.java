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
        Files.copy(script.resolveSibling("stale-build.sh"), dir.resolve("runner/bin/stale-build.sh"));
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
        script(dir.resolve("bin/java"), "echo \"java $*\"; echo \"env OMP_NUM_THREADS=$OMP_NUM_THREADS "
                + "OMP_PROC_BIND=$OMP_PROC_BIND MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_\"");
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
        return launch(project, java.util.List.of("--version"), env);
    }

    private static Outcome launch(Path project, java.util.List<String> arguments, String... env) throws Exception {
        return launch(project, project.resolve("runner/bin/runner"), arguments, env);
    }

    /** Runs {@code script} (the project's launcher, or a link to it) with {@code project}'s stand-ins. */
    private static Outcome launch(Path project, Path script, java.util.List<String> arguments, String... env)
            throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", script.toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (String inherited : new String[] {"OMP_NUM_THREADS", "OMP_PROC_BIND", "OMP_PLACES",
            "OMP_THREAD_LIMIT", "MALLOC_MMAP_THRESHOLD_", "SCHEMENET_JAVA_OPTS"}) {
            pb.environment().remove(inherited);   // the test's outcome must not depend on the caller's settings
        }
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

    /** The {@code env ...} line the stand-in java printed: the native settings the launcher exported. */
    private static String exported(Outcome o) {
        assertEquals(0, o.exitCode(), o.output());
        return o.output().lines().filter(l -> l.startsWith("env ")).findFirst().orElseThrow(() ->
                new AssertionError("no env line in " + o.output()));
    }

    /**
     * OpenMP reads its settings once, at start, so the launcher turns {@code --threads N} into
     * {@code OMP_NUM_THREADS=N} and runs {@code --workers N > 1} unbound ({@code OMP_PROC_BIND=false}: with
     * {@code close} every worker thread would share the one core of the thread that started ND4J); the user's own
     * environment wins, and the malloc threshold defaults to 4 MiB (docs/performance.md, attempt 21a).
     */
    @Test
    void exportsTheNativeThreadSettingsTheArgumentsAsk(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        ProcessBuilder nproc = new ProcessBuilder("nproc").redirectErrorStream(true);
        nproc.environment().remove("OMP_NUM_THREADS");   // nproc honours it
        nproc.environment().remove("OMP_THREAD_LIMIT");
        Process nprocProcess = nproc.start();
        String cores = new String(nprocProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(nprocProcess.waitFor(30, TimeUnit.SECONDS) && cores.matches("[1-9][0-9]*"), cores);

        assertEquals("env OMP_NUM_THREADS=" + cores + " OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project)));
        assertEquals("env OMP_NUM_THREADS=1 OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--threads", "1", "--dry-run"))));
        assertEquals("env OMP_NUM_THREADS=3 OMP_PROC_BIND=false MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--threads=3", "--workers", "2"))));
        assertEquals("env OMP_NUM_THREADS=" + cores + " OMP_PROC_BIND=false MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--workers=4"))));
        assertEquals("env OMP_NUM_THREADS=" + cores + " OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--workers", "1", "--threads", "0"))),
                "one worker stays bound; --threads 0 is the runner's to refuse, not the launcher's to export");
        assertEquals("env OMP_NUM_THREADS=2 OMP_PROC_BIND=spread MALLOC_MMAP_THRESHOLD_=131072",
                exported(launch(project, java.util.List.of("--workers", "2"), "OMP_NUM_THREADS", "2",
                        "OMP_PROC_BIND", "spread", "MALLOC_MMAP_THRESHOLD_", "131072")), "the user's settings win");
        assertEquals("env OMP_NUM_THREADS=" + cores + " OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--version"), "v", "7", "w", "2", "threads_argument", "7",
                        "workers_argument", "2")), "only the arguments count, not variables of those names in the environment");
    }

    /**
     * A resumed run, and a run repeated from a configuration file, start with the native thread count their
     * {@code config.toml} records: OpenMP reads it once, at start, so the launcher must export it (a resume with the
     * machine's default instead trained with other threads and gave other metrics). The order: {@code --threads} on
     * the command line, then the file's top-level {@code threads}, then {@code OMP_NUM_THREADS}, then the cores.
     */
    @Test
    void aResumedOrRepeatedRunStartsWithTheThreadsItsConfigurationRecords(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        Path run = Files.createDirectories(dir.resolve("runs/r1"));
        Files.writeString(run.resolve("config.toml"), "# schemenet run configuration\ndepth = 8\nthreads = 1\n"
                + "seed = 5\n\n[scheme]\nname = \"euler\"\n");
        Path file = Files.writeString(dir.resolve("my-run.toml"), "epochs = 2\n  threads = 3   # pinned\n[scheme]\n"
                + "name = \"adams\"\nthreads = 9\n");
        Path inTable = Files.writeString(dir.resolve("in-table.toml"), "[scheme]\nname = \"euler\"\nthreads = 9\n");
        String rest = " OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304";
        assertEquals("env OMP_NUM_THREADS=1" + rest, exported(launch(project, java.util.List.of("--resume",
                run.toString()))));
        assertEquals("env OMP_NUM_THREADS=1" + rest, exported(launch(project, java.util.List.of("--resume=" + run),
                "OMP_NUM_THREADS", "4")), "the run's record wins over the environment");
        assertEquals("env OMP_NUM_THREADS=2" + rest, exported(launch(project, java.util.List.of("--resume",
                run.toString(), "--threads", "2"))), "--threads on the command line wins");
        assertEquals("env OMP_NUM_THREADS=3" + rest, exported(launch(project, java.util.List.of("--config",
                file.toString(), "--epochs", "3"))));
        assertEquals("env OMP_NUM_THREADS=4" + rest, exported(launch(project, java.util.List.of("--config="
                + inTable), "OMP_NUM_THREADS", "4")), "only a top-level threads counts, not one in a table");
        assertEquals("env OMP_NUM_THREADS=4" + rest, exported(launch(project, java.util.List.of("--resume",
                dir.resolve("no-such-run").toString()), "OMP_NUM_THREADS", "4")), "no file: the runner says so");
    }

    /** A symbolic link to the launcher (e.g. in ~/bin) runs the project it links to, not one next to the link. */
    @Test
    void aSymbolicLinkToTheLauncherRunsTheProjectItPointsTo(@TempDir Path dir) throws Exception {
        Path project = project(dir.resolve("project"));
        Path link = Files.createDirectories(dir.resolve("elsewhere/bin")).resolve("runner");
        Files.createSymbolicLink(link, project.resolve("runner/bin/runner"));
        String options = jvmOptions(launch(project, link, java.util.List.of("--version")));
        assertTrue(options.contains(" -Dschemenet.home=" + project.toRealPath() + " "), options);
    }

    /** An {@code OMP_NUM_THREADS} that is not a positive whole number stops the launcher with one line (exit 2). */
    @Test
    void aThreadCountInTheEnvironmentThatIsNotANumberIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        Outcome o = launch(project, java.util.List.of("--version"), "OMP_NUM_THREADS", "abc");
        assertEquals(2, o.exitCode(), o.output());
        assertEquals("schemenet: OMP_NUM_THREADS=abc is not a positive whole number; unset it, or give --threads N",
                o.output().strip());
        assertEquals("env OMP_NUM_THREADS=2" + " OMP_PROC_BIND=close MALLOC_MMAP_THRESHOLD_=4194304",
                exported(launch(project, java.util.List.of("--threads", "2"), "OMP_NUM_THREADS", "abc")),
                "--threads replaces it");
    }

    /** The {@code java ...} line the stand-in java printed: the JVM options up to the main class. */
    private static String jvmOptions(Outcome o) {
        assertEquals(0, o.exitCode(), o.output());
        String line = o.output().lines().filter(l -> l.startsWith("java ")).findFirst().orElseThrow(() ->
                new AssertionError("no java line in " + o.output()));
        return line.substring(0, line.indexOf(" -cp "));
    }

    /**
     * The Java heap settings measured for peak memory (docs/performance.md, attempt 25): the parallel collector with
     * a 16 MiB young generation, unless {@code SCHEMENET_JAVA_OPTS} picks a collector (two would stop the JVM);
     * {@code SCHEMENET_JAVA_OPTS} comes after the launcher's options, so the user's {@code -Xmn}/{@code -Xmx} win.
     */
    @Test
    void choosesTheCollectorAndYoungGenerationUnlessTheUserDoes(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        String home = project.toString();
        assertEquals("java -Xmx1g -XX:+UseParallelGC -Xmn16m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy -Dschemenet.home=" + home
                + " -Dorg.eclipse.deeplearning4j.helpers.disable=false", jvmOptions(launch(project)));
        assertEquals("java -Xmx1g -Dschemenet.home=" + home + " -Dorg.eclipse.deeplearning4j.helpers.disable=false"
                + " -XX:+UseG1GC -Xmn64m", jvmOptions(launch(project, "SCHEMENET_JAVA_OPTS", "-XX:+UseG1GC -Xmn64m")));
        assertEquals("java -Xmx1g -XX:+UseParallelGC -Xmn16m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy -Dschemenet.home=" + home
                + " -Dorg.eclipse.deeplearning4j.helpers.disable=false -Xmx2g -Xmn32m",
                jvmOptions(launch(project, "SCHEMENET_JAVA_OPTS", "-Xmx2g -Xmn32m")));
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
        // nor does one of the Spark modules: built only with -Pspark, into their own application, not the runner's
        Path spark = project.resolve("framework/spark/engine/src/main/java/S.java");
        Files.createDirectories(spark.getParent());
        Files.writeString(spark, "class S {}");
        Outcome sparkChanged = launch(project);
        assertEquals(0, sparkChanged.exitCode(), sparkChanged.output());
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

    /**
     * The Spark launcher refuses a Spark application older than the sources as the runner's launcher refuses its
     * build (the same check, runner/bin/stale-build.sh), Spark modules' sources included, and rebuilds with
     * {@code -Pspark install} on request.
     */
    @Test
    void theSparkLauncherRefusesAStaleApplicationAndRebuildsOnRequest(@TempDir Path dir) throws Exception {
        Path project = project(dir);
        Path launcher = project.resolve("framework/spark/bin/runner-spark");
        Files.createDirectories(launcher.getParent());
        Files.copy(RunnerHarness.builtPlugins().getParent().resolve("framework/spark/bin/runner-spark"), launcher);
        Path app = project.resolve("framework/spark/app/target/schemenet-spark-app.jar");
        Files.createDirectories(app.getParent());
        Files.createDirectories(project.resolve("framework/spark/home/target/spark-home/jars"));
        Files.writeString(app, "jar");
        script(project.resolve("bin/mvn"), "echo \"mvn $*\" >&2; touch \"$PWD/framework/spark/app/target/"
                + "schemenet-spark-app.jar\"");
        Files.setLastModifiedTime(app, FileTime.from(Instant.now().minusSeconds(60)));
        java.util.List<String> version = java.util.List.of("--version");

        Outcome fresh = launch(project, launcher, version);
        assertEquals(0, fresh.exitCode(), fresh.output());
        assertTrue(fresh.output().contains("org.schemenet.spark.SparkMain --version") && !fresh.output().contains("mvn"),
                fresh.output());

        Path spark = project.resolve("framework/spark/engine/src/main/java/S.java");
        Files.createDirectories(spark.getParent());
        Files.writeString(spark, "class S {}");
        Outcome stale = launch(project, launcher, version);
        assertEquals(2, stale.exitCode(), stale.output());
        assertTrue(stale.output().contains("schemenet: the Spark application in framework/spark/app/target is older "
                + "than the sources (framework/spark/engine/src/main/java/S.java changed since); rebuild with "
                + "'SCHEMENET_REBUILD=1 ") && stale.output().contains("'mvn -B -DskipTests -Pspark install'")
                && !stale.output().contains("SparkMain"), stale.output());

        Outcome rebuilt = launch(project, launcher, version, "SCHEMENET_REBUILD", "1");
        assertEquals(0, rebuilt.exitCode(), rebuilt.output());
        assertTrue(rebuilt.output().contains("mvn -B -q -DskipTests -Pspark install")
                && rebuilt.output().contains("org.schemenet.spark.SparkMain --version"), rebuilt.output());
        assertEquals(0, launch(project, launcher, version).exitCode(), "the new application is up to date");
    }
}
