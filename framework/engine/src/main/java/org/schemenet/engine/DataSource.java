package org.schemenet.engine;

import org.schemenet.data.ImageCounts;
import org.schemenet.run.RunSettings;

/**
 * Opens the data a run trains on: the runner binds CIFAR-10 from a folder or the bundled sample, the
 * Spark application the binary files its executors read; tests may bind their own.
 */
public interface DataSource {

    /**
     * @throws org.schemenet.run.InputException when the data cannot be found or read (the message names the file and the problem)
     */
    RunData open(RunSettings settings);

    /**
     * Checks, without reading the images, that the data of {@code settings} can be opened with its
     * subsets (a sweep checks its whole plan before anything trains); returns the counts.
     *
     * @throws org.schemenet.run.InputException as {@link #open} would
     */
    ImageCounts check(RunSettings settings);
}
