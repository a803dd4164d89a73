package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The back end ND4J runs on, and the one line a user gets when it cannot load one (the CUDA build on a machine
 * without an NVIDIA driver fails with an {@code UnsatisfiedLinkError} for {@code libcuda.so.1} deep inside ND4J's
 * initialisation; reproduced here with the exception chain ND4J throws).
 */
class BackendTest {

    @Test
    void thisBuildRunsOnTheCpu() {
        assertSame(Backend.CPU, Backend.current());
        assertFalse(Backend.cudaBuild(), "the default build must not carry nd4j-cuda");
    }

    @Test
    void cudaBuildWithoutDriverIsOneLineSayingWhatToDo() {
        Throwable failure = new ExceptionInInitializerError(new RuntimeException(new UnsatisfiedLinkError(
                "/root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/org/bytedeco/cuda/linux-x86_64/"
                        + "libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory")));
        BackendUnavailableException e = Backend.unavailable(failure, true);
        assertEquals("ND4J cannot load its CUDA back end (libcuda.so.1: cannot open shared object file: No such file "
                + "or directory): the CUDA build (-Pcuda) needs an NVIDIA GPU with its driver (libcuda.so.1), CUDA 11.6 "
                + "and cuDNN; without one, build for the CPU: mvn -B -DskipTests package (no -Pcuda)", e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void withoutTheLinkErrorInTheChainTheAdviceStillNamesTheBuild() {
        // ND4J logs the UnsatisfiedLinkError and throws "no backend" in its place
        Throwable failure = new ExceptionInInitializerError(new RuntimeException("NoAvailableBackendException"));
        String cuda = Backend.unavailable(failure, true).getMessage();
        assertTrue(cuda.startsWith("ND4J cannot load its CUDA back end: the CUDA build (-Pcuda) needs"), cuda);
        String cpu = Backend.unavailable(failure, false).getMessage();
        assertTrue(cpu.startsWith("ND4J cannot load its CPU back end: ") && cpu.contains("-Pno-avx512"), cpu);
        assertFalse(cpu.contains("\n") || cuda.contains("\n"));
    }
}
