package org.schemenet.runner;

import com.google.inject.AbstractModule;

/** The plugin manager and scheme registry: scheme plugins loaded with PF4J from the plugins folder. */
public final class SchemesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PluginLoader.class).asEagerSingleton();
    }
}
