package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/**
 * The plugin loader and the scheme service every command uses: scheme plugins loaded with PF4J from
 * the plugins folder, once per command.
 */
public final class SchemesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PluginLoader.class).asEagerSingleton();
        bind(SchemeService.class).in(Singleton.class);
    }
}
