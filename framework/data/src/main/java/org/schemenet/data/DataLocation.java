package org.schemenet.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CIFAR-10 files come from: the {@link Sample bundled sample}, or a {@link Directory
 * data directory} that holds (or will receive) the binary release.
 */
public sealed interface DataLocation permits DataLocation.Sample, DataLocation.Directory {
    /** The environment variable that overrides the default data directory. */
    String ENVIRONMENT_VARIABLE = "SCHEMENET_DATA";
    /** The name that selects the bundled sample, as an option value or in the environment variable. */
    String SAMPLE_NAME = org.schemenet.run.Settings.SAMPLE;

    /**
     * The location a run uses: the option value ({@code --data}) if given, else the environment
     * variable {@value #ENVIRONMENT_VARIABLE}, else {@code ~/.schemenet/data}. The value
     * {@value #SAMPLE_NAME} selects the bundled sample; anything else is a directory.
     */
    static DataLocation resolve(String option, Map<String, String> environment, Path userHome) {
        String value = option;
        if (value == null || value.isBlank()) {
            value = environment.get(ENVIRONMENT_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            return new Directory(userHome.resolve(".schemenet").resolve("data"));
        }
        if (value.equals(SAMPLE_NAME)) {
            return new Sample();
        }
        return new Directory(Path.of(value));
    }

    /**
     * Loads the whole data set.
     *
     * @param download fetches the release into a directory that lacks it; null to fail instead
     */
    Cifar10 load(Cifar10Download download);

    /**
     * How many images {@link #load} would give, from the file sizes alone (a directory without the
     * files counts what a download of the official release brings); fails as {@link #load} would on a
     * truncated or missing file.
     */
    ImageCounts counts();

    /** The small balanced sample shipped inside this module (see {@link BundledSample}). */
    record Sample() implements DataLocation {
        @Override
        public Cifar10 load(Cifar10Download download) {
            return BundledSample.load();
        }

        @Override
        public ImageCounts counts() {
            return new ImageCounts(BundledSample.TRAIN_PER_CLASS * Cifar10Layout.CLASSES,
                    BundledSample.TEST_PER_CLASS * Cifar10Layout.CLASSES);
        }

        @Override
        public String toString() {
            return SAMPLE_NAME;
        }
    }

    /**
     * A data directory: either the binary folder itself (it holds {@code data_batch_1.bin}) or
     * a directory with a {@code cifar-10-batches-bin/} folder inside, the layout a download creates.
     */
    record Directory(Path path) implements DataLocation {
        public Directory {
            if (path == null) {
                throw new IllegalArgumentException("a data directory needs a path");
            }
        }

        /** The binary folder if one is present; fails if the directory holds another release. */
        public Optional<Path> binaryFolder() {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            if (!Files.isDirectory(path)) {
                String hint = path.getFileName() != null && path.getFileName().toString().endsWith(".tar.gz")
                        ? " (to use the archive, extract it with tar xzf and give the folder that holds "
                        + Cifar10Layout.FOLDER + "/)" : "";
                throw new DataSetException(path + ": is a file; the data option takes a directory or '"
                        + SAMPLE_NAME + "'" + hint);
            }
            if (Files.exists(path.resolve(Cifar10Layout.TRAINING_FILES.get(0)))
                    || Files.exists(path.resolve(Cifar10Layout.TEST_FILE))) {
                return Optional.of(path);
            }
            Path inside = path.resolve(Cifar10Layout.FOLDER);
            if (Files.isDirectory(inside)) {
                return Optional.of(inside);
            }
            ReleaseCheck.rejectOtherReleases(path);
            for (String other : new String[] {"cifar-10-batches-py", "cifar-10-batches-mat"}) {
                if (Files.isDirectory(path.resolve(other))) {
                    ReleaseCheck.rejectOtherReleases(path.resolve(other));
                }
            }
            return Optional.empty();
        }

        @Override
        public Cifar10 load(Cifar10Download download) {
            Optional<Path> folder = binaryFolder();
            if (folder.isPresent()) {
                return Cifar10Reader.readFolder(folder.get());
            }
            if (download == null) {
                throw new DataSetException(path + ": no CIFAR-10 binary files (looked for "
                        + path.resolve(Cifar10Layout.TRAINING_FILES.get(0)) + " and " + path.resolve(Cifar10Layout.FOLDER)
                        + "/). " + ReleaseCheck.howToGetBinary(path));
            }
            return Cifar10Reader.readFolder(download.download(path));
        }

        @Override
        public ImageCounts counts() {
            Optional<Path> folder = binaryFolder();
            return folder.isPresent() ? Cifar10Reader.countFolder(folder.get()) : ImageCounts.OFFICIAL;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
