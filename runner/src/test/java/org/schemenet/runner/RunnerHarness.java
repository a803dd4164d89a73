package org.schemenet.runner;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the whole runner in-process with its real modules (optionally some swapped) and captures what it prints. */
final class RunnerHarness {

    /** The plugins/ folder this build filled (set by Surefire). */
    static Path builtPlugins() {
        return Path.of(System.getProperty("schemenet.test.plugins", "../plugins"));
    }

    record Result(int exitCode, String out, String err) {
    }

    /** With the runner's own modules, {@code overrides} replacing their bindings. */
    static Result run(List<Module> overrides, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
        Environment env = new Environment(environment, builtPlugins().getParent());
        List<Module> modules = Main.modules(env, console, new Terminal(false));
        Module all = Modules.override(modules).with(overrides);
        int code = Main.run(List.of(all), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(Map<String, String> environment, String... args) {
        return run(List.of(), environment, args);
    }

    static Result run(String... args) {
        return run(Map.of(Environment.PLUGINS_VARIABLE, builtPlugins().toString()), args);
    }

    private RunnerHarness() {
    }
}
