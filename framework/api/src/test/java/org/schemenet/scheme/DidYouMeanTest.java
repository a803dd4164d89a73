package org.schemenet.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> SCHEMES = List.of("adams", "euler", "lm", "rk");

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, DidYouMean.editDistance("adams", "adams"));
        assertEquals(1, DidYouMean.editDistance("adamz", "adams"));
        assertEquals(1, DidYouMean.editDistance("adam", "adams"));
        assertEquals(3, DidYouMean.editDistance("kitten", "sitting"));
        assertEquals(5, DidYouMean.editDistance("", "euler"));
    }

    @Test
    void suggestsTheNearestCandidateWithinHalfTheLongerLength() {
        assertEquals(Optional.of("adams"), DidYouMean.closest("adamz", SCHEMES));
        assertEquals(Optional.of("euler"), DidYouMean.closest("Eular", SCHEMES), "case does not count");
        assertEquals(Optional.of("rk"), DidYouMean.closest("rk4", SCHEMES));
        assertEquals(Optional.empty(), DidYouMean.closest("transformer", SCHEMES));
        assertEquals(Optional.empty(), DidYouMean.closest("x", List.of()));
        assertEquals("; did you mean '--epochs'?", DidYouMean.suffix("epoch", List.of("epochs", "depth"), "--"));
        assertEquals("", DidYouMean.suffix("zzz", List.of("epochs"), "--"));
    }
}
