package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner verify --plot}: the region of absolute stability next to the conformance table. */
class VerifyPlotTest {

    @Test
    void drawsTheRegionOfTheVerifiedScheme(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("rk4.png");
        RunnerHarness.Result r = RunnerHarness.run("verify", "--scheme", "rk", "--tableau", "rk4", "--plot",
                png.toString());
        assertEquals(0, r.exitCode(), r.err());
        // RK4: R(z) = 1 + z + z²/2 + z³/6 + z⁴/24, |R(-2.785)| = 1
        assertTrue(r.out().contains("[-2.785"), r.out());
        assertTrue(r.out().contains("region of absolute stability: " + png), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        // a 440-pixel-wide plot with equal scales on both axes (ChartsTest), the axis and the legend
        assertEquals(750, image.getWidth());
    }
}
