package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages as text; {@code ReportPagesBrowserTest} (runner) loads them in Chromium. */
class ReportPageTest {
    private static RunResult run(String status, int epochs) {
        RunResult full = ChartsTest.run(1, "rk");
        return new RunResult("/runs/rk-s1", "rk", Map.of("tableau", "<mine & yours>"), 20, 1, "cifar-10", 10,
                full.epochs().subList(0, epochs), status);
    }

    /** A page of one run planned for one epoch says "1 run" and "1 epoch", not "1 runs" and "1 epochs". */
    @Test
    void countsOfOneAreSingular() {
        RunResult full = ChartsTest.run(1, "rk");
        RunResult one = new RunResult("/runs/rk-s1", "rk", Map.of(), 20, 1, "cifar-10", 1, full.epochs().subList(0, 0),
                "running");
        String sweep = ReportPage.sweep("one", List.of(one), List.of(), r -> Optional.empty());
        assertTrue(sweep.contains("<p>1 run, 0 finished"), sweep);
        assertTrue(sweep.contains("0 of 1 epoch (running)"), sweep);
        String page = ReportPage.run(one, Optional.empty(), false, Optional.empty());
        assertTrue(page.contains("0 of 1 epoch · cifar-10"), page);
        assertFalse(sweep.contains("1 runs") || sweep.contains("1 epochs") || page.contains(" 1 epochs"), sweep + page);
    }

    /** The live paragraph of a page written at {@code ms}: when it was written and when it is overdue. */
    private static String liveMark(long ms) {
        return "<p class=\"note\" id=\"live\" data-written=\"" + ms + "\" data-overdue-after=\""
                + ReportPage.OVERDUE_SECONDS + "\">";
    }

    /**
     * While the run trains, its page says when it was written and how often it is rewritten, and its one inline
     * script reloads it every {@value ReportPage#REFRESH_SECONDS} s until it is overdue, then shows the hidden
     * paragraph instead (no update since then, the run may have stopped, {@code runner report DIR}); no meta refresh,
     * which would reload it for ever. A finished run's page has neither.
     */
    @Test
    void aRunPageReloadsItselfOnlyWhileTheRunTrainsAndStopsWhenNoUpdateCame() {
        long before = System.currentTimeMillis();
        String live = ReportPage.run(run("unknown", 3), Optional.empty(), true, Optional.empty());
        long after = System.currentTimeMillis();
        Matcher written = Pattern.compile("id=\"live\" data-written=\"(\\d+)\"").matcher(live);
        assertTrue(written.find(), live.substring(0, Math.min(live.length(), 4000)));
        long ms = Long.parseLong(written.group(1));
        assertTrue(ms >= before && ms <= after, ms + " not in [" + before + ", " + after + "]");
        assertTrue(live.contains(liveMark(ms) + "This run is training: the page is rewritten after every epoch and at "
                + "least every " + ReportPage.REWRITE_SECONDS + " s, and reloads itself every "
                + ReportPage.REFRESH_SECONDS + " s. Written "), live);
        assertTrue(ReportPage.OVERDUE_SECONDS >= 2 * ReportPage.REWRITE_SECONDS + ReportPage.REFRESH_SECONDS);
        Matcher stale = Pattern.compile("<p class=\"note\" id=\"stale\" hidden>No update since ([^<]+) "
                + "\\(the page is rewritten at least every " + ReportPage.REWRITE_SECONDS + " s while the run trains\\):"
                + " the run may have stopped\\. Run <code>runner report /runs/rk-s1</code> to see its state and "
                + "rewrite this page\\.</p>").matcher(live);
        assertTrue(stale.find(), live);
        assertEquals(1, live.split("<script>", -1).length - 1, "one inline script");
        assertFalse(live.contains("<script src"));
        assertFalse(live.contains("http-equiv"), "no meta refresh: it would reload for ever");
        assertTrue(live.contains("id=\"status\">running</span> 3 of 10 epochs"), live.substring(0, 2000));
        assertTrue(ReportPage.run(run("running", 3), Optional.empty(), false, Optional.empty()).contains("id=\"live\""),
                "its summary says running (another process trains it)");
        String done = ReportPage.run(run("completed", 10), Optional.empty(), false, Optional.of("../index.html"));
        assertFalse(done.contains("http-equiv") || done.contains("<script") || done.contains("id=\"live\""),
                "finished");
        assertTrue(done.contains("<a href=\"../index.html\">all runs</a>"));
        String interrupted = ReportPage.run(run("interrupted", 4), Optional.empty(), false, Optional.empty());
        assertFalse(interrupted.contains("<script") || interrupted.contains("id=\"live\""));
        String none = ReportPage.run(run("unknown", 0), Optional.empty(), true, Optional.empty());
        assertTrue(none.contains("No epoch has finished yet.") && !none.contains("<svg"), none);
    }

    @Test
    void pagesAreSelfContainedAndEscapeWhatTheyQuote() {
        String page = ReportPage.sweep("sweep <1>", List.of(run("completed", 10), ChartsTest.run(2, "euler")),
                List.of(), r -> Optional.of(r.seed() + "/index.html"));
        assertFalse(page.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "nothing from the network");
        assertTrue(page.contains("<title>Results: sweep &lt;1&gt;</title>"));
        assertTrue(page.contains("rk tableau=&lt;mine &amp; yours&gt;"));
        assertFalse(page.contains("<mine"));
        // every element id once, the charts' included
        Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(page);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (ids.find()) {
            assertTrue(seen.add(ids.group(1)), "duplicate id " + ids.group(1));
        }
        // one row per cell, each seed linked to its page: final errors 0.5/10 + 0.01 s = 6 % and 7 %
        assertTrue(page.contains("data-cell=\"euler\" data-depth=\"20\" data-mean=\"7.00\" data-std=\"\""), page);
        assertTrue(page.contains("<span class=\"seed\" data-seed=\"2\" data-value=\"7.00\"><a href=\"2/index.html\">"
                + "s2 7.00</a></span>"), page);
        assertEquals(2, page.split("<tr data-cell=").length - 1);
    }
}
