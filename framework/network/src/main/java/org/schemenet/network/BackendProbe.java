package org.schemenet.network;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J back end of this process as the runner reports it (summary.json, {@code runner bench}) and the
 * native thread count it sets: the devices ND4J sees, its native thread pools, the DL4J and ND4J versions and
 * the native jar on the class path, and ND4J's own environment information. {@link Backend} says which back
 * end it is; {@link OneDnn}, whether DL4J's oneDNN helpers are on.
 */
public final class BackendProbe {

    /** The keys of ND4J's environment information that are reported ({@link #environmentInformation()}). */
    public static final List<String> ENVIRONMENT_KEYS =
            List.of("backend", "blas.vendor", "cores", "omp.threads", "memory.available");

    private BackendProbe() {
    }

    /**
     * The devices ND4J sees: the GPUs on the CUDA back end, 1 on the CPU (at least 1). Loads ND4J.
     *
     * @throws BackendUnavailableException when ND4J cannot load its back end ({@link Backend#current()})
     */
    public static int devices() {
        Backend.current();
        return Math.max(1, Nd4j.getAffinityManager().getNumberOfDevices());
    }

    /** Sets ND4J's native thread pools (its maximum and master threads) to {@code threads}. */
    public static void setThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    /**
     * The native threads ND4J runs now. OpenMP takes its team size from {@code OMP_NUM_THREADS} when the process
     * starts, so after {@link #setThreads} this may still differ from what was asked.
     */
    public static int maxThreads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** The class name of ND4J's back end, e.g. {@code CpuBackend} or {@code JCublasBackend}. */
    public static String backendName() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /**
     * ND4J's environment information for {@link #ENVIRONMENT_KEYS}, in that order, each as text; keys the back
     * end does not report are left out.
     */
    public static Map<String, String> environmentInformation() {
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : ENVIRONMENT_KEYS) {
            Object v = info.get(key);
            if (v != null) {
                m.put(key, String.valueOf(v));
            }
        }
        return m;
    }

    /** The version of {@code deeplearning4j-nn} on the class path, or "unknown". */
    public static String deeplearning4jVersion() {
        return version(ComputationGraph.class, "deeplearning4j-nn");
    }

    /** The version of {@code nd4j-api} on the class path, or "unknown". */
    public static String nd4jVersion() {
        return version(Nd4j.class, "nd4j-api");
    }

    /**
     * The native back-end jar on the class path, e.g. {@code nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar},
     * or "unknown".
     */
    public static String nativeJar() {
        return nativeJar(System.getProperty("java.class.path", ""));
    }

    /** The native back-end jar among the entries of {@code classPath}, or "unknown". */
    static String nativeJar(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (name.matches("nd4j-(native|cuda)-.*-(linux|windows|macosx)-.*\\.jar") && !name.contains("preset")) {
                return name;
            }
        }
        return "unknown";
    }

    /** The implementation version of {@code type}'s package, else the version in its jar's name, else "unknown". */
    private static String version(Class<?> type, String artifact) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try {
            String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            Matcher m = Pattern.compile(Pattern.quote(artifact) + "-([^/]+)\\.jar$").matcher(location);
            if (m.find()) {
                return m.group(1);
            }
        } catch (RuntimeException ignored) {
            // unknown
        }
        return "unknown";
    }
}
