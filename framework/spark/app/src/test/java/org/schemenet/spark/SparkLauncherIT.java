package org.schemenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code framework/spark/bin/runner-spark} as a user runs it, against a master nobody answers (no cluster needed):
 * Spark's client logs each failed attempt as a warning; without {@code --verbose} those warnings are one line each,
 * without the stack traces Spark attaches to them, and the run ends with the runner's one error line and exit 2.
 */
@Timeout(300)
class SparkLauncherIT {
    private static final Path HOME = Path.of(System.getProperty("schemenet.home", "../../..")).toAbsolutePath()
            .normalize();
    private static final Path SPARK_HOME = Path.of(System.getProperty("schemenet.spark.home",
            "../home/target/spark-home")).toAbsolutePath().normalize();
    /** A stack frame or a cause, as log4j prints them under a message. */
    private static final Pattern TRACE = Pattern.compile("(?m)^(\\s+at |Caused by: |\\s+\\.\\.\\. \\d+ more)");

    record Run(int code, String out) {
    }

    private static Run launch(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(HOME.resolve("framework/spark/bin/runner-spark").toString()));
        cmd.addAll(Arrays.asList(args));
        Path log = dir.resolve("launcher.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("SPARK_HOME", SPARK_HOME.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runner-spark did not finish in 240 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Path plan(Path dir) throws IOException {
        return Files.writeString(dir.resolve("plan.toml"), """
                name = "unanswered"
                depths = [8]
                seeds = [1]
                [training]
                epochs = 1
                data = "sample"
                train-subset = 64
                test-subset = 32
                [[scheme]]
                name = "euler"
                """);
    }

    @Test
    void aMasterNobodyAnswersGivesSparksWarningsWithoutStackTracesAndOneErrorLine(@TempDir Path dir)
            throws Exception {
        Run r = launch(dir, "sweep", plan(dir).toString(), "--spark", "spark://127.0.0.1:1", "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("Failed to connect to master 127.0.0.1:1"), r.out());
        assertFalse(TRACE.matcher(r.out()).find(), r.out());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith(
                "error: --spark spark://127.0.0.1:1: no Spark master answered at 127.0.0.1:1"), r.out());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written: " + r.out());
    }
}
