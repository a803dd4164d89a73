package org.schemenet.runner;

import org.schemenet.data.ImageCounts;
import org.schemenet.run.RunSettings;

/** Opens the data a run trains on. Bound in {@link DataModule}; tests may bind their own. */
public interface DataSource {

    /**
     * @throws UsageException when the data cannot be found or read (the message names the file and the problem)
     */
    RunData open(RunSettings settings);

    /**
     * Checks, without reading the images, that the data of {@code settings} can be opened with its
     * subsets (a sweep checks its whole plan before anything trains); returns the counts.
     *
     * @throws UsageException as {@link #open} would
     */
    ImageCounts check(RunSettings settings);
}
