package org.schemenet.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results table: one row per scheme (with options) × depth × epochs × data set, with the
 * mean ± std of the final test error over seeds and the number of seeds, next to the paper's
 * number for that row. Never best-of-runs. Unfinished runs are listed separately, not averaged, and so
 * are repeats: a finished run of the same cell and seed as one already in the row (the same seed gives the
 * same run, so it is not another seed; the first run given is the one averaged).
 */
public final class ResultsTable {

    /**
     * One row of the table: a cell (scheme with options × depth × epochs × data set) over its finished runs.
     *
     * @param runs         the finished runs averaged, in seed order
     * @param paperPercent the seed paper's test error for this network (160 epochs), or null
     */
    public record Row(String label, int depth, int epochs, String dataSet, Summary testErrorPercent,
                      Double paperPercent, List<RunResult> runs) {
        public Row {
            runs = List.copyOf(runs);
        }

        /** Each run's final test error in %, in seed order. */
        public List<Double> seedErrorsPercent() {
            return runs.stream().map(r -> 100 * r.finalTestError()).toList();
        }

        /** {@code s1 10.00, s2 12.00}: each seed's final test error in %. */
        public String perSeed() {
            return String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "s%d %.2f", r.seed(),
                    100 * r.finalTestError())).toList());
        }
    }

    /**
     * A finished run left out of the table because its cell already has a run of its seed.
     *
     * @param run  the repeat
     * @param kept the run of the same cell and seed that the table averages
     */
    public record Repeat(RunResult run, RunResult kept) {
        public Repeat {
            java.util.Objects.requireNonNull(run, "run");
            java.util.Objects.requireNonNull(kept, "kept");
        }
    }

    /** The heading of the paper's column: its numbers are for the paper's 160-epoch protocol. */
    public static final String PAPER_COLUMN = "paper % (160 epochs)";

    /** The heading of the list of repeats. */
    static final String REPEATED_HEADING = "Repeated seeds (not averaged: the table has a run of the same cell "
            + "and seed, and the same seed gives the same run):";

    private final List<Row> rows;
    private final List<RunResult> unfinished;
    private final List<Repeat> repeated;

    private ResultsTable(List<Row> rows, List<RunResult> unfinished, List<Repeat> repeated) {
        this.rows = List.copyOf(rows);
        this.unfinished = List.copyOf(unfinished);
        this.repeated = List.copyOf(repeated);
    }

    public static ResultsTable of(List<RunResult> runs) {
        Map<List<Object>, List<RunResult>> groups = new LinkedHashMap<>();
        Map<List<Object>, RunResult> bySeed = new LinkedHashMap<>();
        List<RunResult> unfinished = new ArrayList<>();
        List<Repeat> repeated = new ArrayList<>();
        for (RunResult r : runs) {
            if (!r.finished()) {
                unfinished.add(r);
                continue;
            }
            List<Object> cell = List.of(r.label(), r.depth(), r.plannedEpochs(), r.dataSet());
            RunResult kept = bySeed.putIfAbsent(List.of(cell, r.seed()), r);
            if (kept != null) {
                repeated.add(new Repeat(r, kept));
                continue;
            }
            groups.computeIfAbsent(cell, k -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            group.sort(Comparator.comparingLong(RunResult::seed));
            RunResult first = group.get(0);
            Summary s = Summary.of(group.stream().map(r -> 100 * r.finalTestError()).toList());
            Double paper = PaperTable.errorFor(first.scheme(), first.options(), first.depth()).orElse(null);
            rows.add(new Row(first.label(), first.depth(), first.plannedEpochs(), first.dataSet(), s, paper, group));
        });
        rows.sort(Comparator.comparing(Row::label).thenComparingInt(Row::depth).thenComparingInt(Row::epochs));
        return new ResultsTable(rows, unfinished, repeated);
    }

    public List<Row> rows() {
        return rows;
    }

    public List<RunResult> unfinished() {
        return unfinished;
    }

    /** The finished runs left out as repeats of a seed already in their row, in the order given. */
    public List<Repeat> repeated() {
        return repeated;
    }

    /** {@code DIR: label, depth D, seed S: 14.00 % (the table has DIR2: 10.00 %)}: a repeat, one line. */
    public static String describe(Repeat r) {
        return String.format(Locale.ROOT, "%s: %s, depth %d, seed %d: %.2f %% (the table has %s: %.2f %%)",
                r.run().directory(), r.run().label(), r.run().depth(), r.run().seed(), 100 * r.run().finalTestError(),
                r.kept().directory(), 100 * r.kept().finalTestError());
    }

    /** The table as Markdown, with a note on what the paper's column means. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| scheme | depth | epochs | data | test error % (mean ± std) | seeds | per seed | " + PAPER_COLUMN
                + " |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %d | %s | %s |%n", r.label(), r.depth(),
                    r.epochs(), r.dataSet(), r.testErrorPercent().format(), r.testErrorPercent().n(), r.perSeed(),
                    r.paperPercent() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.paperPercent())));
        }
        md.append("\nThe paper's numbers are for 160 epochs on the official CIFAR-10; a row with fewer epochs or "
                + "another data set is not the paper's protocol. Standard deviation is the sample estimate over "
                + "seeds (n - 1); one seed has none.\n");
        if (!unfinished.isEmpty()) {
            md.append("\nUnfinished runs (not averaged):\n\n");
            for (RunResult r : unfinished) {
                md.append(String.format(Locale.ROOT, "- %s: %s, depth %d, %d of %d epochs (%s)%n", r.directory(), r.label(),
                        r.depth(), r.epochs().size(), r.plannedEpochs(), r.status()));
            }
        }
        if (!repeated.isEmpty()) {
            md.append("\n" + REPEATED_HEADING + "\n\n");
            repeated.forEach(r -> md.append("- ").append(describe(r)).append('\n'));
        }
        return md.toString();
    }
}
