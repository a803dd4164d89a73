package org.schemenet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Spark standalone cluster on this machine, from the project's own Spark (framework/spark/home):
 * a master and two workers, each its own JVM started as {@code spark-class} would start it (Spark's
 * jars as class path, the Java 17 flags). Where network namespaces can be made ({@code ip netns},
 * as root), each worker runs in its own namespace behind a bridge, with its own address, so that
 * nothing between driver, master and executors can pass over the loopback interface; otherwise
 * (no root, no iproute2) everything binds to 127.0.0.1 and {@link #isolated()} says so.
 *
 * @param master   the master URL
 * @param host     the address of the master and of the driver
 * @param workers  the worker addresses
 * @param isolated whether the workers run in their own network namespaces
 */
record SparkCluster(String master, String host, List<String> workers, boolean isolated, List<Process> processes,
                    List<String> namespaces, String bridge) implements AutoCloseable {

    /** The JVM flags of Spark 3.5's own launcher for Java 17 (org.apache.spark.launcher.JavaModuleOptions). */
    static String javaOptions() {
        return org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions();
    }

    /** Starts the cluster: the workers with one core and {@code memory} each; their logs in {@code work}. */
    static SparkCluster start(Path sparkHome, Path work, String memory) throws IOException, InterruptedException {
        String tag = Long.toString(ProcessHandle.current().pid() % 100000);
        String bridge = "snbr" + tag;
        List<String> namespaces = List.of("snw1-" + tag, "snw2-" + tag);
        int subnet = 200 + (int) (ProcessHandle.current().pid() % 50);
        String host = "10.231." + subnet + ".1";
        List<String> workers = List.of("10.231." + subnet + ".2", "10.231." + subnet + ".3");
        boolean isolated = makeNamespaces(bridge, host, namespaces, workers);
        if (!isolated) {
            host = "127.0.0.1";
            workers = List.of("127.0.0.1", "127.0.0.1");
            namespaces = List.of();
        }
        List<Process> processes = new ArrayList<>();
        SparkCluster cluster = null;
        try {
            int port = 17077 + (int) (ProcessHandle.current().pid() % 1000);
            Path masterLog = work.resolve("master.log");
            processes.add(java(List.of(), sparkHome, List.of("org.apache.spark.deploy.master.Master", "--host", host,
                    "--port", Integer.toString(port), "--webui-port", "0"), masterLog, Map.of()));
            String url = "spark://" + host + ":" + port;
            cluster = new SparkCluster(url, host, workers, isolated, processes, namespaces, isolated ? bridge : null);
            awaitLine(masterLog, l -> l.contains("I have been elected leader"), Duration.ofSeconds(120), processes.get(0));
            for (int i = 0; i < 2; i++) {
                Path dir = Files.createDirectories(work.resolve("worker-" + (i + 1)));
                Path log = work.resolve("worker-" + (i + 1) + ".log");
                List<String> prefix = isolated ? List.of("ip", "netns", "exec", namespaces.get(i)) : List.of();
                processes.add(java(prefix, sparkHome, List.of("org.apache.spark.deploy.worker.Worker", "--host",
                        workers.get(i), "--cores", "1", "--memory", memory, "--work-dir", dir.toString(), "--webui-port",
                        "0", url), log, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
                        "SPARK_LOCAL_IP", workers.get(i))));
                awaitLine(log, l -> l.contains("Successfully registered with master"), Duration.ofSeconds(120),
                        processes.get(processes.size() - 1));
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                processes.forEach(Process::destroyForcibly);
                removeNamespaces(isolated ? bridge : null, namespaces);
            }
            throw e;
        }
    }

    /** A JVM of Spark's: Spark's jars, Spark's Java 17 flags, output to {@code log}. */
    private static Process java(List<String> prefix, Path sparkHome, List<String> mainAndArgs, Path log,
                                Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(javaOptions().split(" ")));
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("SPARK_NO_DAEMONIZE", "1");
        return pb.start();
    }

    /** Waits until a line of {@code log} matches; fails when {@code process} ends first or time runs out. */
    static void awaitLine(Path log, Predicate<String> line, Duration timeout, Process process)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(line)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("the process logging to " + log + " ended: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no such line in " + log + " after " + timeout + ": "
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    /**
     * A bridge with address {@code host}/24 and, per worker, a namespace joined to it by a veth pair;
     * false (and nothing left behind) when this machine does not allow it.
     */
    private static boolean makeNamespaces(String bridge, String host, List<String> namespaces, List<String> addresses)
            throws InterruptedException {
        if (!ip("netns", "add", namespaces.get(0))) {
            return false;
        }
        boolean ok = ip("link", "add", bridge, "type", "bridge") && ip("addr", "add", host + "/24", "dev", bridge)
                && ip("link", "set", bridge, "up");
        for (int i = 0; ok && i < namespaces.size(); i++) {
            String ns = namespaces.get(i);
            String outside = "snv" + i + bridge.substring(4);
            ok = (i == 0 || ip("netns", "add", ns))
                    && ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns)
                    && ip("link", "set", outside, "master", bridge) && ip("link", "set", outside, "up")
                    && ip("-n", ns, "addr", "add", addresses.get(i) + "/24", "dev", "eth0")
                    && ip("-n", ns, "link", "set", "eth0", "up") && ip("-n", ns, "link", "set", "lo", "up")
                    && ip("-n", ns, "route", "add", "default", "via", host);
        }
        if (!ok) {
            removeNamespaces(bridge, namespaces);
        }
        return ok;
    }

    private static void removeNamespaces(String bridge, List<String> namespaces) {
        try {
            for (String ns : namespaces) {
                ip("netns", "del", ns);
            }
            if (bridge != null) {
                ip("link", "del", bridge);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean ip(String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops workers and master (they stop their executors) and removes the namespaces. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeNamespaces(bridge, namespaces);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
