package org.schemenet.train.report;

import java.io.PrintWriter;
import java.util.Locale;
import org.schemenet.train.RunObserver;

/**
 * The per-epoch progress display: images done, images/s, mean loss so far and the ETA of the
 * epoch. On a terminal it redraws one line ({@code \r}); otherwise it prints a plain line at every
 * tenth of the epoch, so logs stay readable.
 */
public final class ProgressBar implements RunObserver {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private int lastDecile;

    /**
     * @param out      where to draw
     * @param terminal true to redraw in place, false for plain lines
     */
    public ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void epochStarted(int epoch, int epochs, double learningRate, long images, long imagesDone) {
        lastDecile = (int) (images == 0 ? 0 : 10 * imagesDone / images);
    }

    @Override
    public void iterationDone(BatchProgress p) {
        double fraction = p.images() == 0 ? 1 : Math.min(1.0, (double) p.imagesDone() / p.images());
        String text = String.format(Locale.ROOT, "epoch %d %s %d/%d images  %.1f images/s  loss %.4f  ETA %s", p.epoch(),
                bar(fraction), p.imagesDone(), p.images(), p.imagesPerSecond(), p.meanLoss(),
                duration(p.secondsLeft()));
        if (terminal) {
            out.print("\r" + text + "\u001b[K");
            if (p.imagesDone() >= p.images()) {
                out.print("\r\u001b[K");
            }
            out.flush();
        } else {
            int decile = (int) (10 * fraction);
            if (decile > lastDecile && decile < 10) {
                lastDecile = decile;
                out.println(text);
                out.flush();
            }
        }
    }

    static String bar(double fraction) {
        int full = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(full) + ".".repeat(WIDTH - full) + "]";
    }

    /** {@code m:ss} or {@code h:mm:ss}; {@code ?} when unknown. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
