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

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection of 64-bit values that mixes all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
