package org.schemenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real signals to a real process. Each case starts its own JVM with the signal dispositions it
 * needs set by {@code env --default-signal} / {@code --ignore-signal} (coreutils), so the outcome
 * does not depend on how the test itself was launched (e.g. as a background job with SIGINT ignored).
 */
class StopSignalsTest {

    /** Installs the handlers, says which signals it found ignored, waits for a stop, exits with its code. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            StopRequest stop = new StopRequest();
            try (StopSignals signals = StopSignals.install(stop)) {
                System.out.println("ready ignored=" + signals.ignored());
                System.out.flush();
                for (int i = 0; i < 3000 && !stop.requested(); i++) {
                    Thread.sleep(10);
                }
                String by = signals.received().orElse("nothing");
                System.out.println("stopped by " + by + " reason " + stop.reason().orElse("none"));
                System.out.flush();
                System.exit(by.equals("nothing") ? 3 : StopSignals.exitCode(by));
            }
        }
    }

    /**
     * Installs the handlers and, after the first stop request, goes on "finishing its batch" for 60 s
     * without looking at the request (as a long iteration does); prints "finished" only if nothing ended it.
     */
    public static final class SlowBatch {
        public static void main(String[] args) throws Exception {
            StopRequest stop = new StopRequest();
            try (StopSignals signals = StopSignals.install(stop)) {
                System.out.println("ready ignored=" + signals.ignored());
                System.out.flush();
                while (!stop.requested()) {
                    Thread.sleep(10);
                }
                System.out.println("finishing the batch after " + stop.reason().orElse("none"));
                System.out.flush();
                Thread.sleep(60_000);
                System.out.println("finished");
                System.exit(3);
            }
        }
    }

    private record Outcome(int exitCode, List<String> lines) {
    }

    /**
     * Starts the probe with {@code dispositions} applied by {@code env} and sends it {@code signals}. Every
     * disposition the test relies on is set here: a disposition inherited from the launcher (SIGHUP
     * ignored under {@code nohup}, SIGINT in a background job) must not change the outcome.
     */
    private static Outcome run(List<String> dispositions, String... signals) throws IOException, InterruptedException {
        return run(Probe.class, dispositions, signals);
    }

    private static Outcome run(Class<?> main, List<String> dispositions, String... signals)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("env"));
        cmd.addAll(dispositions);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        lines.add(out.readLine());
        for (String s : signals) {
            new ProcessBuilder("kill", "-s", s, Long.toString(p.pid())).inheritIO().start().waitFor();
            Thread.sleep(300);
        }
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            while (out.ready()) {
                lines.add(out.readLine());
            }
            p.destroyForcibly().waitFor();
        }
        assertTrue(ended, "the probe ended: " + lines);
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            lines.add(l);
        }
        return new Outcome(p.exitValue(), lines);
    }

    @Test
    @Timeout(120)
    void intTermAndHupEachStopWithTheirExitCode() throws Exception {
        for (String[] c : new String[][] {{"INT", "130"}, {"TERM", "143"}, {"HUP", "129"}}) {
            Outcome o = run(List.of("--default-signal=INT,TERM,HUP"), c[0]);
            assertEquals("ready ignored=[]", o.lines().get(0));
            assertEquals("stopped by SIG" + c[0] + " reason SIG" + c[0], o.lines().get(1), o.lines().toString());
            assertEquals(Integer.parseInt(c[1]), o.exitCode(), c[0]);
        }
    }

    @Test
    @Timeout(120)
    void aProcessStartedWithSigintIgnoredKeepsItIgnoredAndStopsOnSigterm() throws Exception {
        Outcome o = run(List.of("--default-signal=TERM,HUP", "--ignore-signal=INT"), "INT", "TERM");
        assertEquals("ready ignored=[SIGINT]", o.lines().get(0));
        assertEquals("stopped by SIGTERM reason SIGTERM", o.lines().get(1), o.lines().toString());
        assertEquals(143, o.exitCode());
    }

    /**
     * A second signal while the first stop is still finishing its batch ends the process at once with
     * 128 + the second signal's number, and prints no stack trace (SIGINT ignored by the test's own
     * launcher does not matter: the probe gets its dispositions from env).
     */
    @Test
    @Timeout(180)
    void aSecondSignalEndsTheProcessAtOnceWithItsExitCode() throws Exception {
        for (String[] c : new String[][] {{"INT", "INT", "130"}, {"TERM", "TERM", "143"}, {"HUP", "HUP", "129"},
            {"TERM", "INT", "130"}}) {
            long t0 = System.nanoTime();
            Outcome o = run(SlowBatch.class, List.of("--default-signal=INT,TERM,HUP"), c[0], c[1]);
            double seconds = (System.nanoTime() - t0) / 1e9;
            String what = c[0] + " then " + c[1] + ": " + o.lines();
            assertEquals(List.of("ready ignored=[]", "finishing the batch after SIG" + c[0]), o.lines(), what);
            assertEquals(Integer.parseInt(c[2]), o.exitCode(), what);
            assertTrue(seconds < 20, what + " took " + seconds + " s");
        }
    }

    @Test
    void exitCodesAre128PlusTheSignalNumber() {
        assertEquals(130, StopSignals.exitCode("SIGINT"));
        assertEquals(143, StopSignals.exitCode("TERM"));
        assertEquals(129, StopSignals.exitCode("SIGHUP"));
    }
}
