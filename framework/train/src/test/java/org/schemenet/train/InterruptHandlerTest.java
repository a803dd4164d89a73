package org.schemenet.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class InterruptHandlerTest {

    /** A real SIGINT to this JVM becomes a stop request (signals are delivered on their own thread). */
    @Test
    void aSigintRequestsAStop() throws InterruptedException {
        StopRequest stop = new StopRequest();
        try (InterruptHandler handler = InterruptHandler.install(stop)) {
            assertFalse(stop.requested());
            Signal.raise(new Signal("INT"));
            for (int i = 0; i < 200 && !stop.requested(); i++) {
                Thread.sleep(10);
            }
            assertTrue(stop.requested());
        }
    }
}
