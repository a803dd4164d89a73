package org.schemenet.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of a sweep as a child runner process: {@code java JVM_FLAGS -cp CLASS_PATH MAIN ARGS},
 * where ARGS start with {@code --resume RUN_DIR} (the run's own config.toml says everything), with
 * {@code threads} native threads ({@code OMP_NUM_THREADS}) and its output appended to
 * {@code RUN_DIR/runner.log}. The class path is the executor's to choose: this JVM's for a local
 * sweep, the application jar on a cluster's executor.
 *
 * @param name         the run's name in the sweep (its directory's name), for messages
 * @param mainClass    the runner's main class
 * @param jvmFlags     the child's JVM flags (memory, properties, module opens)
 * @param args         the runner's arguments
 * @param threads      native threads of the run
 * @param runDirectory the run directory (on a cluster: on the folder every executor shares)
 */
public record SweepTask(String name, String mainClass, List<String> jvmFlags, List<String> args, int threads,
                        Path runDirectory) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public SweepTask {
        jvmFlags = List.copyOf(jvmFlags);
        args = List.copyOf(args);
        if (threads < 1) {
            throw new IllegalArgumentException("a run needs at least one thread, got " + threads);
        }
        if (mainClass == null || mainClass.isBlank() || runDirectory == null) {
            throw new IllegalArgumentException("a sweep task needs a main class and a run directory");
        }
    }

    /** The command line with {@code java} from {@code javaHome} and {@code classPath}; in its own session ({@code setsid}) where Linux has it. */
    public List<String> commandLine(Path javaHome, String classPath) {
        List<String> cmd = new java.util.ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (java.nio.file.Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    // records with a Path are serialisable (Path is not): keep the path as text on the wire
    private Object writeReplace() {
        return new Wire(name, mainClass, jvmFlags, args, threads, runDirectory.toString());
    }

    /** The serial form of a task (a Spark executor receives it). */
    private record Wire(String name, String mainClass, List<String> jvmFlags, List<String> args, int threads,
                        String runDirectory) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return new SweepTask(name, mainClass, new java.util.ArrayList<>(jvmFlags), new java.util.ArrayList<>(args),
                    threads, Path.of(runDirectory));
        }
    }
}
