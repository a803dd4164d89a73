package org.schemenet.runner;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.schemenet.network.Backend;
import org.schemenet.network.BackendProbe;
import org.schemenet.network.BackendUnavailableException;
import org.schemenet.network.OneDnn;
import org.schemenet.train.report.ProcessStatus;

/**
 * What a run reports about the software and the machine in summary.json: versions, the ND4J back
 * end, and the CPU settings measured to matter (thread count, OpenMP affinity, DL4J's oneDNN
 * helpers), plus the JVM heap limit. What ND4J says comes from {@link BackendProbe}.
 */
public final class SystemInfo {
    private final Environment environment;

    @Inject
    public SystemInfo(Environment environment) {
        this.environment = environment;
    }

    /** Whether this build carries the CUDA back end (found without loading ND4J). */
    public boolean cudaBuild() {
        return Backend.cudaBuild();
    }

    /**
     * The number of GPUs on the CUDA build (ND4J's device count), 1 on the CPU build (nothing is loaded).
     *
     * @throws UsageException when the CUDA build cannot load its back end (no GPU driver): one line, exit 2
     */
    public int accelerators() {
        if (!cudaBuild()) {
            return 1;
        }
        try {
            return BackendProbe.devices();
        } catch (BackendUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Applies {@code --threads} to ND4J's native thread pools. */
    public void setThreads(int threads) {
        BackendProbe.setThreads(threads);
    }

    /**
     * When ND4J does not run {@code threads} native threads after {@link #setThreads}: OpenMP takes its
     * team size from {@code OMP_NUM_THREADS} once, when the process starts (the launchers set it from
     * {@code --threads}; a value from a config file or a run's config.toml comes too late).
     */
    public java.util.Optional<String> threadsWarning(int threads) {
        int now = BackendProbe.maxThreads();
        if (now == threads) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("--threads " + threads + ": ND4J runs " + now + " native threads (OMP_NUM_THREADS="
                + environment.variables().getOrDefault("OMP_NUM_THREADS", "(unset)") + ", read when the process "
                + "started); start the runner with --threads " + threads + " on its command line or OMP_NUM_THREADS="
                + threads);
    }

    /**
     * When {@code workers} ParallelWrapper workers would share one core: an OpenMP binding
     * ({@code OMP_PROC_BIND=close} or {@code spread}) pins the thread that starts ND4J to one CPU, and
     * every thread started later, the workers and their native teams, inherits that mask.
     */
    public java.util.Optional<String> workersWarning(int workers) {
        String allowed = cpusAllowed();
        String bind = environment.variables().getOrDefault("OMP_PROC_BIND", "false").trim().toLowerCase(java.util.Locale.ROOT);
        if (workers < 2 || !allowed.matches("\\d+") || bind.equals("false")) {
            return java.util.Optional.empty(); // several CPUs, or one CPU chosen outside OpenMP (taskset)
        }
        return java.util.Optional.of("--workers " + workers + ": this process runs on CPU " + allowed + " only ("
                + "OMP_PROC_BIND=" + environment.variables().getOrDefault("OMP_PROC_BIND", "(unset)") + " bound the "
                + "thread that started ND4J), so the workers share one core; start it with OMP_PROC_BIND=false (the "
                + "launcher does for --workers N on its command line)");
    }

    public Map<String, Object> software() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemenet", version());
        m.putAll(build());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("deeplearning4j", BackendProbe.deeplearning4jVersion());
        m.put("nd4j", BackendProbe.nd4jVersion());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    public Map<String, Object> backend(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", BackendProbe.backendName());
        BackendProbe.environmentInformation().forEach((key, value) -> m.put("nd4j." + key, value));
        m.put("nativeJar", BackendProbe.nativeJar());
        m.put("threads", threads);
        m.put("nd4j.maxThreads", BackendProbe.maxThreads());
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("OMP_NUM_THREADS", environment.variables().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        m.put("OMP_PROC_BIND", environment.variables().getOrDefault("OMP_PROC_BIND", "(unset)"));
        m.put("MALLOC_MMAP_THRESHOLD_", environment.variables().getOrDefault("MALLOC_MMAP_THRESHOLD_", "(unset)"));
        m.put("OMP_PLACES", environment.variables().getOrDefault("OMP_PLACES", "(unset)"));
        m.put("cpusAllowed", cpusAllowed());
        m.put("dl4jHelpersEnabled", OneDnn.helpersEnabled());
        m.put(OneDnn.PROPERTY, System.getProperty(OneDnn.PROPERTY, "(unset)"));
        m.put("maxHeapMB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("javaCollectors", javaCollectors());
        return m;
    }

    /**
     * The JVM's garbage collectors by their management names, e.g. {@code PS Scavenge, PS MarkSweep} for the parallel
     * collector the launcher picks (it sets how soon ND4J's native arrays outside the workspaces are freed, so the
     * peak memory; docs/performance.md, attempt 27).
     */
    static String javaCollectors() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.MemoryManagerMXBean::getName).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The CPUs the calling thread (the one that trains) may run on, as the kernel says
     * ({@code Cpus_allowed_list} of /proc/thread-self/status, e.g. {@code 0-1}; {@code 0} when an OpenMP
     * binding captured the thread), or "unknown". Java's main thread is not the process's first thread,
     * so /proc/self/status would not show it. Threads started later (ParallelWrapper's workers, their
     * native teams) inherit this mask.
     */
    static String cpusAllowed() {
        return ProcessStatus.threadField("Cpus_allowed_list").orElse("unknown");
    }

    /** The build's resource naming the commit it was built from (written by runner/src/build/commit.sh). */
    static final String BUILD_PROPERTIES = "/schemenet-build.properties";

    /**
     * The commit the running build was made from: {@code commit} (full hash, or "unknown" outside a
     * git checkout), {@code commitTime}, and {@code dirty} (true when the build had uncommitted
     * changes to tracked files, so the commit alone does not say what ran).
     */
    static Map<String, Object> build() {
        Properties p = buildProperties();
        Map<String, Object> m = new LinkedHashMap<>();
        String commit = p.getProperty("git.commit.id", "");
        m.put("commit", commit.isBlank() ? "unknown" : commit);
        m.put("commitTime", p.getProperty("git.commit.time", "unknown"));
        m.put("dirty", Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
        return m;
    }

    /** This build's version (the Maven project's, e.g. {@code 0.1.0-SNAPSHOT}), or "unknown". */
    public static String version() {
        String v = buildProperties().getProperty("schemenet.version", "");
        return v.isBlank() ? "unknown" : v;
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (java.io.InputStream in = SystemInfo.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException ignored) {
            // unknown
        }
        return p;
    }
}
