package org.schemenet.lowering;

/**
 * One learnable scheme coefficient {@code θ} as a parameter of the network.
 *
 * @param name      network-wide name: the wiring's stage-local name prefixed by the stage, {@code stage2.unit3.beta0}
 * @param localName the name in the stage wiring, {@code unit3.beta0}
 * @param initial   its value before training, drawn from its initialiser
 */
public record Parameter(String name, String localName, double initial) {
    public Parameter {
        if (name == null || localName == null || !name.endsWith(localName) || !Double.isFinite(initial)) {
            throw new IllegalArgumentException("a parameter needs a name ending in its local name and a finite "
                    + "initial value, got " + name + ", " + localName + ", " + initial);
        }
    }
}
