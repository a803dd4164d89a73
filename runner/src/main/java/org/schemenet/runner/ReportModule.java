package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.schemenet.train.RunObserver;

/** Reports: every training run draws its pictures when it ends ({@link RunPictures}). */
public final class ReportModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), RunObserver.class).addBinding().to(RunPictures.class);
    }
}
