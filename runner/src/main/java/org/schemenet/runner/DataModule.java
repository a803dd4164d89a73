package org.schemenet.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.schemenet.data.ImageCounts;
import org.schemenet.engine.CifarDataSource;
import org.schemenet.engine.DataSource;
import org.schemenet.engine.OnSpark;
import org.schemenet.engine.RunData;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.train.StopRequest;

/**
 * The data source: CIFAR-10 from a directory (downloaded if missing) or the bundled sample; for a run
 * given {@code --spark}, the Spark application's source ({@link OnSpark}), whose executors read the files.
 */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DataSource.class).to(ChosenData.class);
        OptionalBinder.newOptionalBinder(binder(), Key.get(DataSource.class, OnSpark.class));
    }

    /**
     * CIFAR-10 with the runner's environment variables ({@code SCHEMENET_DATA}), the default data directory under
     * the user's home ({@link Environment#userHome()}, the same as the settings' default), a download given up
     * as soon as the run is asked to stop (Ctrl-C), and a download's progress on the console's error writer.
     */
    @Provides
    CifarDataSource cifar(Environment environment, Console console, StopRequest stop) {
        return new CifarDataSource(environment.variables(), environment.userHome(),
                new PrintStream(new WriterStream(console), true, StandardCharsets.UTF_8), stop::requested);
    }

    /** The local source, or the Spark one for settings with {@code spark}. */
    static final class ChosenData implements DataSource {
        private final CifarDataSource local;
        private final Optional<DataSource> spark;

        @Inject
        ChosenData(CifarDataSource local, @OnSpark Optional<DataSource> spark) {
            this.local = local;
            this.spark = spark;
        }

        private DataSource of(RunSettings settings) {
            return settings.get(Settings.SPARK) == null ? local : spark.orElse(local);
        }

        @Override
        public RunData open(RunSettings settings) {
            return of(settings).open(settings);
        }

        @Override
        public ImageCounts check(RunSettings settings) {
            return of(settings).check(settings);
        }
    }

    /** Bytes (ASCII progress) to the console's error writer. */
    private static final class WriterStream extends OutputStream {
        private final Console console;

        WriterStream(Console console) {
            this.console = console;
        }

        @Override
        public void write(int b) {
            console.err().write(b);
        }

        @Override
        public void flush() {
            console.err().flush();
        }
    }
}
