package org.schemenet.runner;

import com.google.inject.AbstractModule;

/** The network compiler with the run's training protocol. */
public final class NetworkModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(NetworkFactory.class);
    }
}
