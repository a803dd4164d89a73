package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.schemenet.train.StopRequest;

/** The trainer's collaborators: one stop request per runner invocation, raised by SIGINT, SIGTERM or SIGHUP; the training engine. */
public final class TrainerModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(StopRequest.class).in(Singleton.class);
        bind(StopSignal.class).to(StopSignal.OperatingSystem.class);
        bind(SystemInfo.class);
        bind(TrainingEngine.class).to(LocalEngine.class);
    }
}
