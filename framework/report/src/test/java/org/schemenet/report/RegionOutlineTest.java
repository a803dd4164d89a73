package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schemenet.numerics.Complex;
import org.schemenet.numerics.StabilityFunction;

class RegionOutlineTest {

    /** Forward Euler as a linear multistep scheme: ρ(ζ) = ζ − 1, σ(ζ) = 1; stable iff |1 + z| <= 1. */
    private static final StabilityFunction EULER = new StabilityFunction.LinearMultistep(new double[] {1, -1},
            new double[] {1});

    @Test
    void eulersRegionIsTheUnitDiscAroundMinusOne() {
        RegionOutline o = RegionOutline.trace(EULER::isStable, -2.5, 0.5, -1.5, 1.5, 61);
        assertEquals(1, o.loops().size());
        List<Complex> loop = o.loops().get(0);
        for (Complex z : loop) {
            assertEquals(1.0, Math.hypot(z.re() + 1, z.im()), 1e-6, z.toString());
        }
        // a polygon inscribed in the circle: its area is below π and approaches it as the grid is refined
        double area = RegionOutline.signedArea(loop);
        assertTrue(area > 0, "counter-clockwise");
        assertTrue(area < Math.PI && area > 0.995 * Math.PI, "area " + area);
    }

    @Test
    void aHoleRunsClockwiseAndCountsNegative() {
        // the annulus 0.5 <= |z| <= 1: area π (1 − 1/4)
        RegionOutline o = RegionOutline.trace(z -> z.abs() <= 1 && z.abs() >= 0.5, -1.5, 1.5, -1.5, 1.5, 121);
        List<List<Complex>> loops = o.loops().stream()
                .sorted(Comparator.comparingDouble(RegionOutline::signedArea).reversed()).toList();
        assertEquals(2, loops.size());
        assertEquals(Math.PI, RegionOutline.signedArea(loops.get(0)), 0.005 * Math.PI);
        assertEquals(-Math.PI / 4, RegionOutline.signedArea(loops.get(1)), 0.005 * Math.PI);
        assertEquals(0.75 * Math.PI, o.area(), 0.005 * Math.PI);
    }

    @Test
    void aRegionLeavingTheBoxIsCutOffJustOutsideIt() {
        // the half-plane Re z <= 0 in [-1, 1]²: the loop runs half a spacing s = 2/40 outside the box
        // (midway to the padding) and along Re z = 0, a rectangle (1 + s/2) × (2 + s) less the two
        // corners on the left, which marching squares cuts diagonally (right triangles with legs s/2)
        RegionOutline o = RegionOutline.trace(z -> z.re() <= 0, -1, 1, -1, 1, 41);
        assertEquals(1, o.loops().size());
        double spacing = 2.0 / 40;
        assertEquals((1 + 0.5 * spacing) * (2 + spacing) - 2 * spacing * spacing / 8, o.area(), 1e-9);
        assertTrue(o.loops().get(0).stream().allMatch(z -> z.re() <= 1e-9 && z.re() >= -1 - spacing));
    }

    @Test
    void twoIslandsAreTwoLoopsAndNothingIsEmpty() {
        assertEquals(2, RegionOutline.trace(z -> Math.abs(z.im()) < 0.3 && Math.abs(Math.abs(z.re()) - 0.6) < 0.3,
                -1, 1, -1, 1, 41).loops().size());
        assertEquals(0, RegionOutline.trace(z -> false, -1, 1, -1, 1, 11).loops().size());
        assertThrows(IllegalArgumentException.class, () -> RegionOutline.trace(z -> true, 1, -1, -1, 1, 11));
    }
}
