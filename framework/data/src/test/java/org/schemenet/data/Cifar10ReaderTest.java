package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path root;

    @Test
    void readsTheRecordLayoutByteByByte() throws IOException {
        // two hand-made records: label, then R plane, G plane, B plane, each row-major 32x32
        byte[] bytes = new byte[2 * 3073];
        bytes[0] = 7;
        bytes[1 + 1024 + 2 * 32 + 3] = (byte) 200;   // record 0, G, y=2, x=3
        bytes[3073] = 2;
        bytes[3073 + 1 + 2048 + 31 * 32 + 31] = 9;    // record 1, B, y=31, x=31
        bytes[3073 + 1] = (byte) 255;                 // record 1, R, y=0, x=0
        Path file = root.resolve("data_batch_1.bin");
        Files.write(file, bytes);

        ImageSet set = Cifar10Reader.readBatch(file);

        assertEquals(2, set.size());
        assertEquals(7, set.label(0));
        assertEquals(2, set.label(1));
        assertEquals(200, set.pixel(0, 1, 2, 3));
        assertEquals(0, set.pixel(0, 1, 3, 2));
        assertEquals(9, set.pixel(1, 2, 31, 31));
        assertEquals(255, set.pixel(1, 0, 0, 0));
        int nonZero = 0;
        for (byte b : set.pixels()) {
            nonZero += b != 0 ? 1 : 0;
        }
        assertEquals(3, nonZero);
    }

    @Test
    void readsAFolderInOfficialOrderWithClassNamesAndChecksum() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);

        Cifar10 data = Cifar10Reader.readFolder(folder);

        assertEquals(TestImages.cycling(50), data.train());
        assertEquals(TestImages.cycling(20), data.test());
        assertEquals(Cifar10Layout.CLASS_NAMES, data.classes());
        DataSetDescription d = data.description();
        assertEquals("cifar-10", d.name());
        assertEquals(folder.toAbsolutePath().normalize().toString(), d.source());
        assertEquals(50, d.trainImages());
        assertEquals(20, d.testImages());
        assertEquals("", d.note());
        // the checksum is the SHA-256 of the sha256sum listing of the seven files, computed here independently
        StringBuilder listing = new StringBuilder();
        for (String name : Cifar10Layout.ALL_FILES) {
            listing.append(Digests.sha256Hex(Files.readAllBytes(folder.resolve(name)))).append("  ").append(name)
                    .append('\n');
        }
        assertEquals(Digests.sha256Hex(listing.toString().getBytes(StandardCharsets.US_ASCII)), d.sha256());
    }

    /**
     * Loading parses each file straight into the set's final arrays: the bytes allocated while a folder loads
     * stay near the size of the images themselves. Reading whole files, parsing each into its own set and
     * concatenating the training batches allocated about three times that (the full CIFAR-10: 522 MB of heap
     * touched for 184 MB of images, which a training run's resident memory kept).
     */
    @Test
    void aFolderLoadsWithoutCopiesOfWholeFiles() {
        Path folder = TestImages.folder(root, 5 * 1_200, 1_200); // 3.7 MB per file, several read chunks each
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        assertTrue(threads instanceof com.sun.management.ThreadMXBean, "this JVM counts allocated bytes per thread");
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        counting.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();

        long before = counting.getThreadAllocatedBytes(thread);
        Cifar10 data = Cifar10Reader.readFolder(folder);
        long allocated = counting.getThreadAllocatedBytes(thread) - before;

        long images = (6_000L + 1_200L) * Cifar10Layout.RECORD_BYTES;
        assertTrue(allocated < images + 2_000_000, "loading " + images + " bytes of images allocated " + allocated
                + " bytes");
        assertEquals(TestImages.cycling(6_000), data.train());
        assertEquals(TestImages.cycling(1_200), data.test());
    }

    /** A file the process may not read is named with the cause in words, not a Java exception's name. */
    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        java.util.List<Cifar10Reader.BinaryFile> files = new java.util.ArrayList<>();
        for (String name : Cifar10Layout.ALL_FILES) {
            Path file = folder.resolve(name);
            files.add(new Cifar10Reader.BinaryFile(file.toString(), Files.size(file), name.equals("data_batch_3.bin")
                    ? () -> { throw new java.nio.file.AccessDeniedException(file.toString()); }
                    : () -> Files.newInputStream(file)));
        }
        DataSetException e = assertThrows(DataSetException.class,
                () -> Cifar10Reader.read(files, folder.toString(), "cifar-10", null));
        assertEquals(folder.resolve("data_batch_3.bin") + ": cannot be read: permission denied", e.getMessage());
    }

    /** A label fault in a later read chunk is named with its record and byte in the file. */
    @Test
    void aLabelOutsideZeroToNineDeepInAFileIsNamedWithItsRecord() throws IOException {
        Path folder = TestImages.folder(root, 5 * 1_200, 20);
        Path batch = folder.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(batch);
        bytes[1_100 * 3073] = (byte) 200;
        Files.write(batch, bytes);

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertTrue(e.getMessage().startsWith(batch + ": record 1100 (byte 3380300) has label 200; CIFAR-10 labels are"
                + " 0-9"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        Files.delete(folder.resolve("data_batch_3.bin"));
        Files.delete(folder.resolve("test_batch.bin"));

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertTrue(e.getMessage().startsWith(folder + ": missing data_batch_3.bin, test_batch.bin;"), e.getMessage());
    }

    @Test
    void anEmptyFileIsNamed() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        Files.write(folder.resolve("data_batch_2.bin"), new byte[0]);

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertTrue(e.getMessage().startsWith(folder.resolve("data_batch_2.bin") + ": the file is empty"),
                e.getMessage());
    }

    @Test
    void aTruncatedRecordIsNamed() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        Path test = folder.resolve("test_batch.bin");
        byte[] whole = Files.readAllBytes(test);
        Files.write(test, Arrays.copyOf(whole, whole.length - 1000)); // 20 records, the last one cut to 2073 bytes

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertEquals(test + ": 60460 bytes is not a whole number of 3073-byte records; record 19 (counting from 0)"
                + " is truncated: 2073 of 3073 bytes", e.getMessage());
    }

    @Test
    void aLabelOutsideZeroToNineIsNamedWithItsRecord() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        Path batch = folder.resolve("data_batch_5.bin");
        byte[] bytes = Files.readAllBytes(batch);
        bytes[6 * 3073] = 10;
        Files.write(batch, bytes);

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertTrue(e.getMessage().startsWith(batch + ": record 6 (byte 18438) has label 10; CIFAR-10 labels are 0-9"),
                e.getMessage());
    }

    @Test
    void aBadClassNamesFileIsNamed() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        Files.writeString(folder.resolve("batches.meta.txt"), "airplane\nautomobile\n\n");

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(folder));

        assertTrue(e.getMessage().startsWith(folder.resolve("batches.meta.txt") + ": holds 2 class names; expected 10"),
                e.getMessage());
    }

    @Test
    void thePythonReleaseIsRecognisedAndTheBinaryOneExplained() throws IOException {
        Path python = Files.createDirectories(root.resolve("cifar-10-batches-py"));
        for (String name : new String[] {"data_batch_1", "data_batch_2", "test_batch", "batches.meta", "readme.html"}) {
            Files.write(python.resolve(name), new byte[] {(byte) 0x80, 2});
        }

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(python));

        assertTrue(e.getMessage().startsWith(python + ": holds the Python release of CIFAR-10 (found data_batch_1,"
                + " test_batch, batches.meta), not the binary one."), e.getMessage());
        assertTrue(e.getMessage().contains("download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
                e.getMessage());
    }

    @Test
    void theMatlabReleaseIsRecognisedAndTheBinaryOneExplained() throws IOException {
        Path matlab = Files.createDirectories(root.resolve("cifar-10-batches-mat"));
        for (String name : new String[] {"data_batch_1.mat", "test_batch.mat", "batches.meta.mat"}) {
            Files.write(matlab.resolve(name), new byte[] {1});
        }

        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(matlab));

        assertTrue(e.getMessage().startsWith(matlab + ": holds the MATLAB release of CIFAR-10 (found batches.meta.mat,"
                + " data_batch_1.mat, test_batch.mat), not the binary one."), e.getMessage());
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }

    @Test
    void aFolderThatDoesNotExistIsNamed() {
        Path nowhere = root.resolve("nowhere");
        DataSetException e = assertThrows(DataSetException.class, () -> Cifar10Reader.readFolder(nowhere));
        assertTrue(e.getMessage().startsWith(nowhere + ": does not exist"), e.getMessage());
    }

    @Test
    void writerAndReaderAreInverse() {
        ImageSet set = TestImages.patterned(3, 1, 4, 1, 5, 9, 2, 6);
        byte[] records = Cifar10Writer.records(set, 0, set.size());
        assertEquals(8 * 3073, records.length);
        assertEquals(set, Cifar10Reader.parseBatch("x", records));
        assertArrayEquals(new byte[] {3, 1, 4, 1, 5, 9, 2, 6}, Cifar10Reader.parseBatch("x", records).labels());
    }
}
