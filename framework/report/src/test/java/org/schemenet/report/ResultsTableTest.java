package org.schemenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    static RunResult run(String scheme, Map<String, String> options, int depth, long seed, double... testErrors) {
        List<RunResult.EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < testErrors.length; i++) {
            epochs.add(new RunResult.EpochMetrics(i + 1, 2.0 - 0.1 * i, testErrors[i], Map.of()));
        }
        return new RunResult("runs/" + scheme + "-s" + seed, scheme, options, depth, seed, "sample", 3, epochs);
    }

    @Test
    void meanAndSampleStdOverSeedsOfTheFinalErrorNotTheBest() {
        // final errors 8%, 9%, 10%: mean 9, sample std sqrt(((1)^2 + 0 + 1^2) / 2) = 1
        ResultsTable t = ResultsTable.of(List.of(
                run("euler", Map.of(), 20, 3, 0.5, 0.10, 0.10),
                run("euler", Map.of(), 20, 1, 0.5, 0.05, 0.08),
                run("euler", Map.of(), 20, 2, 0.5, 0.09, 0.09)));
        ResultsTable.Row row = t.rows().get(0);
        assertEquals(3, row.testErrorPercent().n());
        assertEquals(9.0, row.testErrorPercent().mean(), 1e-12);
        assertEquals(1.0, row.testErrorPercent().std(), 1e-12);
        assertEquals(8.75, row.paperPercent());
        // each seed's value, in seed order, and the paper's column named for its 160 epochs
        assertEquals(List.of(8.0, 9.0, 10.0), row.seedErrorsPercent());
        assertTrue(t.markdown().contains("| euler | 20 | 3 | sample | 9.00 ± 1.00 | 3 | s1 8.00, s2 9.00, s3 10.00 | "
                + "8.75 |"), t.markdown());
        assertTrue(t.markdown().contains("| paper % (160 epochs) |"), t.markdown());
    }

    @Test
    void groupsBySchemeOptionsAndDepthAndMatchesThePaperRow() {
        ResultsTable t = ResultsTable.of(List.of(
                run("adams", Map.of("k", "3", "coefficients", "fixed"), 32, 1, 0.5, 0.4, 0.3),
                run("adams", Map.of("k", "3", "coefficients", "learnable"), 32, 1, 0.5, 0.4, 0.2),
                run("adams", Map.of("k", "4", "coefficients", "fixed"), 32, 1, 0.5, 0.4, 0.1)));
        assertEquals(3, t.rows().size());
        // sorted by label: fixed k=3, fixed k=4, learnable k=3
        assertEquals(7.54, t.rows().get(0).paperPercent());
        assertNull(t.rows().get(1).paperPercent());
        assertEquals(7.39, t.rows().get(2).paperPercent());
        assertEquals(30.0, t.rows().get(0).testErrorPercent().mean(), 1e-12);
        assertTrue(Double.isNaN(t.rows().get(0).testErrorPercent().std()));
        assertTrue(t.markdown().contains("| 30.00 | 1 | s1 30.00 | 7.54 |"), t.markdown());
    }

    @Test
    void unfinishedRunsAreListedNotAveraged() {
        RunResult partial = run("euler", Map.of(), 20, 4, 0.5);
        ResultsTable t = ResultsTable.of(List.of(run("euler", Map.of(), 20, 1, 0.5, 0.4, 0.3), partial));
        assertEquals(1, t.rows().get(0).testErrorPercent().n());
        assertEquals(List.of(partial), t.unfinished());
        assertTrue(t.markdown().contains("1 of 3 epochs"), t.markdown());
    }

    /**
     * The same cell and seed twice (two folders holding the same run, e.g. a sweep's and a copy): the same seed
     * gives the same run, so the second is a repeat, not another seed. The table averages each seed once (the
     * first run given) and lists the repeat apart with its value; it used to count "2 seeds: s1 10.00, s1 14.00".
     */
    @Test
    void aSeedRepeatedInAnotherFolderIsListedNotAveragedTwice() {
        RunResult first = new RunResult("a/euler-s1", "euler", Map.of(), 20, 1, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.5, Map.of()), new RunResult.EpochMetrics(2, 1.8, 0.10, Map.of())));
        RunResult again = new RunResult("b/euler-s1", "euler", Map.of(), 20, 1, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.5, Map.of()), new RunResult.EpochMetrics(2, 1.8, 0.14, Map.of())));
        RunResult seed2 = new RunResult("a/euler-s2", "euler", Map.of(), 20, 2, "sample", 2, List.of(
                new RunResult.EpochMetrics(1, 2.0, 0.5, Map.of()), new RunResult.EpochMetrics(2, 1.8, 0.12, Map.of())));
        ResultsTable t = ResultsTable.of(List.of(first, again, seed2));
        ResultsTable.Row row = t.rows().get(0);
        assertEquals(List.of(first, seed2), row.runs());
        assertEquals(11.0, row.testErrorPercent().mean(), 1e-12);
        assertEquals(List.of(new ResultsTable.Repeat(again, first)), t.repeated());
        String md = t.markdown();
        assertTrue(md.contains("| euler | 20 | 2 | sample | 11.00 ± 1.41 | 2 | s1 10.00, s2 12.00 |"), md);
        assertTrue(md.contains("- b/euler-s1: euler, depth 20, seed 1: 14.00 % (the table has a/euler-s1: 10.00 %)"), md);
        String page = ReportPage.sweep("runs", List.of(first, again, seed2), List.of(),
                r -> java.util.Optional.empty());
        assertTrue(page.contains("<ul id=\"repeated\">\n<li>b/euler-s1: euler, depth 20, seed 1: 14.00 % (the table "
                + "has a/euler-s1: 10.00 %)</li>"), page);
        assertTrue(page.contains("data-seed=\"1\" data-value=\"10.00\"") && !page.contains("data-value=\"14.00\""));
    }

    @Test
    void summaryOfKnownValues() {
        Summary s = Summary.of(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
        assertEquals(5.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), s.std(), 1e-12);
    }
}
