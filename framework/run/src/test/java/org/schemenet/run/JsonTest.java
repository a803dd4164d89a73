package org.schemenet.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonTest {

    /**
     * A truncated record (e.g. a summary.json cut short) is one line that says where the JSON breaks: not Gson's
     * exception class and its second line pointing at Gson's troubleshooting page.
     */
    @Test
    void aTruncatedObjectIsOneLineSayingWhereItBreaks() {
        for (String text : new String[] {"{\"scheme\": \"adams\", \"options\": {\"k\": \"2", "{\"a\": 1,,}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.readObject(text));
            assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
            assertTrue(e.getMessage().contains("line 1 column"), e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("com.google")
                    || e.getMessage().contains("http"), e.getMessage());
        }
    }
}
