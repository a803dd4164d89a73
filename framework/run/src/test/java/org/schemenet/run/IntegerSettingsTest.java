package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What an integer setting allows, in words, is its whole range: a setting bounded by its Java type (an int's
 * 2147483647, a long's 9223372036854775807) names its largest value, so that a value above it is not refused
 * with a text ({@code an integer >= 1}) that the value meets.
 */
class IntegerSettingsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyIntegerSettingNamesItsLargestValue() {
        int checked = 0;
        for (Setting<?> any : Settings.ALL) {
            if (!(any.type() instanceof SettingType.Integer)) {
                continue;
            }
            Setting<Long> s = (Setting<Long>) any;
            long largest;
            if (s.allows(Long.MAX_VALUE)) {
                largest = Long.MAX_VALUE;
            } else {
                assertFalse(s.allows(Integer.MAX_VALUE + 1L), s.key() + ": bounded by neither a long nor an int");
                largest = Integer.MAX_VALUE;
                while (!s.allows(largest)) {   // the depth's 6n + 2: a few below
                    largest--;
                }
            }
            assertTrue(s.allowed().contains(String.valueOf(largest)),
                    s.key() + " allows up to " + largest + ", but says: " + s.allowed());
            checked++;
        }
        assertEquals(9, checked, "the integer settings");
    }

    @Test
    void aValueAboveAnIntSettingsRangeNamesTheRange() {
        assertEquals("an integer in [1, 2147483647]", Settings.EPOCHS.allowed());
        assertEquals("an integer in [0, 2147483647] (0 = all)", Settings.TRAIN_SUBSET.allowed());
        assertEquals("an integer in [1, 2147483647]", Settings.THREADS.allowed());
        assertEquals("an integer in [1, 2147483647]", Settings.WORKERS.allowed());
        assertEquals("6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ..., 2147483642)", Settings.DEPTH.allowed());
        InputException e = assertThrows(InputException.class, () -> SettingsResolver.check(Settings.EPOCHS,
                3_000_000_000L, "--epochs"));
        assertEquals("--epochs: 3000000000 is out of range; allowed: an integer in [1, 2147483647]", e.getMessage());
    }

    @Test
    void aMilestoneTooLargeIsOutOfRangeAndTheRangeIsNamed() {
        assertEquals("non-decreasing epochs in [1, 2147483647], e.g. [80, 120]", Settings.MILESTONES.allowed());
        assertFalse(Settings.MILESTONES.allows(java.util.List.of(80L, Integer.MAX_VALUE + 1L)));
        assertTrue(Settings.MILESTONES.allows(java.util.List.of(80L, (long) Integer.MAX_VALUE)));
        SettingType.IntegerList list = new SettingType.IntegerList();
        assertEquals(java.util.List.of(80L, 120L), list.parse(" 80, +120 "));
        assertEquals("99999999999999999999 is out of range", assertThrows(IllegalArgumentException.class,
                () -> list.parse("80, 99999999999999999999")).getMessage());
        assertEquals("-99999999999999999999 is out of range", assertThrows(IllegalArgumentException.class,
                () -> list.parse("[-99999999999999999999]")).getMessage());
        assertEquals("'x' is not an integer", assertThrows(IllegalArgumentException.class,
                () -> list.parse("80,x")).getMessage());
        assertEquals("'80,,120' has an empty element", assertThrows(IllegalArgumentException.class,
                () -> list.parse("80,,120")).getMessage());
        assertEquals(java.util.List.of(), list.parse(""), "no milestones: the rate never drops");
    }

    /** A list's fault names the element at fault, not the whole list. */
    @Test
    void aMilestonesFaultNamesTheElement() {
        assertEquals(java.util.Optional.of("3000000000 is out of range"),
                Settings.MILESTONES.fault(java.util.List.of(80L, 3_000_000_000L)));
        assertEquals(java.util.Optional.of("0 is out of range"), Settings.MILESTONES.fault(java.util.List.of(0L, 80L)));
        assertEquals(java.util.Optional.of("3 follows 5 and is smaller"),
                Settings.MILESTONES.fault(java.util.List.of(5L, 3L)));
        assertEquals(java.util.Optional.empty(), Settings.MILESTONES.fault(java.util.List.of(80L, 80L, 120L)));
        assertEquals(java.util.Optional.of("0 is out of range"), Settings.EPOCHS.fault(0L), "a plain range's fault");
    }
}
