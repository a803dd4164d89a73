package org.schemenet.spark;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.schemenet.runner.Console;
import org.schemenet.runner.Environment;
import org.schemenet.runner.Main;
import org.schemenet.runner.Terminal;

/**
 * The Spark application: the runner with the Spark engine, data source and sweep executor
 * ({@link SparkModule}). The same command line, configuration files, run directory, metrics,
 * checkpoints and resume as {@code runner/bin/runner}; {@code --spark MASTER} trains a run on Spark
 * and {@code sweep PLAN --spark MASTER} spreads a plan's runs over the executors. Run it with
 * {@code framework/spark/bin/runner-spark}, or {@code spark-submit --class org.schemenet.spark.SparkMain
 * schemenet-spark-app.jar} (docs/scaling.md).
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(Main.run(modules(Environment.current(), new Console(out, err), Terminal.current()), args));
    }

    /** The runner's modules and the Spark module. */
    public static List<Module> modules(Environment environment, Console console, Terminal terminal) {
        List<Module> all = new ArrayList<>(Main.modules(environment, console, terminal));
        all.add(new SparkModule());
        return all;
    }
}
