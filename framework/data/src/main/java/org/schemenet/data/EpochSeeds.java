package org.schemenet.data;

/**
 * The random streams of a seeded run, each derived from (seed, epoch[, batch]) alone, so any
 * epoch or batch can be reproduced without replaying the ones before it (a resumed run sees the
 * same data as an uninterrupted one). Derivation: {@code mix(mix(mix(seed) + epoch) + stream)}
 * with the SplitMix64 finaliser {@code mix}, stream 0 for the epoch's shuffle and
 * {@code batch + 1} for a batch's augmentation.
 */
public record EpochSeeds(long seed) {

    /** The seed of the shuffle of {@code epoch}. */
    public long shuffle(int epoch) {
        return mix(mix(mix(seed) + epoch) + 0);
    }

    /** The seed of the augmentation of {@code batch} in {@code epoch}. */
    public long batch(int epoch, int batch) {
        return mix(mix(mix(seed) + epoch) + batch + 1L);
    }

    /**
     * The order in which {@code epoch} visits {@code n} images: Fisher–Yates driven by
     * {@code SplittableRandom(shuffle(epoch))} (the local pipeline's and the Spark executors' order).
     */
    public int[] permutation(int n, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(shuffle(epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection of 64-bit values that mixes all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
