package org.schemenet.train.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MultiStepScheduleTest {

    @Test
    void thePapersScheduleDividesByTenAfterEpochs80And120() {
        MultiStepSchedule s = new MultiStepSchedule(0.1, 0.1, MultiStepSchedule.paperMilestones(160));
        assertArrayEquals(new int[] {80, 120}, s.milestones());
        // DL4J's epoch counter is 0-based: epoch index 79 is the 80th epoch
        assertEquals(0.1, s.valueAt(0, 0), 1e-15);
        assertEquals(0.1, s.valueAt(12345, 79), 1e-15);
        assertEquals(0.01, s.valueAt(0, 80), 1e-15);
        assertEquals(0.01, s.valueAt(0, 119), 1e-15);
        assertEquals(0.001, s.valueAt(0, 120), 1e-15);
        assertEquals(0.001, s.valueAt(0, 159), 1e-15);
    }

    @Test
    void milestonesScaleToHalfAndThreeQuartersOfAShorterRunRoundedUp() {
        assertArrayEquals(new int[] {1, 1}, MultiStepSchedule.paperMilestones(1));
        assertArrayEquals(new int[] {1, 2}, MultiStepSchedule.paperMilestones(2));
        assertArrayEquals(new int[] {2, 3}, MultiStepSchedule.paperMilestones(3));
        assertArrayEquals(new int[] {5, 8}, MultiStepSchedule.paperMilestones(10));
        assertArrayEquals(new int[] {50, 75}, MultiStepSchedule.paperMilestones(100));
        // two equal milestones divide twice
        assertEquals(0.001, new MultiStepSchedule(0.1, 0.1, new int[] {1, 1}).valueAt(0, 1), 1e-15);
    }

    @Test
    void rejectsBadSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0, 0.1, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0.1, 1.5, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0.1, 0.1, new int[] {5, 3}));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0.1, 0.1, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> MultiStepSchedule.paperMilestones(0));
    }
}
