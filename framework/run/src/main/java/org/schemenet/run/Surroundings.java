package org.schemenet.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the defaults of the run settings depend on besides other settings: environment variables,
 * the default data directory, the number of cores and of accelerators, and the clock (for the
 * name of a new run directory). Passed in, so tests give their own.
 *
 * @param variables    environment variables ({@code OMP_NUM_THREADS})
 * @param defaultData  the data directory when none is given ({@code $SCHEMENET_DATA}, else {@code ~/.schemenet/data})
 * @param cores        the number of cores
 * @param accelerators the number of GPUs of a CUDA build (1 on the CPU build); asked only when needed
 * @param clock        the current time
 * @param workingDirectory where relative run directories are made (to keep default names unique)
 */
public record Surroundings(Map<String, String> variables, String defaultData, int cores, IntSupplier accelerators,
                           Supplier<LocalDateTime> clock, Path workingDirectory) {
    public Surroundings {
        variables = Map.copyOf(variables);
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1");
        }
    }
}
