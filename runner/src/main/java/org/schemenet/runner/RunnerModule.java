package org.schemenet.runner;

import com.google.inject.AbstractModule;

/** Binds what the runner takes from its surroundings; tests swap in their own. */
public final class RunnerModule extends AbstractModule {
    private final Environment environment;
    private final Console console;

    public RunnerModule(Environment environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    @Override
    protected void configure() {
        bind(Environment.class).toInstance(environment);
        bind(Console.class).toInstance(console);
    }
}
