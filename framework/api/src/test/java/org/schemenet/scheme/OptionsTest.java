package org.schemenet.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final List<OptionSpec> SPECS = List.of(
            new OptionSpec("k", new OptionType.IntegerRange(1, 8), "2", "steps"),
            new OptionSpec("coefficients", new OptionType.Choice(List.of("fixed", "learnable")), "fixed", "mode"),
            new OptionSpec("scale", new OptionType.RealRange(0, 1), "0.5", "scale"));

    /**
     * A run's {@code [scheme]} table holds the scheme's name under {@code name}: an option of that name would write a
     * second {@code name} key there, and the run could never be resumed or repeated (a TOML syntax error).
     */
    @Test
    void anOptionCannotBeCalledNameWhichTheRunsSchemeTableUsesForTheScheme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OptionSpec("name", new OptionType.Text("a label"), "x", "a label"));
        assertEquals("option name 'name' is reserved: a run's [scheme] table holds the scheme's name under it; choose"
                + " another name", e.getMessage());
    }

    @Test
    void fillsDefaultsAndParsesTypes() {
        Options o = Options.validate("adams", SPECS, Map.of("k", "3"));
        assertEquals(3, o.integer("k"));
        assertEquals("fixed", o.string("coefficients"));
        assertEquals(0.5, o.real("scale"));
        assertEquals("k=3, coefficients=fixed, scale=0.5", o.toString());
    }

    /**
     * One value, one text: what a run records and is named by does not depend on how the value was typed, so
     * {@code --k 03} and {@code k = 3} in a plan are one cell of a report, not two.
     */
    @Test
    void theRecordedTextIsCanonicalWhereverTheValueWasTyped() {
        for (String typed : List.of("3", "03", "+3", " 3 ")) {
            assertEquals("3", Options.validate("adams", SPECS, Map.of("k", typed)).asText().get("k"), typed);
        }
        for (String typed : List.of("0.5", "0.50", ".5", "5e-1", "+0.5")) {
            assertEquals("0.5", Options.validate("adams", SPECS, Map.of("scale", typed)).asText().get("scale"), typed);
        }
        assertEquals("0.0", Options.validate("adams", SPECS, Map.of("scale", "-0")).asText().get("scale"));
        assertEquals("1.0E-4", Options.validate("adams", SPECS, Map.of("scale", "1e-4")).asText().get("scale"));
        assertEquals("0.5", Options.validate("adams", SPECS, Map.of()).asText().get("scale"), "the default");
        assertEquals(Map.of("k", "3", "coefficients", "learnable", "scale", "0.25"), Options.validate("adams", SPECS,
                Map.of("k", "003", "coefficients", " learnable", "scale", "2.5e-1")).asText());
    }

    @Test
    void namesOptionValueAndWhatIsAllowed() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("k", "9")));
        assertEquals("option 'k': 9 is out of range; allowed: an integer in [1, 8]", e.getMessage());
        assertEquals("k", e.option());
        e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("k", "two")));
        assertEquals("option 'k': 'two' is not an integer; allowed: an integer in [1, 8]", e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("k", "99999999999999999999")));
        assertEquals("option 'k': 99999999999999999999 is out of range; allowed: an integer in [1, 8]",
                e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("k", "-3000000000")));
        assertEquals("option 'k': -3000000000 is out of range; allowed: an integer in [1, 8]", e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("coefficients", "learned")));
        assertEquals("option 'coefficients': 'learned' is not allowed; allowed: one of fixed, learnable",
                e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("scale", "NaN")));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void rejectsUndeclaredOptionsListingTheDeclaredOnes() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("tableau", "rk4")));
        assertEquals("scheme 'adams' has no option 'tableau'; its options are k, coefficients, scale", e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> Options.validate("euler", List.of(), Map.of("k", "2")));
        assertEquals("scheme 'euler' has no option 'k'; it takes no options", e.getMessage());
    }

    @Test
    void aMisspeltOptionGetsTheOneDidYouMean() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> Options.validate("adams", SPECS, Map.of("coeficients", "fixed")));
        assertEquals("scheme 'adams' has no option 'coeficients'; its options are k, coefficients, scale; "
                + "did you mean 'coefficients'?", e.getMessage());
        assertEquals("coeficients", e.option());
    }

    /** {@code new RealRange(min, max)} (what plugins compiled against the first API call) stays the closed range. */
    @Test
    void aRealRangeFromTwoBoundsIsClosedAndPrintsSo() {
        OptionType.RealRange closed = new OptionType.RealRange(-1, 1);
        assertEquals(new OptionType.RealRange(-1, 1, false, false), closed);
        assertEquals("a number in [-1.0, 1.0]", closed.allowed());
        assertEquals(-1.0, closed.parse("k", "-1"));
        assertEquals(1.0, closed.parse("k", "1"));
        assertThrows(IllegalArgumentException.class, () -> new OptionType.RealRange(1, -1));
        assertEquals(0.5, new OptionType.RealRange(0.5, 0.5).parse("k", "0.5"), "a one-point closed range");
    }

    /** An open bound is printed as one and refused; the range's {@code allowed()} is what its refusal says. */
    @Test
    void anOpenBoundIsPrintedAsOpenAndRefused() {
        OptionType.RealRange lm = OptionType.RealRange.openMin(-1, 1);
        assertEquals("a number in (-1.0, 1.0]", lm.allowed());
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> lm.parse("k", "-1"));
        assertEquals("option 'k': -1 is out of range; allowed: a number in (-1.0, 1.0]", e.getMessage());
        assertEquals(-0.999, lm.parse("k", "-0.999"));
        assertEquals(1.0, lm.parse("k", "1"));

        OptionType.RealRange below = OptionType.RealRange.openMax(0, 1);
        assertEquals("a number in [0.0, 1.0)", below.allowed());
        assertEquals(0.0, below.parse("p", "0"));
        assertThrows(InvalidOptionException.class, () -> below.parse("p", "1"));

        OptionType.RealRange open = OptionType.RealRange.open(0, 1);
        assertEquals("a number in (0.0, 1.0)", open.allowed());
        assertThrows(InvalidOptionException.class, () -> open.parse("p", "0"));
        assertThrows(InvalidOptionException.class, () -> open.parse("p", "1"));
        assertThrows(InvalidOptionException.class, () -> open.parse("p", "NaN"));
        assertEquals(0.5, open.parse("p", "0.5"));

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> OptionType.RealRange.openMin(1, 1));
        assertEquals("empty real range (1.0, 1.0]", empty.getMessage());
    }

    @Test
    void anInvalidDefaultIsAProgrammingErrorCaughtAtDeclaration() {
        assertThrows(InvalidOptionException.class,
                () -> new OptionSpec("k", new OptionType.IntegerRange(1, 8), "0", "steps"));
    }
}
