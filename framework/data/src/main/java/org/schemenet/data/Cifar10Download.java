package org.schemenet.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Downloads the CIFAR-10 binary release into a data directory:
 * <ol>
 * <li>GET the archive into a temporary file inside the data directory, with connect and read
 * time-outs and no retries, computing its MD5 on the way and showing progress;</li>
 * <li>compare the MD5 with the expected one (a mismatch deletes the download and says so);</li>
 * <li>extract only the expected entries {@code cifar-10-batches-bin/<file>} into a temporary
 * folder next to the target, rejecting the whole archive if any entry is an absolute path or
 * contains {@code ..};</li>
 * <li>check the extracted files with {@link Cifar10Reader#readFolder}, then rename the folder
 * to {@code <data directory>/cifar-10-batches-bin} in one atomic move.</li>
 * </ol>
 * A stop check (the runner's Ctrl-C) gives the download up within {@value #STOP_POLL_MILLIS} ms, also while the
 * server sends nothing. Whatever fails, the temporary file and folder are deleted, so an interrupted download never
 * leaves a folder that looks complete; the data directory (and its parents) are removed too if the
 * download made them and they are still empty.
 */
public final class Cifar10Download {
    /** Entries taken from the archive besides the data files (the official archive has a readme). */
    private static final Set<String> OPTIONAL_ENTRIES = Set.of("readme.html");
    /** How often a download in progress looks at its stop check. */
    static final int STOP_POLL_MILLIS = 100;

    private final Source source;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PrintStream progress;
    private final boolean terminal;
    private final BooleanSupplier stopped;

    /**
     * Where the archive is fetched from and its expected MD5. Use {@link #OFFICIAL}; other values
     * exist for tests with a local server.
     */
    public record Source(URI uri, String md5) {
        public static final Source OFFICIAL = new Source(URI.create(Cifar10Layout.OFFICIAL_URL),
                Cifar10Layout.OFFICIAL_MD5);

        public Source {
            if (uri == null || md5 == null || !md5.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("a download source needs a URI and a 32-digit lower-case hex MD5, got "
                        + uri + " / " + md5);
            }
        }
    }

    /**
     * @param progress   where the progress bar goes
     * @param terminal   true to redraw one line (an interactive terminal), false for plain lines
     */
    public Cifar10Download(Source source, Duration connectTimeout, Duration readTimeout, PrintStream progress,
                           boolean terminal) {
        this(source, connectTimeout, readTimeout, progress, terminal, () -> false);
    }

    /**
     * @param progress   where the progress bar goes
     * @param terminal   true to redraw one line (an interactive terminal), false for plain lines
     * @param stopped    true once the caller wants the download given up (a signal): it then ends within about
     *                   {@value #STOP_POLL_MILLIS} ms, also while the server sends nothing, and nothing is kept
     */
    public Cifar10Download(Source source, Duration connectTimeout, Duration readTimeout, PrintStream progress,
                           boolean terminal, BooleanSupplier stopped) {
        if (source == null || connectTimeout == null || readTimeout == null || progress == null || stopped == null) {
            throw new IllegalArgumentException("a download needs a source, time-outs, a progress stream and a stop "
                    + "check");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("time-outs must be positive, got " + connectTimeout + " / " + readTimeout);
        }
        this.source = source;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
        this.terminal = terminal;
        this.stopped = stopped;
    }

    /** The official release with 15 s to connect and 60 s without data before giving up. */
    public static Cifar10Download official(PrintStream progress) {
        return official(progress, () -> false);
    }

    /** As {@link #official(PrintStream)}, given up as soon as {@code stopped} says so. */
    public static Cifar10Download official(PrintStream progress, BooleanSupplier stopped) {
        return new Cifar10Download(Source.OFFICIAL, Duration.ofSeconds(15), Duration.ofSeconds(60), progress,
                System.console() != null, stopped);
    }

    public Source source() {
        return source;
    }

    /**
     * Downloads and extracts the release into {@code dataDirectory/cifar-10-batches-bin} and
     * returns that folder. If the folder already exists it is returned untouched.
     */
    public Path download(Path dataDirectory) {
        Path target = dataDirectory.resolve(Cifar10Layout.FOLDER);
        if (Files.exists(target)) {
            return target;
        }
        Path made = firstMissing(dataDirectory);
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            removeIfEmpty(made, dataDirectory);
            throw new DataSetException(dataDirectory + ": cannot create the data directory: "
                    + DataSetException.causeInWords(e), e);
        }
        Path archive = null;
        Path staging = null;
        boolean done = false;
        try {
            archive = Files.createTempFile(dataDirectory, ".cifar-10-binary-", ".tar.gz.part");
            fetch(archive, dataDirectory);
            staging = Files.createTempDirectory(dataDirectory, ".cifar-10-extract-");
            Path extracted = extract(archive, staging, target);
            Cifar10Reader.readFolder(extracted);
            if (stopped.getAsBoolean()) {
                throw new DataSetException("the download from " + source.uri() + " was stopped before its files were "
                        + "moved into place; nothing was kept");
            }
            try {
                Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                progress.println(target + " appeared while downloading (another run?); using it");
            }
            done = true;
            return target;
        } catch (IOException e) {
            throw new DataSetException(dataDirectory + ": cannot store the download: " + DataSetException.causeInWords(e),
                    e);
        } finally {
            deleteQuietly(archive);
            deleteQuietly(staging);
            if (!done) {
                removeIfEmpty(made, dataDirectory);
            }
        }
    }

    /** The outermost folder of {@code directory} that does not exist yet (what creating it makes), or null. */
    private static Path firstMissing(Path directory) {
        Path missing = null;
        for (Path p = directory.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * After a failure: removes the folders this download made ({@code made} down to {@code directory}),
     * each only if empty, deepest first; a folder that was there before is never touched.
     */
    private static void removeIfEmpty(Path made, Path directory) {
        if (made == null) {
            return;
        }
        for (Path p = directory.toAbsolutePath().normalize(); p != null && p.startsWith(made); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;   // not empty (another process put something there) or not ours to remove: leave it
            }
        }
    }

    /**
     * Runs {@link #fetchHere} on its own thread and waits for it, looking at the stop check every
     * {@value #STOP_POLL_MILLIS} ms: a read that waits for data cannot be interrupted, so a stop gives the download up
     * at once and leaves that (daemon) thread to end at its read time-out, writing only to the temporary file, which
     * {@link #download} deletes.
     */
    private void fetch(Path archive, Path dataDirectory) throws IOException {
        AtomicLong received = new AtomicLong();
        AtomicLong expected = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<ProgressBar> bar = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                fetchHere(archive, dataDirectory, received, expected, bar);
            } catch (IOException | RuntimeException | Error e) {
                failure.set(e);
            }
        }, "schemenet-cifar10-download");
        worker.setDaemon(true);
        worker.start();
        try {
            while (worker.isAlive()) {
                if (stopped.getAsBoolean()) {
                    if (bar.get() != null) {
                        bar.get().abandon();
                    }
                    throw stoppedAfter(received.get(), expected.get());
                }
                worker.join(STOP_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataSetException("the download from " + source.uri() + " was interrupted after "
                    + received.get() + " bytes; nothing was kept", e);
        }
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private DataSetException stoppedAfter(long received, long expected) {
        return new DataSetException("the download from " + source.uri() + " was stopped after " + received
                + (expected > 0 ? " of " + expected : "") + " bytes; nothing was kept");
    }

    /**
     * The GET itself (on the thread {@link #fetch} starts): writes the archive to {@code archive}, counting the bytes
     * into {@code receivedSoFar}, the announced length into {@code expectedLength} and its progress bar into
     * {@code shownBar} (which a stop ends from the waiting thread); ends with the stop's message at the
     * first read after a stop, before it shows any more progress.
     */
    private void fetchHere(Path archive, Path dataDirectory, AtomicLong receivedSoFar, AtomicLong expectedLength,
                           AtomicReference<ProgressBar> shownBar) throws IOException {
        String tried = "tried GET " + source.uri() + " (connect time-out " + connectTimeout.toSeconds()
                + " s, read time-out " + readTimeout.toSeconds() + " s)";
        HttpURLConnection connection;
        long expected;
        try {
            connection = (HttpURLConnection) source.uri().toURL().openConnection();
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setInstanceFollowRedirects(true);
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                connection.disconnect();
                throw new DataSetException(unreachable(tried, "the server answered HTTP " + status + " "
                        + connection.getResponseMessage(), dataDirectory));
            }
            expected = connection.getContentLengthLong();
            expectedLength.set(expected);
        } catch (UnknownHostException e) {
            throw new DataSetException(unreachable(tried, "unknown host " + source.uri().getHost()
                    + " (offline or no DNS?)", dataDirectory), e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new DataSetException(unreachable(tried, "cannot connect: " + e.getMessage(), dataDirectory), e);
        } catch (SocketTimeoutException e) {
            throw new DataSetException(unreachable(tried, "no answer within the time-out: " + e.getMessage(),
                    dataDirectory), e);
        } catch (IOException e) {
            throw new DataSetException(unreachable(tried, e.toString(), dataDirectory), e);
        }
        MessageDigest md5 = Digests.md5();
        ProgressBar bar = new ProgressBar(progress, terminal, "downloading " + source.uri(), expected);
        shownBar.set(bar);
        long received = 0;
        boolean complete = false;
        try {
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(archive)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (stopped.getAsBoolean()) {
                        throw stoppedAfter(received, expected);
                    }
                    out.write(buffer, 0, n);
                    md5.update(buffer, 0, n);
                    received += n;
                    receivedSoFar.set(received);
                    bar.advance(n);
                }
            } catch (SocketTimeoutException e) {
                throw new DataSetException(unreachable(tried, "the download stalled after " + received
                        + " bytes: no data for " + readTimeout.toSeconds() + " s", dataDirectory), e);
            } catch (IOException e) {
                throw new DataSetException(unreachable(tried, "the download broke off after " + received + " bytes"
                        + (expected > 0 ? " of " + expected : "") + ": " + e, dataDirectory), e);
            }
            if (stopped.getAsBoolean()) {
                throw stoppedAfter(received, expected);
            }
            if (expected > 0 && received != expected) {
                throw new DataSetException(unreachable(tried, "the download ended after " + received + " of "
                        + expected + " bytes", dataDirectory));
            }
            complete = true;
        } finally {
            connection.disconnect();
            if (complete) {
                bar.finish();
            } else {
                bar.abandon();
            }
        }
        String actual = Digests.hex(md5);
        if (!actual.equals(source.md5())) {
            throw new DataSetException("the download from " + source.uri() + " (" + received + " bytes) has MD5 "
                    + actual + ", expected " + source.md5() + "; the download was deleted. A proxy or a broken"
                    + " transfer can cause this: try again, or place the files by hand. " + byHand(dataDirectory));
        }
    }

    /**
     * Extracts the expected entries into {@code staging/cifar-10-batches-bin}; any absolute or
     * {@code ..} entry rejects the whole archive.
     */
    private Path extract(Path archive, Path staging, Path target) {
        Path folder = staging.resolve(Cifar10Layout.FOLDER);
        String what = "the archive from " + source.uri();
        Set<String> wanted = new HashSet<>(Cifar10Layout.ALL_FILES);
        wanted.addAll(OPTIONAL_ENTRIES);
        Set<String> seen = new HashSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            Files.createDirectories(folder);
            TarReader tar = new TarReader(in, what);
            TarReader.Entry entry;
            while ((entry = tar.next()) != null) {
                if (stopped.getAsBoolean()) {
                    throw new DataSetException(what + ": the extraction was stopped; nothing was kept");
                }
                String name = entry.name();
                checkSafe(name, what, target);
                String relative = name.startsWith("./") ? name.substring(2) : name;
                if (!relative.startsWith(Cifar10Layout.FOLDER + "/")) {
                    continue;
                }
                String file = relative.substring(Cifar10Layout.FOLDER.length() + 1);
                if (!wanted.contains(file)) {
                    continue;
                }
                if (!entry.isFile()) {
                    throw new DataSetException(what + ": entry " + name + " is not a regular file (type '"
                            + entry.type() + "'); the archive was rejected");
                }
                if (!seen.add(file)) {
                    throw new DataSetException(what + ": entry " + name + " appears twice; the archive was rejected");
                }
                try (OutputStream out = Files.newOutputStream(folder.resolve(file))) {
                    tar.copyTo(out);
                }
            }
        } catch (EOFException e) {
            throw new DataSetException(what + " is truncated (" + e.getMessage() + "); nothing was extracted to "
                    + target, e);
        } catch (ZipException e) {
            throw new DataSetException(what + " is not a valid gzip-compressed tar archive (" + e.getMessage()
                    + "); nothing was extracted to " + target, e);
        } catch (IOException e) {
            throw new DataSetException(what + " cannot be extracted: " + e.getMessage() + "; nothing was extracted to "
                    + target, e);
        }
        List<String> missing = new ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            if (!seen.contains(name)) {
                missing.add(Cifar10Layout.FOLDER + "/" + name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataSetException(what + " lacks " + String.join(", ", missing) + "; nothing was extracted to "
                    + target);
        }
        return folder;
    }

    /** Rejects absolute paths (Unix or Windows) and any {@code ..} segment. */
    static void checkSafe(String name, String what, Path target) {
        boolean absolute = name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*");
        boolean parent = false;
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                parent = true;
            }
        }
        if (absolute || parent) {
            throw new DataSetException(what + ": entry '" + name + "' " + (absolute ? "is an absolute path"
                    : "climbs out with '..'") + "; the archive was rejected and nothing was extracted to " + target);
        }
    }

    private String unreachable(String tried, String reason, Path dataDirectory) {
        return "cannot download CIFAR-10: " + tried + ": " + reason + ". " + byHand(dataDirectory);
    }

    private String byHand(Path dataDirectory) {
        return "To place the files by hand: on a machine with internet access download " + Cifar10Layout.OFFICIAL_URL
                + " (MD5 " + Cifar10Layout.OFFICIAL_MD5 + "), extract it in " + dataDirectory + " (tar xzf"
                + " cifar-10-binary.tar.gz) so that " + dataDirectory.resolve(Cifar10Layout.FOLDER)
                .resolve(Cifar10Layout.TRAINING_FILES.get(0)) + " exists, or point --data or "
                + DataLocation.ENVIRONMENT_VARIABLE + " at a folder that holds the binary files; --data "
                + DataLocation.SAMPLE_NAME + " runs on the small bundled sample instead";
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a left-over temporary name never looks like a complete folder
        }
    }
}
