package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --workers, --parallel-mode, --spark and --spark-mode through the whole runner, in-process. */
class ScalingOptionsTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 40, 10, 3);
    }

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--scheme", "euler", "--depth", "8", "--epochs", "2", "--batch-size",
                "10", "--data", data.toString(), "--seed", "1", "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void twoWorkersTrainAndTheirSettingsGoToConfigAndSummary(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run(args(out, "--workers", "2"));
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("engine: ParallelWrapper, 2 workers, averaging (2 x 10 images per step)"), r.out());
        assertTrue(r.out().contains("done: 2 epochs"), r.out());
        String config = Files.readString(out.resolve("config.toml"));
        assertTrue(config.contains("workers = 2\nparallel-mode = \"averaging\"\n"), config);
        assertTrue(!config.contains("spark"), config);
        String summary = TrainingRunTest.compact(out.resolve("summary.json"));
        assertTrue(summary.contains("\"workers\":2") && summary.contains("\"engine\":\"ParallelWrapper, 2 workers"),
                summary);
        assertEquals(List.of("epoch-0001.zip", "epoch-0002.zip"),
                Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()).sorted().toList());
        // the written configuration repeats the parallel run
        RunnerHarness.Result repeat = RunnerHarness.run("--config", out.resolve("config.toml").toString(), "--out",
                dir.resolve("run2").toString());
        assertEquals(0, repeat.exitCode(), repeat.err());
        assertTrue(repeat.out().contains("engine: ParallelWrapper, 2 workers"), repeat.out());
    }

    @Test
    void misconfiguredScalingIsNamed(@TempDir Path dir) throws IOException {
        expectUsage(args(dir.resolve("a"), "--workers", "0"), "error: --workers: 0 is out of range; allowed: an "
                + "integer in [1, 2147483647]");
        expectUsage(args(dir.resolve("b"), "--parallel-mode", "ring"), "error: --parallel-mode: ring is out of range; "
                + "allowed: averaging or shared-gradients");
        expectUsage(args(dir.resolve("c"), "--workers", "2", "--spark", "local[2]"), "error: --workers and --spark "
                + "exclude each other");
        expectUsage(args(dir.resolve("f"), "--spark-mode", "shared-gradients"), "error: --spark-mode applies to Spark"
                + " runs only: give --spark MASTER as well, or drop it");
        expectUsage(args(dir.resolve("g"), "--spark-workers", "3"), "error: --spark-workers applies to Spark runs"
                + " only: give --spark MASTER as well, or drop it");
        assertFalse(Files.exists(dir.resolve("f")) || Files.exists(dir.resolve("g")), "nothing written");
        // gradient sharing needs workers to share between: with one worker it would be accepted and ignored
        expectUsage(args(dir.resolve("h"), "--parallel-mode", "shared-gradients"), "error: --parallel-mode "
                + "shared-gradients: this run has 1 worker, so there is nothing to share; give --workers N with N > 1 "
                + "(docs/scaling.md), or drop --parallel-mode\n");
        Path sharing = dir.resolve("sharing.toml");
        Files.writeString(sharing, "parallel-mode = \"shared-gradients\"\n");
        expectUsage(args(dir.resolve("i"), "--config", sharing.toString()), "error: 'parallel-mode' in " + sharing
                + " shared-gradients: this run has 1 worker, so there is nothing to share; give --workers N with N > 1 "
                + "(docs/scaling.md), or drop 'parallel-mode' in " + sharing + "\n");
        assertFalse(Files.exists(dir.resolve("h")) || Files.exists(dir.resolve("i")), "nothing written");
        expectUsage(args(dir.resolve("d"), "--spark", "local[2]"), "error: --spark local[2]: Spark training is not "
                + "in this build. Build it with 'mvn -B -Pspark -DskipTests install'");
        Path plan = dir.resolve("plan.toml");
        Files.writeString(plan, "depths = [8]\nseeds = [1]\n\n[training]\nepochs = 1\ndata = \""
                + data.toString().replace("\\", "\\\\") + "\"\n\n[[scheme]]\nname = \"euler\"\n");
        expectUsage(new String[] {"sweep", plan.toString(), "--spark", "spark://h:7077", "--out",
            dir.resolve("sweep").toString()}, "error: --spark spark://h:7077: sweeps on a Spark cluster are not in this "
                + "build. Build the Spark application with 'mvn -B -Pspark -DskipTests install'");
        Path sharingPlan = dir.resolve("sharing-plan.toml");
        Files.writeString(sharingPlan, Files.readString(plan).replace("[training]\n", "[training]\nparallel-mode = "
                + "\"shared-gradients\"\n"));
        RunnerHarness.Result shared = RunnerHarness.run("sweep", sharingPlan.toString(), "--out",
                dir.resolve("sharing-sweep").toString());
        assertEquals(2, shared.exitCode(), shared.err() + shared.out());
        assertTrue(shared.err().startsWith("error: plan " + sharingPlan + ": ") && shared.err().contains(
                "shared-gradients: this run has 1 worker, so there is nothing to share"), shared.err());
        assertFalse(Files.exists(dir.resolve("sharing-sweep")), "nothing written");
        Path toml = dir.resolve("bad.toml");
        Files.writeString(toml, "workers = \"two\"\n");
        RunnerHarness.Result r = RunnerHarness.run(args(dir.resolve("e"), "--config", toml.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("workers"), r.err());
    }

    private static void expectUsage(String[] args, String messageStart) {
        RunnerHarness.Result r = RunnerHarness.run(args);
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().startsWith(messageStart), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
