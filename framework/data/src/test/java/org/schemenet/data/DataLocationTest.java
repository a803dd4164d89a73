package org.schemenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocationTest {
    @TempDir
    Path root;

    @Test
    void theOptionWinsOverTheVariableWhichWinsOverTheDefault() {
        Path home = Path.of("/home/someone");
        Map<String, String> env = Map.of("SCHEMENET_DATA", "/from/env");
        assertEquals(new DataLocation.Directory(Path.of("/home/someone/.schemenet/data")),
                DataLocation.resolve(null, Map.of(), home));
        assertEquals(new DataLocation.Directory(Path.of("/from/env")), DataLocation.resolve(null, env, home));
        assertEquals(new DataLocation.Directory(Path.of("/from/option")), DataLocation.resolve("/from/option", env, home));
        assertEquals(new DataLocation.Sample(), DataLocation.resolve("sample", env, home));
        assertEquals(new DataLocation.Sample(), DataLocation.resolve(null, Map.of("SCHEMENET_DATA", "sample"), home));
        assertEquals(new DataLocation.Directory(Path.of("/home/someone/.schemenet/data")),
                DataLocation.resolve("", Map.of("SCHEMENET_DATA", " "), home));
    }

    @Test
    void imageCountsComeFromTheFileSizesAndMatchWhatLoadingGives() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        DataLocation.Directory dir = new DataLocation.Directory(root);
        assertEquals(new ImageCounts(50, 20), dir.counts());
        Cifar10 loaded = dir.load(null);
        assertEquals(new ImageCounts(loaded.train().size(), loaded.test().size()), dir.counts());
        Cifar10 sample = new DataLocation.Sample().load(null);
        assertEquals(new ImageCounts(sample.train().size(), sample.test().size()), new DataLocation.Sample().counts());
        assertEquals(ImageCounts.OFFICIAL, new DataLocation.Directory(root.resolve("to-download")).counts());
        DataSetException subset = org.junit.jupiter.api.Assertions.assertThrows(DataSetException.class,
                () -> dir.counts().checkSubsets(100, 0));
        assertEquals("training subset 100: the data set has only 50 images", subset.getMessage());
        DataSetException same = org.junit.jupiter.api.Assertions.assertThrows(DataSetException.class,
                () -> loaded.subset(100, 0));
        assertEquals(same.getMessage(), subset.getMessage(), "the same message as opening the data");
        dir.counts().checkSubsets(50, 20);
        byte[] batch = Files.readAllBytes(folder.resolve("data_batch_2.bin"));
        Files.write(folder.resolve("data_batch_2.bin"), java.util.Arrays.copyOf(batch, batch.length - 10));
        org.junit.jupiter.api.Assertions.assertThrows(DataSetException.class, dir::counts);
    }

    @Test
    void aDirectoryIsEitherTheBinaryFolderOrHoldsIt() throws IOException {
        Path folder = TestImages.folder(root, 50, 20);
        assertEquals(Optional.of(folder), new DataLocation.Directory(root).binaryFolder());
        assertEquals(Optional.of(folder), new DataLocation.Directory(folder).binaryFolder());
        assertEquals(50, new DataLocation.Directory(root).load(null).train().size());
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertEquals(Optional.empty(), new DataLocation.Directory(empty).binaryFolder());
        assertEquals(Optional.empty(), new DataLocation.Directory(root.resolve("absent")).binaryFolder());
    }

    @Test
    void withoutDownloadAMissingDataSetIsExplained() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        DataSetException e = assertThrows(DataSetException.class, () -> new DataLocation.Directory(empty).load(null));
        assertTrue(e.getMessage().startsWith(empty + ": no CIFAR-10 binary files (looked for "
                + empty.resolve("data_batch_1.bin") + " and " + empty.resolve("cifar-10-batches-bin") + "/)."),
                e.getMessage());
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }

    @Test
    void aDataDirectoryWithThePythonReleaseInsideIsExplained() throws IOException {
        Path python = Files.createDirectories(root.resolve("cifar-10-batches-py"));
        Files.write(python.resolve("data_batch_1"), new byte[] {1});
        Files.write(python.resolve("batches.meta"), new byte[] {1});
        DataSetException e = assertThrows(DataSetException.class, () -> new DataLocation.Directory(root).load(null));
        assertTrue(e.getMessage().startsWith(root + ": holds the Python release of CIFAR-10 (found"
                + " cifar-10-batches-py), not the binary one."), e.getMessage());
    }

    @Test
    void aFileIsNotADataDirectory() throws IOException {
        Path file = Files.writeString(root.resolve("data.txt"), "x");
        DataSetException e = assertThrows(DataSetException.class, () -> new DataLocation.Directory(file).load(null));
        assertEquals(file + ": is a file; the data option takes a directory or 'sample'", e.getMessage());
    }

    @Test
    void theSampleNameLoadsTheBundledSample() {
        assertEquals("cifar-10-sample", new DataLocation.Sample().load(null).description().name());
    }
}
