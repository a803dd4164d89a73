package org.schemenet.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountTest {

    @Test
    void oneIsSingularEveryOtherCountPlural() {
        assertEquals("1 epoch", Count.of(1, "epoch"));
        assertEquals("2 epochs", Count.of(2, "epoch"));
        assertEquals("0 runs", Count.of(0, "run"));
        assertEquals("-1 step", Count.of(-1, "step"));
        assertEquals("3000000000 units", Count.of(3_000_000_000L, "unit"));
        assertEquals("1 batch", Count.of(1, "batch", "batches"));
        assertEquals("5 batches", Count.of(5, "batch", "batches"));
    }
}
