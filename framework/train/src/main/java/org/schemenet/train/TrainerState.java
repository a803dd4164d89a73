package org.schemenet.train;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Properties;

/**
 * Where a run stands, stored in every checkpoint next to the model: completed epochs, the position
 * inside the epoch in progress (a Ctrl-C checkpoint can fall mid-epoch) with its running sums,
 * and the run's totals.
 *
 * @param epochsDone       completed epochs
 * @param batchesDone      batches of epoch {@code epochsDone} already trained (0 at an epoch boundary)
 * @param lossSum          Σ (batch loss × batch size) over those batches
 * @param correct          correctly classified training images over those batches
 * @param seen             training images over those batches
 * @param epochSeconds     training seconds spent in those batches
 * @param bestTestError    lowest test error (%) of a completed epoch, NaN before the first
 * @param bestEpoch        the 1-based epoch that reached it, 0 before the first
 * @param trainSeconds     training seconds of the whole run so far (excluding evaluation)
 * @param trainImages      training images of the whole run so far
 * @param wallSeconds      wall-clock seconds of the whole run so far (all sessions)
 * @param lastTestError    test error (%) of the last completed epoch, NaN before the first (and in a checkpoint
 *                         written before it was recorded), so that a resumed run that trains no further epoch
 *                         still reports its final test error
 */
public record TrainerState(int epochsDone, int batchesDone, double lossSum, long correct, long seen,
                           double epochSeconds, double bestTestError, int bestEpoch, double trainSeconds,
                           long trainImages, double wallSeconds, double lastTestError) {

    public TrainerState {
        if (epochsDone < 0 || batchesDone < 0 || seen < 0 || correct < 0 || trainImages < 0) {
            throw new IllegalArgumentException("negative counts in trainer state");
        }
    }

    /** A fresh run. */
    public static TrainerState start() {
        return new TrainerState(0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, Double.NaN);
    }

    /** Text form (a properties file) for the checkpoint. */
    public String toText() {
        Properties p = new Properties();
        p.setProperty("epochsDone", Integer.toString(epochsDone));
        p.setProperty("batchesDone", Integer.toString(batchesDone));
        p.setProperty("lossSum", Double.toString(lossSum));
        p.setProperty("correct", Long.toString(correct));
        p.setProperty("seen", Long.toString(seen));
        p.setProperty("epochSeconds", Double.toString(epochSeconds));
        p.setProperty("bestTestError", Double.toString(bestTestError));
        p.setProperty("bestEpoch", Integer.toString(bestEpoch));
        p.setProperty("trainSeconds", Double.toString(trainSeconds));
        p.setProperty("trainImages", Long.toString(trainImages));
        p.setProperty("wallSeconds", Double.toString(wallSeconds));
        p.setProperty("lastTestError", Double.toString(lastTestError));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "schemenet trainer state");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Parses {@link #toText()} (of this version or an older one, which has no {@code lastTestError}: NaN). */
    public static TrainerState fromText(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            return new TrainerState(Integer.parseInt(req(p, "epochsDone")), Integer.parseInt(req(p, "batchesDone")),
                    Double.parseDouble(req(p, "lossSum")), Long.parseLong(req(p, "correct")),
                    Long.parseLong(req(p, "seen")), Double.parseDouble(req(p, "epochSeconds")),
                    Double.parseDouble(req(p, "bestTestError")), Integer.parseInt(req(p, "bestEpoch")),
                    Double.parseDouble(req(p, "trainSeconds")), Long.parseLong(req(p, "trainImages")),
                    Double.parseDouble(req(p, "wallSeconds")),
                    Double.parseDouble(p.getProperty("lastTestError", "NaN")));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("unreadable trainer state: " + e.getMessage(), e);
        }
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("trainer state lacks '" + key + "'");
        }
        return v;
    }
}
