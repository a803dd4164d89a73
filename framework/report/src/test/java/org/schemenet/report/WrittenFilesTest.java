package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the report writes is readable by everyone (rw-r--r--), like the trainer's files: the
 * files are written through temporary files, which Java creates owner-only (rw-------).
 */
class WrittenFilesTest {

    @Test
    void picturesAndTextAreWrittenRwRR(@TempDir Path dir) throws IOException {
        RunResult run = new RunResult(dir.toString(), "euler", Map.of(), 20, 1, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.7, Map.of()), new RunResult.EpochMetrics(2, 1.5, 0.6, Map.of())));
        List<Path> pictures = ResultsReport.runPictures(run, dir);
        ResultsReport.writeAtomically(dir.resolve(ResultsReport.RESULTS), "# Results\n");
        for (Path p : List.of(pictures.get(0), dir.resolve(ResultsReport.RESULTS))) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }
}
