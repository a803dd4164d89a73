package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** The hand-written tar reader against archives written by Apache Commons Compress. */
class TarReaderTest {
    private static final String LONG = "cifar-10-batches-bin/" + "deep/".repeat(30) + "data_batch_1.bin";

    private static byte[] tar(int longFileMode, String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(longFileMode);
            tar.putArchiveEntry(new TarArchiveEntry("cifar-10-batches-bin/"));
            tar.closeArchiveEntry();
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static void assertEntries(byte[] archive, String name, byte[] content) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(archive), "test.tar");
        TarReader.Entry folder = reader.next();
        assertEquals("cifar-10-batches-bin/", folder.name());
        assertEquals('5', folder.type());
        TarReader.Entry file = reader.next();
        assertEquals(name, file.name());
        assertTrue(file.isFile());
        assertEquals(content.length, file.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.copyTo(out);
        assertArrayEquals(content, out.toByteArray());
        assertNull(reader.next());
    }

    @Test
    void readsShortNamesAndContentsOfAnyLength() throws IOException {
        for (int n : new int[] {0, 1, 511, 512, 513, 3073 * 3}) {
            assertEntries(tar(TarArchiveOutputStream.LONGFILE_ERROR, "cifar-10-batches-bin/data_batch_1.bin",
                    content(n)), "cifar-10-batches-bin/data_batch_1.bin", content(n));
        }
    }

    @Test
    void readsGnuLongNames() throws IOException {
        assertEntries(tar(TarArchiveOutputStream.LONGFILE_GNU, LONG, content(700)), LONG, content(700));
    }

    @Test
    void readsPaxPathRecords() throws IOException {
        assertEntries(tar(TarArchiveOutputStream.LONGFILE_POSIX, LONG, content(700)), LONG, content(700));
    }

    @Test
    void skippingAnEntryWithoutReadingItFindsTheNextOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String name : new String[] {"a", "b"}) {
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(1000);
                tar.putArchiveEntry(entry);
                tar.write(content(1000));
                tar.closeArchiveEntry();
            }
        }
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()), "t");
        assertEquals("a", reader.next().name());
        assertEquals("b", reader.next().name());
        assertNull(reader.next());
    }

    @Test
    void aCorruptHeaderIsDetectedByItsChecksum() throws IOException {
        byte[] archive = tar(TarArchiveOutputStream.LONGFILE_ERROR, "cifar-10-batches-bin/x.bin", content(10));
        archive[512 + 5] ^= 1; // a byte of the second header's name
        TarReader reader = new TarReader(new ByteArrayInputStream(archive), "t");
        reader.next();
        IOException e = assertThrows(IOException.class, reader::next);
        assertTrue(e.getMessage().startsWith("the header of entry 1 is corrupt (checksum"), e.getMessage());
    }

    @Test
    void anArchiveCutInsideAnEntryIsTruncated() throws IOException {
        byte[] archive = tar(TarArchiveOutputStream.LONGFILE_ERROR, "cifar-10-batches-bin/x.bin", content(5000));
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(archive, 3000)), "t");
        reader.next();
        reader.next();
        assertThrows(EOFException.class, () -> reader.copyTo(new ByteArrayOutputStream()));
    }

    @Test
    void theNamesOfTheOfficialArchiveAreRead() throws IOException {
        byte[] meta = "airplane\n".getBytes(StandardCharsets.US_ASCII);
        assertEntries(tar(TarArchiveOutputStream.LONGFILE_ERROR, "cifar-10-batches-bin/batches.meta.txt", meta),
                "cifar-10-batches-bin/batches.meta.txt", meta);
    }
}
