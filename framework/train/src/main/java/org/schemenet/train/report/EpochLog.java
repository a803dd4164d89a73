package org.schemenet.train.report;

import java.io.PrintWriter;
import java.util.Locale;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.TrainerState;

/** One summary line per epoch: train loss, train accuracy, test error, learning rate, images/s, seconds. */
public final class EpochLog implements RunObserver {
    private final PrintWriter out;

    public EpochLog(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void epochDone(EpochMetrics m, TrainerState state) {
        out.println(line(m));
        out.flush();
    }

    /** E.g. {@code epoch   3/160  train loss 1.2345  train acc 55.12%  test error 48.30%  lr 0.1  118.2 images/s  423.1 s}. */
    public static String line(EpochMetrics m) {
        int w = Integer.toString(m.epochs()).length();
        return String.format(Locale.ROOT, "epoch %" + w + "d/%d  train loss %.4f  train acc %.2f%%  test error %.2f%%  lr %s  "
                        + "%.1f images/s  %.1f s", m.epoch(), m.epochs(), m.trainLoss(), 100 * m.trainAccuracy(),
                m.testErrorPct(), lr(m.learningRate()), m.imagesPerSecond(), m.seconds());
    }

    private static String lr(double lr) {
        return new java.math.BigDecimal(lr).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
