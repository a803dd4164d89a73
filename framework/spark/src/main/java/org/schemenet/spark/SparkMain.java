package org.schemenet.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.io.PrintWriter;
import java.util.List;
import org.schemenet.runner.Console;
import org.schemenet.runner.DataSource;
import org.schemenet.runner.Environment;
import org.schemenet.runner.Main;
import org.schemenet.runner.Terminal;
import org.schemenet.runner.TrainingEngine;

/**
 * The runner with the Spark engine: the same command line, configuration files, run directory,
 * metrics, checkpoints and resume as {@code runner/bin/runner}, plus {@code --spark MASTER}. Run it
 * with {@code framework/spark/bin/runner-spark} (local masters) or {@code spark-submit --class
 * org.schemenet.spark.SparkMain} (see docs/scaling.md).
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(Main.run(modules(Environment.current(), new Console(out, err), Terminal.current()), args));
    }

    /** The runner's modules with the Spark engine and data source in place of the local ones. */
    public static List<Module> modules(Environment environment, Console console, Terminal terminal) {
        return List.of(Modules.override(Main.modules(environment, console, terminal)).with(new SparkModule()));
    }

    /** Binds the Spark engine and data source. */
    static final class SparkModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(TrainingEngine.class).to(SparkEngine.class);
            bind(DataSource.class).to(SparkDataSource.class);
        }
    }
}
