package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark application on a real standalone cluster: a master and two workers started as their own
 * JVMs from the project's Spark (each worker in its own network namespace where the machine allows
 * it, see {@link SparkCluster}), and the application submitted as docs/scaling.md says, through
 * {@code framework/spark/bin/runner-spark}, which runs spark-submit's main class with the shaded
 * application jar. The shared folder is this test's temporary folder: data, run directories, locks,
 * logs and checkpoints are there, as on a cluster's shared disk.
 *
 * <ul>
 *   <li>a tiny run (depth 8, 2 epochs, 2 workers) trains with parameter averaging, its tasks spread
 *   over both executors, its records and checkpoints in the run directory on the shared folder;</li>
 *   <li>the same run with the same seed, stopped by SIGTERM while it trains and resumed with the command
 *   it prints, ends with exactly the metrics of the uninterrupted run (the same seed gives the same
 *   result on the cluster, and the resume hint is a command that works);</li>
 *   <li>a two-run sweep ({@code sweep PLAN --spark MASTER}) trains each run as one task, one on each
 *   executor, each run's child runner writing its directory on the shared folder, and the report on the driver.</li>
 * </ul>
 */
@Timeout(1500)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
    @TempDir
    static Path shared;
    private static SparkCluster cluster;
    private static Path data;
    private static final Path HOME = Path.of(System.getProperty("schemenet.home", "../../..")).toAbsolutePath()
            .normalize();
    private static final Path SPARK_HOME = Path.of(System.getProperty("schemenet.spark.home",
            "../home/target/spark-home")).toAbsolutePath().normalize();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SparkCluster.start(SPARK_HOME, Files.createDirectories(shared.resolve("cluster")), "1500m");
        System.out.println("cluster: " + cluster.master() + ", workers " + cluster.workers() + (cluster.isolated()
                ? " in their own network namespaces" : " on the loopback interface (no network namespaces here)"));
        data = SparkFixtures.folder(shared.resolve("cifar"), 200, 20);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The output and exit code of a launcher run. */
    record Run(int code, String out) {
    }

    /** {@code framework/spark/bin/runner-spark ARGS} as a user runs it, the driver at the cluster's host address. */
    private static Process launch(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(HOME.resolve("framework/spark/bin/runner-spark").toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", SPARK_HOME.toString());
        env.put("SPARK_LOCAL_IP", cluster.host());
        env.put("SCHEMENET_SPARK_CONF", "--conf spark.driver.host=" + cluster.host()
                + " --conf spark.executor.memory=1g --conf spark.ui.enabled=false");
        env.put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static Run run(String name, String... args) throws Exception {
        Path log = shared.resolve(name + ".log");
        Process p = launch(log, args);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in 600 s: " + SparkCluster.read(log));
        }
        return new Run(p.exitValue(), SparkCluster.read(log));
    }

    private static String[] trainingRun(Path out, int epochs) {
        return new String[] {"--spark", cluster.master(), "--spark-workers", "2", "--scheme", "euler", "--depth", "8",
            "--epochs", Integer.toString(epochs), "--batch-size", "10", "--data", data.toString(), "--seed", "3",
            "--threads", "1", "--out", out.toString()};
    }

    /** {@code executor 0 on HOST: N} pairs of the engine's closing line. */
    static Map<String, Integer> taskCounts(String out) {
        Matcher line = Pattern.compile("spark: tasks by executor: (.*)").matcher(out);
        assertTrue(line.find(), out);
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = Pattern.compile("(executor \\S+ on \\S+): (\\d+)").matcher(line.group(1));
        while (m.find()) {
            counts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return counts;
    }

    private static void assertBothExecutors(Map<String, Integer> counts, String out) {
        assertEquals(2, counts.size(), "two executors took tasks: " + counts + "\n" + out);
        assertTrue(counts.values().stream().allMatch(n -> n > 0), counts.toString());
        if (cluster.isolated()) {
            assertEquals(2, counts.keySet().stream().map(k -> k.substring(k.indexOf(" on ") + 4)).distinct().count(),
                    "one executor in each worker's namespace: " + counts);
        }
    }

    /** metrics.csv without the timing columns. */
    private static List<String> withoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, 5))).toList();
    }

    @Test
    @Order(1)
    void aRunTrainsOnBothExecutorsWithItsRecordsOnTheSharedFolder() throws Exception {
        Path out = shared.resolve("runs").resolve("whole");
        Run r = run("whole", trainingRun(out, 2));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("engine: Spark " + cluster.master() + ", parameter averaging, 2 workers x 10 images "
                + "per averaging round (2 task slots)"), r.out());
        assertTrue(r.out().contains("done: 2 epochs"), r.out());
        Map<String, Integer> counts = taskCounts(r.out());
        System.out.println("cluster run: " + counts);
        assertBothExecutors(counts, r.out());
        // 2 epochs x 10 rounds x 2 jobs (DL4J counts the round's batch names, then trains them) x 2 tasks
        assertEquals(80, counts.values().stream().mapToInt(Integer::intValue).sum(), counts.toString());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertEquals(List.of("epoch-0001.zip", "epoch-0002.zip"), Files.list(out.resolve("checkpoints"))
                .map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(SparkCluster.read(out.resolve("config.toml")).contains("spark = \"" + cluster.master()
                + "\"\nspark-mode = \"averaging\"\nspark-workers = 2\n"));
    }

    @Test
    @Order(2)
    void anInterruptedClusterRunResumesWithThePrintedCommandToTheSameResult() throws Exception {
        Path out = shared.resolve("runs").resolve("stopped");
        Path log = shared.resolve("stopped.log");
        Process p = launch(log, trainingRun(out, 2));
        // stop it while it trains: once the first epoch's row is written, during the second epoch
        SparkCluster.awaitLine(out.resolve("metrics.csv"), l -> l.startsWith("1,"), Duration.ofSeconds(600), p);
        p.destroy();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), SparkCluster.read(log));
        String stopped = SparkCluster.read(log);
        assertEquals(143, p.exitValue(), stopped);
        Matcher hint = Pattern.compile("resume with: (\\S+) --resume (\\S+)").matcher(stopped);
        assertTrue(hint.find(), stopped);
        assertEquals(HOME.resolve("framework/spark/bin/runner-spark").toString(), hint.group(1));
        assertEquals(out.toString(), hint.group(2));
        assertTrue(Files.list(out.resolve("checkpoints")).findAny().isPresent(), stopped);

        Run resumed = run("resumed", "--resume", out.toString());
        assertEquals(0, resumed.code(), resumed.out());
        assertTrue(resumed.out().contains("resuming run " + out + " from checkpoints/"), resumed.out());
        assertTrue(resumed.out().contains("engine: Spark " + cluster.master()), resumed.out());
        // the same seed on the cluster: the interrupted and resumed run ends where the uninterrupted one ended
        assertEquals(withoutTimes(shared.resolve("runs").resolve("whole")), withoutTimes(out));
    }

    @Test
    @Order(3)
    void aSweepTrainsEachRunAsOneTaskOnItsOwnExecutor() throws Exception {
        Path plan = shared.resolve("pair.toml");
        Files.writeString(plan, """
                depths = [8]
                seeds = [1, 2]

                [training]
                epochs = 1
                batch-size = 10
                data = "%s"

                [[scheme]]
                name = "euler"
                """.formatted(data));
        Path sweep = shared.resolve("runs").resolve("pair");
        Run r = run("sweep", "sweep", plan.toString(), "--spark", cluster.master(), "--out", sweep.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("runs on: Spark " + cluster.master() + " (2 task slots), 2 at a time, 1 thread "
                + "each"), r.out());
        Map<String, Integer> counts = taskCounts(r.out());
        System.out.println("cluster sweep: " + counts);
        assertBothExecutors(counts, r.out());
        assertEquals(Map.of(1, 2), Map.of(counts.values().stream().mapToInt(Integer::intValue).max().orElse(0),
                counts.size()), "one run per executor: " + counts);
        for (String name : List.of("euler-d8-e1-s1", "euler-d8-e1-s2")) {
            Path dir = sweep.resolve(name);
            assertTrue(Pattern.compile("finished " + name + " \\(\\d+ s on executor \\S+ on \\S+\\)").matcher(r.out())
                    .find(), r.out());
            assertEquals(2, Files.readAllLines(dir.resolve("metrics.csv")).size(), name);
            assertTrue(Files.exists(dir.resolve("checkpoints").resolve("epoch-0001.zip")), name);
            assertTrue(SparkCluster.read(dir.resolve("runner.log")).contains("done: 1 epoch,"), name);
        }
        assertTrue(Files.exists(sweep.resolve("results.md")), r.out());
    }
}
