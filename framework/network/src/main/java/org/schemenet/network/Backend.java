package org.schemenet.network;

import org.nd4j.linalg.factory.Nd4j;

/** The ND4J back end a network runs on: it decides which layer implementations the compiler emits ({@link LayerSet}). */
public enum Backend {
    /** {@code nd4j-native} (the default build, with oneDNN). */
    CPU,
    /** {@code nd4j-cuda} (the {@code -Pcuda} build, with cuDNN). */
    CUDA;

    /** The CUDA back end's class, present only in a {@code -Pcuda} build. */
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    /**
     * The back end ND4J runs on in this JVM (loading ND4J if it is not loaded yet).
     *
     * @throws BackendUnavailableException if ND4J cannot load its back end, e.g. the CUDA build on a machine without
     *                                     an NVIDIA driver ({@code libcuda.so.1} missing); the message is one line
     *                                     that says what to do
     */
    public static Backend current() {
        try {
            return Nd4j.getEnvironment().isCPU() ? CPU : CUDA;
        } catch (LinkageError e) { // ExceptionInInitializerError, then NoClassDefFoundError; UnsatisfiedLinkError
            throw unavailable(e, cudaBuild());
        }
    }

    /** Whether the CUDA back end is on the class path (the {@code -Pcuda} build), found without initialising ND4J. */
    public static boolean cudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The one-line explanation of {@code failure} (ND4J could not load), for the CUDA or the CPU build. */
    static BackendUnavailableException unavailable(Throwable failure, boolean cuda) {
        String library = missingLibrary(failure);
        String advice = cuda
                ? "the CUDA build (-Pcuda) needs an NVIDIA GPU with its driver (libcuda.so.1), CUDA 11.6 and cuDNN; "
                + "without one, build for the CPU: mvn -B -DskipTests package (no -Pcuda)"
                : "the CPU build needs nd4j-native's library for this CPU; without AVX-512 build with -Pno-avx512";
        return new BackendUnavailableException("ND4J cannot load its " + (cuda ? "CUDA" : "CPU") + " back end"
                + (library == null ? "" : " (" + library + ")") + ": " + advice, failure);
    }

    /**
     * The message of the first {@link UnsatisfiedLinkError} in a cause chain without its leading path (
     * {@code libcuda.so.1: cannot open shared object file: ...}), or null. (When ND4J itself catches the error it only
     * logs it and reports that it has no back end.)
     */
    private static String missingLibrary(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsatisfiedLinkError && t.getMessage() != null) {
                String m = t.getMessage();
                return m.startsWith("/") && m.contains(": ") ? m.substring(m.indexOf(": ") + 2) : m;
            }
        }
        return null;
    }
}
