package org.schemenet.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.OnSpark;
import org.schemenet.engine.SweepExecutor;
import org.schemenet.engine.TrainingEngine;

/**
 * Binds the Spark engine, its data source and the Spark sweep executor as the runner's
 * {@link OnSpark} implementations: with this module, {@code --spark MASTER} trains a run on Spark
 * and {@code sweep PLAN --spark MASTER} spreads a plan's runs over a cluster's executors.
 */
public final class SparkModule extends AbstractModule {
    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Key.get(TrainingEngine.class, OnSpark.class)).setBinding()
                .to(SparkEngine.class);
        OptionalBinder.newOptionalBinder(binder(), Key.get(DataSource.class, OnSpark.class)).setBinding()
                .to(SparkDataSource.class);
        OptionalBinder.newOptionalBinder(binder(), Key.get(SweepExecutor.Factory.class, OnSpark.class)).setBinding()
                .to(SparkSweeps.class);
    }
}
