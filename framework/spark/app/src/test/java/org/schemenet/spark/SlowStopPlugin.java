package org.schemenet.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}) whose driver side takes {@link #SECONDS} s to shut down, so that stopping a
 * Spark context takes at least that long, as on a loaded machine or with an event log to write: a test of what comes
 * after a stop sees the stop still going on unless it waits for it.
 */
public final class SlowStopPlugin implements SparkPlugin {
    static final int SECONDS = 5;

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public void shutdown() {
                try {
                    Thread.sleep(SECONDS * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }
}
