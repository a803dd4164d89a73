package org.schemenet.runner;

import com.google.inject.AbstractModule;

/** The data source: CIFAR-10 from a directory (downloaded if missing) or the bundled sample. */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DataSource.class).to(CifarDataSource.class);
    }
}
