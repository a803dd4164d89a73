package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/library.md shows exactly the source of {@link LibraryExample}, and the example runs and trains its betas. */
class LibraryDocTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void docShowsTheExampleSource() throws IOException {
        String source = Files.readString(MODULE.resolve("src/test/java/org/schemenet/network/LibraryExample.java"),
                StandardCharsets.UTF_8);
        String example = between(source, "// example:start\n", "// example:end").strip();
        String doc = Files.readString(MODULE.resolve("../../docs/library.md").normalize(), StandardCharsets.UTF_8);
        String shown = between(between(doc, "<!-- example:start -->", "<!-- example:end -->"), "```java\n", "```")
                .strip();
        assertEquals(example, shown, "docs/library.md and LibraryExample.java disagree; copy the source into the doc");
    }

    @Test
    void exampleTrainsTheAdamsBetas() {
        Map<String, Double> betas = LibraryExample.run();
        // depth 20: 3 units per stage; Adams k=3 learns beta0, beta1 in full AB3 steps only: stage 1 (cold)
        // steps AB1, AB2, AB3 -> unit2; stages 2, 3 (transition, then AB2, AB3) -> unit2
        assertEquals(java.util.List.of("stage1.unit2.beta0", "stage1.unit2.beta1", "stage2.unit2.beta0",
                "stage2.unit2.beta1", "stage3.unit2.beta0", "stage3.unit2.beta1"), java.util.List.copyOf(betas.keySet()));
        boolean moved = false;
        for (Map.Entry<String, Double> e : betas.entrySet()) {
            assertTrue(Double.isFinite(e.getValue()), e.getKey());
            // initialised from the seed paper's U(1.0, 1.1) (beta0) and U(-1.0, -0.9) (beta1); training moves them
            double low = e.getKey().endsWith("beta0") ? 1.0 : -1.0;
            moved |= e.getValue() < low || e.getValue() > low + 0.1;
        }
        assertTrue(moved, "one epoch of training left every beta inside its initial interval: " + betas);
    }

    private static String between(String text, String start, String end) {
        int a = text.indexOf(start);
        int b = text.indexOf(end, a + start.length());
        if (a < 0 || b < 0) {
            throw new AssertionError("markers " + start.strip() + " ... " + end.strip() + " not found");
        }
        return text.substring(a + start.length(), b);
    }
}
