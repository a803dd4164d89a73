package org.schemenet.train.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fields of this process's {@code /proc/self/status} and of the calling thread's
 * {@code /proc/thread-self/status} (Linux): the peak resident memory ({@code VmHWM}), the CPUs a thread may
 * run on ({@code Cpus_allowed_list}). Empty where there is no such file or field.
 */
public final class ProcessStatus {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    private ProcessStatus() {
    }

    /** The text of a field of the process, e.g. {@code VmHWM} → {@code 612340 kB}. */
    public static Optional<String> field(String name) {
        return field(STATUS, name);
    }

    /** The text of a field of the calling thread, e.g. {@code Cpus_allowed_list} → {@code 0-1}. */
    public static Optional<String> threadField(String name) {
        return field(THREAD_STATUS, name);
    }

    private static Optional<String> field(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name + ":")) {
                    return Optional.of(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The value of a {@code kB} field such as {@code VmHWM}, in kilobytes. */
    public static Optional<Long> kilobytes(String name) {
        return field(name).map(v -> v.split("\\s+")[0]).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The peak resident memory so far ({@code VmHWM}) in megabytes (MiB), or -1 where unknown. */
    public static long peakResidentMegabytes() {
        return kilobytes("VmHWM").map(kb -> kb / 1024).orElse(-1L);
    }
}
