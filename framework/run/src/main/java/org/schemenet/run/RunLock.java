package org.schemenet.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The owner of a run directory: an operating-system lock ({@link FileChannel#tryLock()}, i.e.
 * {@code fcntl} on Linux) on {@code RUN/run.lock}, held by the process that trains the run for its
 * whole life and released by the operating system when that process ends, however it ends (also
 * {@code kill -9}). The file holds the owner's process id, so another process that wants the run
 * can name it. The file stays; only the lock says whether the run is owned.
 *
 * <p>Java's file locks belong to the whole JVM, and closing any channel to a locked file releases every
 * lock the JVM holds on it. So this class never opens a channel to a lock file this process holds: it
 * keeps the locks it holds ({@link #HELD}), and a second {@link #acquire} or a {@link #holder} question
 * for one of them is answered from there (this process holds it). Any caller may ask, the holder too.
 */
public final class RunLock implements AutoCloseable {
    /** The locks this process holds, by the lock file's real path; guards every open, lock and close here. */
    private static final Map<Path, RunLock> HELD = new HashMap<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the run in {@code directory}, or stops with an {@link InputException} naming
     * the process that holds it.
     */
    static RunLock acquire(Path directory) {
        Path file = directory.resolve(RunDirectory.LOCK);
        synchronized (HELD) {
            Path key = key(file);
            if (HELD.containsKey(key)) {
                throw busy(directory, ProcessHandle.current().pid());
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                AtomicWrite.readableByAll(file);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    // this process holds the file under another name (a hard link): closing the channel would
                    // release that lock, so the channel stays open
                    throw busy(directory, ProcessHandle.current().pid());
                }
                if (lock == null) {
                    channel.close();
                    throw busy(directory, holderPid(file));
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(false);
                RunLock held = new RunLock(file, key, channel, lock);
                HELD.put(key, held);
                return held;
            } catch (IOException e) {
                closeQuietly(channel);
                throw Faults.of("lock the run directory", directory, e);
            }
        }
    }

    /** The process holding the lock of the run in {@code directory}, or empty when no process holds it. */
    static OptionalLong holder(Path directory) {
        Path file = directory.resolve(RunDirectory.LOCK);
        synchronized (HELD) {
            if (HELD.containsKey(key(file))) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock probe;
                try {
                    probe = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    // held by this process under another name (a hard link): the channel stays open, as above
                    channel = null;
                    return OptionalLong.of(ProcessHandle.current().pid());
                }
                if (probe != null) {
                    probe.release();
                    return OptionalLong.empty();
                }
                return OptionalLong.of(holderPid(file));
            } catch (IOException e) {
                throw Faults.of("check the lock of", directory, e);
            } finally {
                closeQuietly(channel);
            }
        }
    }

    /**
     * The lock file's real path (symbolic links resolved), or its folder's with its name when it does not
     * exist yet: one key per file, however the directory was named.
     */
    private static Path key(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            try {
                return file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
            } catch (IOException | RuntimeException noFolder) {
                return file.toAbsolutePath().normalize();
            }
        }
    }

    /** The message for a run owned by another process. */
    static InputException busy(Path directory, long pid) {
        String who = pid > 0 ? "process " + pid : "another process";
        return new InputException("run " + directory + " is in use by " + who + " (it holds " + directory
                .resolve(RunDirectory.LOCK) + "); wait for it to end, or stop it"
                + (pid > 0 ? " (kill -TERM " + pid + ": it checkpoints and exits)" : "") + " and try again");
    }

    private static long holderPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            HELD.remove(key, this);
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel's close releases it too
            }
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
