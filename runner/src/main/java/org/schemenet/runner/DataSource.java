package org.schemenet.runner;

/** Opens the data a run trains on. Bound in {@link DataModule}; tests may bind their own. */
public interface DataSource {

    /**
     * @throws UsageException when the data cannot be found or read (the message names the file and the problem)
     */
    RunData open(RunConfig config);
}
