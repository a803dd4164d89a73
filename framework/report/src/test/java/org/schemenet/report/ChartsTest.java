package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.numerics.StabilityFunction;

class ChartsTest {

    @Test
    void drawsTheStabilityRegionOfAbTwoFromItsPolynomials(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("ab2.png");
        Charts.stabilityRegion("AB2", new StabilityFunction.LinearMultistep(new double[] {1, -1, 0},
                new double[] {1.5, -0.5}), -2.5, 0.5, -1.5, 1.5, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(600, image.getWidth());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void drawsLearningCurvesAndCoefficientTraces(@TempDir Path dir) throws IOException {
        RunResult run = new RunResult("r", "lm", Map.of(), 20, 1, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.7, Map.of("stage1.unit0.k", -0.05)),
                new RunResult.EpochMetrics(2, 1.5, 0.6, Map.of("stage1.unit0.k", -0.04))));
        Charts.learningCurves(run, dir.resolve("curves.png"));
        assertTrue(Charts.coefficientTraces(run, dir.resolve("coefficients.png")));
        assertTrue(ImageIO.read(dir.resolve("curves.png").toFile()).getWidth() > 0);
        assertTrue(ImageIO.read(dir.resolve("coefficients.png").toFile()).getWidth() > 0);
        RunResult euler = new RunResult("e", "euler", Map.of(), 20, 1, "sample", 2, run.epochs().stream()
                .map(e -> new RunResult.EpochMetrics(e.epoch(), e.trainLoss(), e.testError(), Map.of())).toList());
        assertFalse(Charts.coefficientTraces(euler, dir.resolve("none.png")));
        assertEquals(List.of(dir.resolve("test-error-d20.png")), Charts.testErrorByDepth(List.of(run, euler), dir));
    }
}
