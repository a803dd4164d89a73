package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunNamesTest {
    @Test
    void plainValuesAreSpelledOutInTheOrderGiven() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("k", "2");
        o.put("coefficients", "learnable");
        o.put("k-high", "-0.1");
        assertEquals("-k2-coefficientslearnable-k-high-0.1", RunNames.options(o));
        assertEquals("", RunNames.options(Map.of()));
    }

    /** A value a path would mangle, an empty one or a long one is 8 hex digits of its text, different per text. */
    @Test
    void oddEmptyOrLongValuesBecomeAHashOfTheirText() {
        String a = RunNames.options(Map.of("tableau", "[[0.5]]"));
        String b = RunNames.options(Map.of("tableau", "[[0.25]]"));
        assertTrue(a.matches("-tableau[0-9a-f]{8}"), a);
        assertNotEquals(a, b);
        assertTrue(RunNames.options(Map.of("note", "")).matches("-note[0-9a-f]{8}"));
        assertTrue(RunNames.options(Map.of("x", "12345678901234567")).matches("-x[0-9a-f]{8}"));
        assertEquals("-x1234567890123456", RunNames.options(Map.of("x", "1234567890123456")));
        assertEquals("-ab1", RunNames.options(Map.of("a/b", "1")), "the option's name is cleaned too");
    }
}
