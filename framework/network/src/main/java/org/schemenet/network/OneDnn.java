package org.schemenet.network;

/**
 * Makes DL4J 1.0.0-M2.1 run convolutions and batch normalisation through its oneDNN helpers. The one place
 * that does so; see also the compatibility class {@code org.nd4j.nativeblas.Nd4jCpu.Environment}.
 *
 * <p>Why it exists: DL4J M2.1 creates layer helpers only if the system property
 * {@value #PROPERTY} is {@code false}; its default is {@code true}, so helpers are off. The property is read
 * when a layer is instantiated ({@code ComputationGraph#init()}), so it must be set before the first network
 * is built; {@link NetworkCompiler} calls {@link #enableHelpers()} first thing. A value the user set
 * (e.g. {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} to compare) is left alone.
 *
 * <p>When it can go: when the DL4J version in the root pom enables helpers by default (then
 * {@code OneDnnHelpersTest} keeps passing without it).
 */
public final class OneDnn {

    /** DL4J's switch: helpers are created only when it is {@code false}. */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    /** Sets {@value #PROPERTY} to {@code false} unless it is set already. Idempotent. */
    public static void enableHelpers() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PROPERTY) == null) {
                System.setProperty(PROPERTY, "false");
            }
        }
    }

    /** Whether DL4J will create helpers for layers instantiated now. */
    public static boolean helpersEnabled() {
        return "false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }
}
