package org.schemenet.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Download progress. On a terminal one line is redrawn with {@code \r} at every whole percent:
 * {@code label [##########....................]  35%  57.0 MB / 162.6 MB}. Elsewhere (a log file, a pipe) a
 * plain line is printed at every 10 %, or every 16 MB when the total is unknown.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long MB = 1_000_000;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private long done;
    private long lastShown = -1;
    private boolean ended;

    /** @param total the expected number of bytes, or -1 if unknown */
    ProgressBar(PrintStream out, boolean terminal, String label, long total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    synchronized void advance(long bytes) {
        if (ended) {
            return;
        }
        done += bytes;
        long step = total > 0 ? (terminal ? done * 100 / total : done * 10 / total) : done / (16 * MB);
        if (step != lastShown) {
            lastShown = step;
            show();
        }
    }

    /** The transfer is complete: the bar at its end (a terminal), or a "done" line. */
    synchronized void finish() {
        if (ended) {
            return;
        }
        ended = true;
        if (terminal) {
            show();
            out.println();
        } else {
            out.println(label + ": done, " + size(done));
        }
        out.flush();
    }

    /**
     * The transfer failed or was stopped: on a terminal the redrawn line is ended (so the message that follows starts
     * a line of its own); nothing says "done", and later calls show nothing. May be called from another thread.
     */
    synchronized void abandon() {
        if (ended) {
            return;
        }
        ended = true;
        if (terminal && lastShown >= 0) {
            out.println();
            out.flush();
        }
    }

    private void show() {
        if (terminal) {
            if (total > 0) {
                int filled = (int) (Math.min(done, total) * WIDTH / total);
                out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                        + String.format(Locale.ROOT, "%3d%%  %s / %s", done * 100 / total, size(done), size(total)));
            } else {
                out.print("\r" + label + " " + size(done));
            }
        } else if (total > 0) {
            out.println(label + ": " + (done * 100 / total) + "% (" + size(done) + " of " + size(total) + ")");
        } else {
            out.println(label + ": " + size(done));
        }
        out.flush();
    }

    /** Decimal units: {@code 0.5 kB}, {@code 162.6 MB}. */
    static String size(long bytes) {
        return bytes < MB ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
