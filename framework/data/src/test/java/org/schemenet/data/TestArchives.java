package org.schemenet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test archives written with Apache Commons Compress, an implementation independent of {@link TarReader}. */
final class TestArchives {
    private TestArchives() {
    }

    /** The entries of a small release in the official layout: a folder entry, the seven files, a readme. */
    static Map<String, byte[]> smallRelease(Path scratch) throws IOException {
        Path folder = TestImages.folder(scratch, 50, 20);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/", null);
        for (String name : Cifar10Layout.ALL_FILES) {
            entries.put("cifar-10-batches-bin/" + name, Files.readAllBytes(folder.resolve(name)));
        }
        entries.put("cifar-10-batches-bin/readme.html", "<html>readme</html>".getBytes());
        return entries;
    }

    /** A gzip-compressed tar of the entries (a null value is a directory); names are kept verbatim. */
    static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                if (e.getValue() == null) {
                    tar.putArchiveEntry(entry);
                } else {
                    entry.setSize(e.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String md5(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Digests.md5().digest(bytes));
    }
}
