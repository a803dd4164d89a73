package org.schemenet.runner;

import com.google.inject.AbstractModule;

/** Configuration: the TOML reader/writer and the resolver of defaults, file and flags. */
public final class ConfigModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ConfigFile.class);
        bind(ConfigResolver.class);
    }
}
