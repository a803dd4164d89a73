package org.schemenet.wiring;

/**
 * A value of a stage wiring, numbered in program order: {@code v0} is the first input.
 *
 * @param id the index of the node that computes this value
 */
public record Value(int id) {
    public Value {
        if (id < 0) {
            throw new InvalidWiringException("value id must be >= 0, got " + id);
        }
    }

    @Override
    public String toString() {
        return "v" + id;
    }
}
