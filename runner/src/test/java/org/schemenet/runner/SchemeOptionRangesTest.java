package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The range a built-in scheme's number option is printed with ({@code runner schemes}, {@code --scheme-options},
 * the refusal's "allowed: ...") is the range the scheme accepts, through the real plugin jars and command line: a
 * closed bound is accepted, an open bound and a value just beyond a closed one are refused with the printed range.
 */
class SchemeOptionRangesTest {

    /** A number option's line of {@code --scheme-options}: name, then what is allowed, e.g. {@code a number in (-1.0, 1.0]}. */
    private static final Pattern RANGE = Pattern.compile(
            "^(\\S+)\\s+default \\S+\\s+((a number|an integer) in ([\\[(])(\\S+), (\\S+)([\\])]));.*$", Pattern.MULTILINE);

    /**
     * The other options each number option is tried with, so that only its own range decides: {@code lm}'s {@code k}
     * applies to fixed coefficients, and {@code k-low} must not be above {@code k-high}.
     */
    private static final Map<String, Map<String, String>> COMPANIONS = Map.of(
            "adams k", Map.of(),
            "lm k", Map.of("coefficients", "fixed"),
            "lm k-low", Map.of("k-high", "1"),
            "lm k-high", Map.of("k-low", "-0.5"));

    private record Range(String scheme, String option, String allowed, boolean integer, boolean minOpen,
            BigDecimal min, BigDecimal max, boolean maxOpen) {
    }

    private static List<Range> ranges() {
        List<Range> out = new ArrayList<>();
        for (String scheme : List.of("adams", "euler", "lm", "rk")) {
            RunnerHarness.Result r = RunnerHarness.run("wiring", "--scheme", scheme, "--scheme-options");
            assertEquals(0, r.exitCode(), r.err());
            Matcher m = RANGE.matcher(r.out());
            while (m.find()) {
                out.add(new Range(scheme, m.group(1), m.group(2), m.group(3).equals("an integer"),
                        m.group(4).equals("("), new BigDecimal(m.group(5)), new BigDecimal(m.group(6)),
                        m.group(7).equals(")")));
            }
        }
        return out;
    }

    private static RunnerHarness.Result wiring(Range range, BigDecimal value) {
        Map<String, String> options = new LinkedHashMap<>(COMPANIONS.get(range.scheme() + " " + range.option()));
        options.put(range.option(), value.toPlainString());
        List<String> args = new ArrayList<>(List.of("wiring", "--scheme", range.scheme(), "--depth", "8", "--stage",
                "1"));
        options.forEach((k, v) -> args.addAll(List.of("--opt", k + "=" + v)));
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    private static void refused(Range range, BigDecimal value) {
        RunnerHarness.Result r = wiring(range, value);
        String what = range.scheme() + " " + range.option() + "=" + value.toPlainString();
        assertEquals(2, r.exitCode(), what + " is outside " + range.allowed() + ": " + r.out() + r.err());
        assertTrue(r.err().startsWith("error: option '" + range.option() + "': ")
                && r.err().contains("allowed: " + range.allowed()), what + " is refused with the printed range "
                + range.allowed() + ", got: " + r.err());
    }

    private static void accepted(Range range, BigDecimal value) {
        RunnerHarness.Result r = wiring(range, value);
        assertEquals(0, r.exitCode(), range.scheme() + " " + range.option() + "=" + value.toPlainString()
                + " is inside the printed " + range.allowed() + ": " + r.err());
    }

    @Test
    void everyNumberOptionAcceptsExactlyThePrintedRange() {
        List<Range> ranges = ranges();
        assertEquals(COMPANIONS.keySet(), new java.util.HashSet<>(ranges.stream()
                .map(r -> r.scheme() + " " + r.option()).toList()), "every built-in number option is tried here");
        for (Range range : ranges) {
            BigDecimal beyond = range.integer() ? BigDecimal.ONE : new BigDecimal("1e-9");
            if (range.minOpen()) {
                refused(range, range.min());
            } else {
                accepted(range, range.min());
                refused(range, range.min().subtract(beyond));
            }
            if (range.maxOpen()) {
                refused(range, range.max());
            } else {
                accepted(range, range.max());
                refused(range, range.max().add(beyond));
            }
        }
    }
}
