package org.schemenet.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Plugin zips (PF4J's archive layout: {@code plugin.properties} or {@code classes/META-INF/MANIFEST.MF},
 * {@code classes/}, {@code lib/*.jar}) unpacked outside the plugins folder, into
 * {@code <root>/<first 16 hex digits of the zip's SHA-256>-<zip name>/}: nothing is written next to
 * the zip, a changed zip gets a new folder, and an unchanged one is unpacked once. Unpacking goes
 * to a temporary folder renamed into place, so concurrent runners (a sweep's children) never see a
 * half-unpacked plugin.
 */
final class PluginArchives {

    private PluginArchives() {
    }

    /** The folder {@code zip} is unpacked in under {@code root} (unpacked now if it is not yet). */
    static Path unpack(Path zip, Path root) throws IOException {
        String name = zip.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        Path target = root.resolve(sha256(zip).substring(0, 16) + "-" + name);
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(root);
        Path temp = Files.createTempDirectory(root, ".unpacking-");
        try {
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path out = temp.resolve(entry.getName()).normalize();
                    if (!out.startsWith(temp)) {
                        throw new IOException("entry '" + entry.getName() + "' points outside the archive");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        try (InputStream in = archive.getInputStream(entry)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                delete(temp); // another runner unpacked the same zip first
            }
        } catch (IOException | RuntimeException e) {
            delete(temp);
            throw e;
        }
        return target;
    }

    /** The SHA-256 of a file, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
