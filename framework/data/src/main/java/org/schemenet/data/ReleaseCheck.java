package org.schemenet.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises a folder that holds the Python or MATLAB release of CIFAR-10 instead of the binary
 * one, and says how to get the binary one. Python release: {@code data_batch_1 .. 5},
 * {@code test_batch}, {@code batches.meta} (pickles, no extension) in
 * {@code cifar-10-batches-py/}; MATLAB release: {@code *.mat} in {@code cifar-10-batches-mat/}.
 */
final class ReleaseCheck {
    private ReleaseCheck() {
    }

    /** Fails unless {@code folder} is an existing directory that does not look like another release. */
    static void requireBinaryFolder(Path folder) {
        if (!Files.exists(folder)) {
            throw new DataSetException(folder + ": does not exist; expected a folder with the CIFAR-10 binary files "
                    + String.join(", ", Cifar10Layout.ALL_FILES));
        }
        if (!Files.isDirectory(folder)) {
            throw new DataSetException(folder + ": is a file; expected a folder with the CIFAR-10 binary files "
                    + String.join(", ", Cifar10Layout.ALL_FILES));
        }
        rejectOtherReleases(folder);
    }

    /**
     * Fails with an explanation if {@code folder}, or its {@code cifar-10-batches-py} or
     * {@code cifar-10-batches-mat} sub-folder, holds another release and no binary batch.
     */
    static void rejectOtherReleases(Path folder) {
        if (Files.exists(folder.resolve(Cifar10Layout.TRAINING_FILES.get(0)))) {
            return;
        }
        List<String> python = new ArrayList<>();
        for (String name : List.of("data_batch_1", "test_batch", "batches.meta", "cifar-10-batches-py")) {
            if (Files.exists(folder.resolve(name))) {
                python.add(name);
            }
        }
        if (!python.isEmpty()) {
            throw new DataSetException(folder + ": holds the Python release of CIFAR-10 (found "
                    + String.join(", ", python) + "), not the binary one. " + howToGetBinary(folder));
        }
        List<String> matlab = new ArrayList<>();
        if (Files.isDirectory(folder.resolve("cifar-10-batches-mat"))) {
            matlab.add("cifar-10-batches-mat");
        }
        try (DirectoryStream<Path> mats = Files.newDirectoryStream(folder, "*.mat")) {
            for (Path mat : mats) {
                matlab.add(mat.getFileName().toString());
            }
        } catch (IOException e) {
            throw new DataSetException(folder + ": cannot list the folder: " + e, e);
        }
        if (!matlab.isEmpty()) {
            matlab.sort(null);
            throw new DataSetException(folder + ": holds the MATLAB release of CIFAR-10 (found "
                    + String.join(", ", matlab) + "), not the binary one. " + howToGetBinary(folder));
        }
    }

    static String howToGetBinary(Path folder) {
        return "schemenet reads the binary release: download " + Cifar10Layout.OFFICIAL_URL + " (MD5 "
                + Cifar10Layout.OFFICIAL_MD5 + ") and extract it so that a folder " + Cifar10Layout.FOLDER
                + "/ with data_batch_1.bin .. data_batch_5.bin, test_batch.bin and batches.meta.txt appears, then"
                + " point --data or " + DataLocation.ENVIRONMENT_VARIABLE + " at it; or point them at an empty"
                + " folder (not " + folder + ") to have it downloaded";
    }
}
