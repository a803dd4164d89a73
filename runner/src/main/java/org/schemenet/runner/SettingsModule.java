package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.schemenet.data.DataLocation;
import org.schemenet.run.SettingsResolver;
import org.schemenet.run.Surroundings;

/**
 * Run settings: the resolver of {@link org.schemenet.run.Settings}' defaults, files and flags, with
 * the surroundings the defaults depend on taken from the runner's {@link Environment}.
 */
public final class SettingsModule extends AbstractModule {

    @Provides
    SettingsResolver resolver(Environment environment, SystemInfo system) {
        return new SettingsResolver(surroundings(environment, system));
    }

    /** The environment's variables, default data directory, cores and GPUs, the clock and the working directory. */
    static Surroundings surroundings(Environment environment, SystemInfo system) {
        String data = DataLocation.resolve(null, environment.variables(), environment.userHome()).toString();
        return new Surroundings(environment.variables(), data, Runtime.getRuntime().availableProcessors(),
                system::accelerators, LocalDateTime::now, Path.of("").toAbsolutePath());
    }
}
