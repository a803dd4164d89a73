package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on 127.0.0.1 (an ephemeral port); never the internet. */
class Cifar10DownloadTest {
    @TempDir
    Path root;

    private HttpServer server;
    private ExecutorService executor;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);
    private Map<String, byte[]> release50;
    private byte[] good;
    private Path data;

    @BeforeEach
    void start() throws IOException {
        release50 = TestArchives.smallRelease(Files.createDirectories(root.resolve("source")));
        good = TestArchives.tarGz(release50);
        data = root.resolve("data");
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private URI serve(String path, byte[] body) {
        server.createContext(path, exchange -> {
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return uri(path);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Cifar10Download download(URI uri, String md5) {
        return new Cifar10Download(new Cifar10Download.Source(uri, md5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                progress, false);
    }

    private List<String> dataDirectoryListing() throws IOException {
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesExtractsAndMovesIntoPlace() throws IOException {
        URI uri = serve("/cifar-10-binary.tar.gz", good);

        Cifar10 loaded = new DataLocation.Directory(data).load(download(uri, TestArchives.md5(good)));

        assertEquals(TestImages.cycling(50), loaded.train());
        assertEquals(TestImages.cycling(20), loaded.test());
        assertEquals(List.of("cifar-10-batches-bin"), dataDirectoryListing(), "no temporary files are left");
        try (Stream<Path> files = Files.list(data.resolve("cifar-10-batches-bin"))) {
            assertEquals(List.of("batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                    "data_batch_4.bin", "data_batch_5.bin", "readme.html", "test_batch.bin"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String lines = progressBytes.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("downloading " + uri + ": 100% (" + ProgressBar.size(good.length) + " of "
                + ProgressBar.size(good.length) + ")"), lines);
        assertTrue(lines.contains("downloading " + uri + ": done, "), lines);
        assertFalse(lines.contains("\r"), "plain lines when not on a terminal");
    }

    @Test
    void anExistingFolderIsNotDownloadedAgain() {
        URI uri = serve("/cifar-10-binary.tar.gz", good);
        Cifar10Download download = download(uri, TestArchives.md5(good));
        download.download(data);
        download.download(data);
        new DataLocation.Directory(data).load(download);
        assertEquals(1, requests.get("/cifar-10-binary.tar.gz").get());
    }

    @Test
    void unexpectedEntriesAreNotExtracted() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(release50);
        entries.put("cifar-10-batches-bin/extra.sh", "echo hi".getBytes());
        entries.put("other/data_batch_1.bin", new byte[3073]);
        byte[] archive = TestArchives.tarGz(entries);
        Path folder = download(serve("/a.tar.gz", archive), TestArchives.md5(archive)).download(data);
        assertFalse(Files.exists(folder.resolve("extra.sh")));
        assertFalse(Files.exists(data.resolve("other")));
    }

    @Test
    void aChecksumMismatchDeletesTheDownloadAndSaysSo() throws IOException {
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x5A;
        URI uri = serve("/corrupted.tar.gz", corrupted);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(data));

        assertEquals("the download from " + uri + " (" + good.length + " bytes) has MD5 " + TestArchives.md5(corrupted)
                + ", expected " + TestArchives.md5(good) + "; the download was deleted.",
                e.getMessage().substring(0, e.getMessage().indexOf(" A proxy")));
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void anArchiveThatIsNotGzipIsRejected() throws IOException {
        byte[] garbage = new byte[5000];
        new java.util.Random(1).nextBytes(garbage);
        URI uri = serve("/garbage.tar.gz", garbage);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(garbage)).download(data));

        assertTrue(e.getMessage().startsWith("the archive from " + uri + " is not a valid gzip-compressed tar archive"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was extracted to " + data.resolve("cifar-10-batches-bin")));
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void aTruncatedArchiveLeavesNothingBehind() throws IOException {
        byte[] truncated = Arrays.copyOf(good, good.length * 6 / 10);
        URI uri = serve("/truncated.tar.gz", truncated);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(truncated)).download(data));

        assertTrue(e.getMessage().startsWith("the archive from " + uri + " is truncated"), e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void aTransferThatBreaksOffIsReported() throws IOException {
        server.createContext("/short.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, good.length);
            OutputStream out = exchange.getResponseBody();
            out.write(good, 0, 1000);
            out.flush();
            closeConnection(exchange);
        });
        URI uri = uri("/short.tar.gz");

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(data));

        assertTrue(e.getMessage().startsWith("cannot download CIFAR-10: tried GET " + uri), e.getMessage());
        assertTrue(e.getMessage().contains("1000") && e.getMessage().contains(String.valueOf(good.length)),
                e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
    }

    /**
     * A transfer that ends before its Content-Length is not shown as done: the plain progress lines do not say
     * "done", and on a terminal the redrawn bar line is ended, so the error that follows starts a line of its own.
     */
    @Test
    void aShortTransferIsNotShownAsDone() {
        server.createContext("/short.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, good.length);
            OutputStream out = exchange.getResponseBody();
            out.write(good, 0, good.length / 2);
            out.flush();
            closeConnection(exchange);
        });
        URI uri = uri("/short.tar.gz");
        for (boolean terminal : new boolean[] {false, true}) {
            progressBytes.reset();
            Cifar10Download download = new Cifar10Download(new Cifar10Download.Source(uri, TestArchives.md5(good)),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), progress, terminal);

            assertThrows(DataSetException.class, () -> download.download(data));

            String shown = progressBytes.toString(StandardCharsets.UTF_8);
            assertFalse(shown.contains("done"), "terminal " + terminal + ": " + shown);
            assertTrue(shown.endsWith(System.lineSeparator()), "terminal " + terminal + ": the line is ended: " + shown);
        }
    }

    private static void closeConnection(HttpExchange exchange) {
        try {
            exchange.close();
        } catch (RuntimeException e) {
            // the server complains that fewer bytes than announced were written: that is the point
        }
    }

    @Test
    void pathTraversalRejectsTheWholeArchive() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(release50);
        entries.put("cifar-10-batches-bin/../../evil.txt", "owned".getBytes());
        byte[] archive = TestArchives.tarGz(entries);
        URI uri = serve("/traversal.tar.gz", archive);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(archive)).download(data));

        assertEquals("the archive from " + uri + ": entry 'cifar-10-batches-bin/../../evil.txt' climbs out with '..';"
                + " the archive was rejected and nothing was extracted to " + data.resolve("cifar-10-batches-bin"),
                e.getMessage());
        assertFalse(Files.exists(data.resolve("evil.txt")));
        assertFalse(Files.exists(root.resolve("evil.txt")));
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void anAbsoluteEntryRejectsTheWholeArchive() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("/tmp/schemenet-evil.txt", "owned".getBytes());
        entries.putAll(release50);
        byte[] archive = TestArchives.tarGz(entries);
        URI uri = serve("/absolute.tar.gz", archive);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(archive)).download(data));

        assertTrue(e.getMessage().contains("entry '/tmp/schemenet-evil.txt' is an absolute path; the archive was"
                + " rejected"), e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void unsafeNamesInAnySpellingAreRejectedAndSafeOnesPass() {
        Path target = data.resolve("cifar-10-batches-bin");
        for (String unsafe : new String[] {"/etc/passwd", "\\server\\share", "C:/x", "c:\\x", "..", "../x",
                "a/../../x", "a\\..\\x", "cifar-10-batches-bin/deep/../../../x"}) {
            assertThrows(DataSetException.class, () -> Cifar10Download.checkSafe(unsafe, "t", target), unsafe);
        }
        for (String safe : new String[] {"cifar-10-batches-bin/", "./cifar-10-batches-bin/data_batch_1.bin",
                "a..b/c", "x/...", "cifar-10-batches-bin/readme.html"}) {
            Cifar10Download.checkSafe(safe, "t", target);
        }
    }

    @Test
    void anArchiveWithoutAllFilesIsRejected() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(release50);
        entries.remove("cifar-10-batches-bin/test_batch.bin");
        byte[] archive = TestArchives.tarGz(entries);
        URI uri = serve("/incomplete.tar.gz", archive);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(archive)).download(data));

        assertEquals("the archive from " + uri + " lacks cifar-10-batches-bin/test_batch.bin; nothing was extracted to "
                + data.resolve("cifar-10-batches-bin"), e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void anArchiveWithABadBatchIsNotMovedIntoPlace() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(release50);
        entries.put("cifar-10-batches-bin/data_batch_4.bin", new byte[3073 + 10]);
        byte[] archive = TestArchives.tarGz(entries);

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(serve("/bad.tar.gz", archive), TestArchives.md5(archive)).download(data));

        assertTrue(e.getMessage().contains("data_batch_4.bin: 3083 bytes is not a whole number of 3073-byte records;"
                + " record 1"), e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
    }

    /** The archive's address on a loopback port that was just closed: connecting to it is refused. */
    private static URI refusingUri() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + closedPort + "/cifar-10-binary.tar.gz");
    }

    @Test
    void aRefusedConnectionSaysWhatWasTriedAndHowToPlaceTheFilesByHand() throws IOException {
        URI uri = refusingUri();

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(data));

        String m = e.getMessage();
        assertTrue(m.startsWith("cannot download CIFAR-10: tried GET " + uri + " (connect time-out 5 s, read time-out"
                + " 5 s): cannot connect: Connection refused."), m);
        assertTrue(m.contains("To place the files by hand: on a machine with internet access download"
                + " https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530),"
                + " extract it in " + data), m);
        assertTrue(m.contains("SCHEMENET_DATA"), m);
        assertEquals(List.of(), dataDirectoryListing());
    }

    @Test
    void aFailedDownloadRemovesTheDataDirectoryItMadeButNotOneThatWasThere() throws IOException {
        URI uri = refusingUri();
        Path made = root.resolve("new").resolve("data");

        assertThrows(DataSetException.class, () -> download(uri, TestArchives.md5(good)).download(made));
        assertFalse(Files.exists(root.resolve("new")), "the folders the download made are gone");

        Files.createDirectories(data);
        assertThrows(DataSetException.class, () -> download(uri, TestArchives.md5(good)).download(data));
        assertTrue(Files.isDirectory(data), "a data directory that was there stays");
        assertEquals(List.of(), dataDirectoryListing());
    }

    /**
     * A data directory that cannot be made, or a folder the process may not write, is named with the cause in words,
     * as the reader names an unreadable file, not with a Java exception's name; nothing is downloaded into it.
     */
    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamedWithTheCauseInWords() throws IOException {
        URI uri = serve("/cifar-10-binary.tar.gz", good);
        Path file = Files.writeString(root.resolve("a-file"), "in the way");
        Path under = file.resolve("data");

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(under));

        assertEquals(under + ": cannot create the data directory: not a directory", e.getMessage());
        assertEquals(null, requests.get("/cifar-10-binary.tar.gz"), "nothing was fetched");

        Path readOnly = Files.createDirectories(root.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly),
                "the process may write anywhere (root): the read-only case needs another user");
        DataSetException denied = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(readOnly));
        assertEquals(readOnly + ": cannot store the download: permission denied", denied.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutInsteadOfHanging() {
        server.createContext("/silent.tar.gz", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        URI uri = uri("/silent.tar.gz");
        Cifar10Download impatient = new Cifar10Download(new Cifar10Download.Source(uri, TestArchives.md5(good)),
                Duration.ofSeconds(2), Duration.ofMillis(300), progress, false);

        DataSetException e = assertThrows(DataSetException.class, () -> impatient.download(data));

        assertTrue(e.getMessage().startsWith("cannot download CIFAR-10: tried GET " + uri), e.getMessage());
        assertTrue(e.getMessage().contains("no answer within the time-out"), e.getMessage());
    }

    /**
     * A stop (the runner's Ctrl-C) ends a download at once, also while the server sends nothing, instead of after
     * the read time-out or the whole archive; nothing is kept and the message says the download was stopped.
     */
    @Test
    void aStopEndsADownloadThatWaitsForData() throws IOException {
        CountDownLatch halfSent = new CountDownLatch(1);
        server.createContext("/stalls.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, good.length);
            OutputStream out = exchange.getResponseBody();
            out.write(good, 0, good.length / 2);
            out.flush();
            halfSent.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeConnection(exchange);
        });
        URI uri = uri("/stalls.tar.gz");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Cifar10Download patient = new Cifar10Download(new Cifar10Download.Source(uri, TestArchives.md5(good)),
                Duration.ofSeconds(5), Duration.ofSeconds(30), progress, false, stop::get);
        Thread stopper = new Thread(() -> {
            try {
                halfSent.await(10, TimeUnit.SECONDS);
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.set(true);
        });
        stopper.start();

        long start = System.nanoTime();
        DataSetException e = assertThrows(DataSetException.class, () -> patient.download(data));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 10, "ended " + seconds + " s after the start, not after the 30 s read time-out");
        assertTrue(e.getMessage().startsWith("the download from " + uri + " was stopped after " + good.length / 2
                + " of " + good.length + " bytes; nothing was kept"), e.getMessage());
        assertEquals(List.of(), dataDirectoryListing());
        assertFalse(progressBytes.toString(StandardCharsets.UTF_8).contains("done"), "a stopped download is not done");
    }

    @Test
    void anHttpErrorIsReported() {
        server.createContext("/missing.tar.gz", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        URI uri = uri("/missing.tar.gz");

        DataSetException e = assertThrows(DataSetException.class,
                () -> download(uri, TestArchives.md5(good)).download(data));

        assertTrue(e.getMessage().contains(": the server answered HTTP 404 Not Found."), e.getMessage());
    }

    @Test
    void onATerminalTheProgressBarIsRedrawnInPlace() {
        URI uri = serve("/cifar-10-binary.tar.gz", good);
        new Cifar10Download(new Cifar10Download.Source(uri, TestArchives.md5(good)), Duration.ofSeconds(5),
                Duration.ofSeconds(5), progress, true).download(data);
        String out = progressBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\rdownloading " + uri + " [##############################] 100%"), out);
        assertTrue(out.endsWith(System.lineSeparator()), out);
    }
}
