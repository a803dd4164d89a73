package org.schemenet.scheme;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The one "did you mean" of schemenet, for scheme names and scheme options alike: the candidate
 * nearest to a misspelt name in Levenshtein distance (case-insensitive), if that distance is at most
 * half the length of the longer of the two.
 */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The candidate nearest to {@code name}, when one is near enough to be a likely misspelling. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(name.length(), best.length()) / 2) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** {@code "; did you mean 'x'?"} for the closest candidate, or the empty string. */
    public static String suffix(String name, Collection<String> candidates, String prefix) {
        return closest(name, candidates).map(c -> "; did you mean '" + prefix + c + "'?").orElse("");
    }

    /** The Levenshtein distance: fewest single-character insertions, deletions and substitutions. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
