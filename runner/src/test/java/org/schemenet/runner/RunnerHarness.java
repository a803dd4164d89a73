package org.schemenet.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the whole runner in-process and captures what it prints. */
final class RunnerHarness {

    /** The plugins/ folder this build filled (set by Surefire). */
    static Path builtPlugins() {
        return Path.of(System.getProperty("schemenet.test.plugins", "../plugins"));
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Environment env = new Environment(environment, builtPlugins().getParent());
        int code = Main.run(List.of(new RunnerModule(env, console)), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(Map.of(Environment.PLUGINS_VARIABLE, builtPlugins().toString()), args);
    }

    private RunnerHarness() {
    }
}
