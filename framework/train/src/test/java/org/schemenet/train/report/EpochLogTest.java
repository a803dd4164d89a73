package org.schemenet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.train.EpochMetrics;

class EpochLogTest {

    /**
     * The console's numbers use a decimal point whatever the JVM's locale: under a German locale the epoch line mixed
     * "2,4804" with the learning rate's "0.1". (The test sets the default locale and puts it back.)
     */
    @Test
    void theEpochLineUsesADecimalPointInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            EpochMetrics m = new EpochMetrics(3, 160, 0.1, 1.23456, 0.5512, 48.3, 118.24, 423.06, 5.0, Map.of());
            assertEquals("epoch   3/160  train loss 1.2346  train acc 55.12%  test error 48.30%  lr 0.1  118.2 images/s"
                    + "  423.1 s", EpochLog.line(m));
        } finally {
            Locale.setDefault(before);
        }
    }
}
