package org.schemenet.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results table: one row per scheme (with options) × depth × epochs × data set, with the
 * mean ± std of the final test error over seeds and the number of seeds, next to the paper's
 * number for that row. Never best-of-runs. Unfinished runs are listed separately, not averaged.
 */
public final class ResultsTable {

    /** One row of the table. */
    public record Row(String label, int depth, int epochs, String dataSet, Summary testErrorPercent,
                      Double paperPercent) {
    }

    private final List<Row> rows;
    private final List<RunResult> unfinished;

    private ResultsTable(List<Row> rows, List<RunResult> unfinished) {
        this.rows = List.copyOf(rows);
        this.unfinished = List.copyOf(unfinished);
    }

    public static ResultsTable of(List<RunResult> runs) {
        Map<List<Object>, List<RunResult>> groups = new LinkedHashMap<>();
        List<RunResult> unfinished = new ArrayList<>();
        for (RunResult r : runs) {
            if (!r.finished()) {
                unfinished.add(r);
                continue;
            }
            groups.computeIfAbsent(List.of(r.label(), r.depth(), r.plannedEpochs(), r.dataSet()),
                    k -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            RunResult first = group.get(0);
            Summary s = Summary.of(group.stream().map(r -> 100 * r.finalTestError()).toList());
            Double paper = PaperTable.errorFor(first.scheme(), first.options(), first.depth()).orElse(null);
            rows.add(new Row(first.label(), first.depth(), first.plannedEpochs(), first.dataSet(), s, paper));
        });
        rows.sort(Comparator.comparing(Row::label).thenComparingInt(Row::depth).thenComparingInt(Row::epochs));
        return new ResultsTable(rows, unfinished);
    }

    public List<Row> rows() {
        return rows;
    }

    public List<RunResult> unfinished() {
        return unfinished;
    }

    /** The table as Markdown, with a note on what the paper's column means. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| scheme | depth | epochs | data | test error % (mean ± std) | seeds | paper % |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %d | %d | %s | %s | %d | %s |%n", r.label(), r.depth(), r.epochs(),
                    r.dataSet(), r.testErrorPercent().format(), r.testErrorPercent().n(),
                    r.paperPercent() == null ? "—" : String.format("%.2f", r.paperPercent())));
        }
        md.append("\nThe paper's numbers are for 160 epochs on the official CIFAR-10; a row with fewer epochs or "
                + "another data set is not the paper's protocol. Standard deviation is the sample estimate over "
                + "seeds (n - 1); one seed has none.\n");
        if (!unfinished.isEmpty()) {
            md.append("\nUnfinished runs (not averaged):\n\n");
            for (RunResult r : unfinished) {
                md.append(String.format("- %s: %s, depth %d, %d of %d epochs (%s)%n", r.directory(), r.label(),
                        r.depth(), r.epochs().size(), r.plannedEpochs(), r.status()));
            }
        }
        return md.toString();
    }
}
