package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.numerics.StabilityFunction;

class ResultsReportTest {

    @Test
    void resultsMarkdownHoldsTheTableTheUnitAnalysisAndThePictures(@TempDir Path dir) throws Exception {
        RunResult run = new RunResult(dir.resolve("run1").toString(), "adams", Map.of("k", "2",
                "coefficients", "learnable"), 20, 1, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.7, Map.of("stage1.unit1.beta0", 1.2)),
                new RunResult.EpochMetrics(2, 1.5, 0.6, Map.of("stage1.unit1.beta0", 1.5))), "completed");
        List<CoefficientAnalysis.Outcome> units = CoefficientAnalysis.of(
                new CoefficientAnalysisTest.TwoStep(true), new CoefficientAnalysisTest.TwoStep(false),
                run.finalCoefficients());
        StabilityFunction fixed = StabilityFunction.of(new CoefficientAnalysisTest.TwoStep(false),
                w -> org.schemenet.numerics.ParameterValues.NONE).orElseThrow();
        ResultsReport.RunAnalysis a = new ResultsReport.RunAnalysis(run, Optional.of(fixed), units, null);
        List<Path> pictures = ResultsReport.runPictures(run, dir.resolve("run1"));
        pictures = new java.util.ArrayList<>(pictures);
        pictures.addAll(ResultsReport.stabilityPictures(a, dir.resolve("run1")));
        assertEquals(List.of(dir.resolve("run1/learning-curves.png"), dir.resolve("run1/coefficients.png"),
                dir.resolve("run1/stability-stage1.png")), pictures);
        for (Path p : pictures) {
            assertTrue(ImageIO.read(p.toFile()).getWidth() > 0, p.toString());
        }
        String md = ResultsReport.markdown(List.of(run), List.of(a), pictures, dir);
        assertTrue(md.contains("| adams coefficients=learnable k=2 | 20 | 2 | sample | 60.00 | 1 | s1 60.00 | 8.15 |"), md);
        // β_0 learned 3/2 = AB2: order 2, interval 1, 0.45 from the mean 1.05 of U(1, 1.1), 0 from AB2
        assertTrue(md.contains("| stage1.unit1 | beta0 1.5000 | beta0 1.0500 | beta0 1.5000 | yes | yes (1.0000) | "
                + "2.00 | 1.000 | 0.4500 | 0.0000 |"), md);
        assertTrue(md.contains("- [run1/stability-stage1.png](run1/stability-stage1.png)"), md);
        ResultsReport.writeAtomically(dir.resolve("results.md"), md);
        assertEquals(md, Files.readString(dir.resolve("results.md")));
    }

    @Test
    void coefficientsThatRanAwayAreShownInExponentForm() {
        assertEquals("1.0500", ResultsReport.coefficient(1.05));
        assertEquals("-1.656e+11", ResultsReport.coefficient(-1.6559038464E11));
        assertEquals("—", ResultsReport.coefficient(Double.NaN));
    }

    @Test
    void theViewFitsTheStabilityInterval() {
        double[] box = ResultsReport.box(2.0);
        assertEquals(-2.8, box[0], 1e-12);
        assertTrue(box[1] > 0 && box[2] < 0 && box[3] == -box[2]);
        assertEquals(ResultsReport.box(10)[0], ResultsReport.box(50)[0], 1e-12);
    }
}
