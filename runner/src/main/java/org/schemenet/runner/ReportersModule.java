package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.schemenet.train.RunObserver;

/**
 * Reporters: the progress bar, the per-epoch log, metrics.csv and summary.json are made per run
 * by {@link TrainingSession}; further {@link RunObserver}s are added to the set bound here: the
 * run's web page, rewritten after every epoch ({@link LiveRunPage}).
 */
public final class ReportersModule extends AbstractModule {
    private final Terminal terminal;

    public ReportersModule(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    protected void configure() {
        bind(Terminal.class).toInstance(terminal);
        Multibinder.newSetBinder(binder(), RunObserver.class).addBinding().to(LiveRunPage.class);
    }
}
