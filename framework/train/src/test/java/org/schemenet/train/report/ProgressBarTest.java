package org.schemenet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.schemenet.train.RunObserver.BatchProgress;

class ProgressBarTest {

    private static String draw(boolean terminal) {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), terminal);
        bar.epochStarted(1, 3, 0.1, 1000, 0);
        for (int done = 100; done <= 1000; done += 100) {
            bar.iterationDone(new BatchProgress(1, done, 1000, 2.0 - done / 1000.0, 50.0, (1000 - done) / 50.0));
        }
        return text.toString();
    }

    @Test
    void aLogGetsOnePlainLinePerTenthOfTheEpoch() {
        String log = draw(false);
        assertEquals(9, log.lines().count(), log);
        assertTrue(log.lines().findFirst().orElseThrow().equals(
                "epoch 1 [##......................] 100/1000 images  50.0 images/s  loss 1.9000  ETA 0:18"), log);
        assertTrue(!log.contains("\r"), log);
    }

    @Test
    void aTerminalRedrawsOneLineAndClearsItAtTheEnd() {
        String tty = draw(true);
        assertEquals(0, tty.chars().filter(c -> c == '\n').count(), tty);
        assertTrue(tty.contains("\repoch 1 [############............] 500/1000 images  50.0 images/s  loss 1.5000  "
                + "ETA 0:10\u001b[K"), tty);
        assertTrue(tty.endsWith("\r\u001b[K"), tty);
    }

    @Test
    void durationsAreMinutesAndSecondsOrHours() {
        assertEquals("0:07", ProgressBar.duration(7.4));
        assertEquals("2:05", ProgressBar.duration(125));
        assertEquals("1:01:01", ProgressBar.duration(3661));
        assertEquals("?", ProgressBar.duration(Double.NaN));
    }
}
