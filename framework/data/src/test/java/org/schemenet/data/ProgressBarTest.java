package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void plainLinesAtEveryTenPercent() {
        ProgressBar bar = new ProgressBar(out, false, "x", 2_000_000);
        bar.advance(100_000);    // 5 %: first line
        bar.advance(50_000);     // 7.5 %: same tenth, nothing
        bar.advance(250_000);    // 20 %
        bar.advance(1_600_000);  // 100 %
        bar.finish();
        assertEquals("x: 5% (100.0 kB of 2.0 MB)\nx: 20% (400.0 kB of 2.0 MB)\nx: 100% (2.0 MB of 2.0 MB)\n"
                + "x: done, 2.0 MB\n", text());
    }

    @Test
    void aTerminalLineIsRedrawnAtEveryPercent() {
        ProgressBar bar = new ProgressBar(out, true, "x", 200);
        bar.advance(1);   // 0 %
        bar.advance(69);  // 35 %
        bar.finish();
        assertEquals("\rx [..............................]   0%  0.0 kB / 0.2 kB"
                + "\rx [##########....................]  35%  0.1 kB / 0.2 kB"
                + "\rx [##########....................]  35%  0.1 kB / 0.2 kB\n", text());
    }

    @Test
    void anUnknownTotalPrintsEverySixteenMegabytes() {
        ProgressBar bar = new ProgressBar(out, false, "x", -1);
        bar.advance(1_000_000);
        bar.advance(15_000_000);
        bar.advance(1_000_000);
        assertEquals("x: 1.0 MB\nx: 16.0 MB\n", text());
    }
}
