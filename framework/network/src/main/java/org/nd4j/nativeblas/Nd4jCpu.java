package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1's oneDNN layer helpers. Not part of schemenet's API.
 *
 * <p>Why it exists: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper#mklDnnEnabled()} (called by
 * every {@code MKLDNN*Helper#checkSupported()}) looks up, by name through {@code DL4JClassLoading}, the class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, calls its static {@code getInstance()} and then
 * {@code isUseMKLDNN()}. nd4j-native 1.0.0-M2.1 no longer ships that class: it is
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()}. The lookup
 * fails, DL4J records the failure in a static flag and silently runs every convolution and batch
 * normalisation with its slow built-in code (about 13 instead of about 120 ResNet-20 training images/s on
 * a 2-core AVX-512 machine). This class provides the looked-up name and forwards to the real method.
 *
 * <p>The forward is reflective so that the module still compiles without the CPU back end (e.g. the
 * {@code -Pcuda} profile); there, or if the real class is missing, it answers {@code false}.
 *
 * <p>When it can go: when the DL4J version in the root pom finds the environment class by itself, i.e. its
 * {@code BaseMKLDNNHelper} names a class that nd4j-native ships. {@code OneDnnHelpersTest} asserts that the
 * helpers are really used, so a version bump that breaks either side fails there. Together with this class,
 * {@link org.schemenet.network.OneDnn} sets the system property that enables DL4J's helpers at all.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The environment under the name DL4J M2.1 looks up. */
    public static final class Environment {
        private static final String REAL = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** {@code isUseONEDNN()} of nd4j-native's real environment; {@code false} if there is none. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> real = Class.forName(REAL);
                Object environment = real.getMethod("getInstance").invoke(null);
                Method useOneDnn = real.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
