package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import org.schemenet.engine.OnSpark;
import org.schemenet.engine.SweepExecutor;
import org.schemenet.engine.TrainingEngine;
import org.schemenet.train.StopRequest;

/**
 * The trainer's collaborators: one stop request per runner invocation, raised by SIGINT, SIGTERM or
 * SIGHUP; the training engine and where a sweep's runs train. The Spark engine and sweep executor
 * are optional bindings ({@link OnSpark}) that the Spark application fills.
 */
public final class TrainerModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(StopRequest.class).in(Singleton.class);
        bind(StopSignal.class).to(StopSignal.OperatingSystem.class);
        bind(SystemInfo.class);
        bind(TrainingEngine.class).to(LocalEngine.class);
        OptionalBinder.newOptionalBinder(binder(), Key.get(TrainingEngine.class, OnSpark.class));
        bind(SweepExecutor.Factory.class).to(ChildRuns.Factory.class);
        OptionalBinder.newOptionalBinder(binder(), Key.get(SweepExecutor.Factory.class, OnSpark.class));
    }
}
