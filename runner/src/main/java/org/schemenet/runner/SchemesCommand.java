package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.schemenet.scheme.Count;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Scheme;
import org.schemenet.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runner schemes}: every scheme the plugins folder provides, with its summary, its nominal
 * order with default options, its options (name, default, allowed values) and the plugin id,
 * version and jar it came from. A broken plugin is one warning on standard error naming the jar
 * and what failed (also when it fails only now, configuring its defaults); the others are listed
 * and the exit code is 0.
 */
@Command(name = "schemes", mixinStandardHelpOptions = true,
        description = {"Lists the schemes in the plugins folder: name, summary, nominal order (with default options), "
                + "options (name, default, allowed values) and the plugin id, version and jar each came from.",
                "A plugin that is broken (not a plugin, a class it needs is missing, it throws where it must not) is "
                        + "one warning on standard error naming its jar and what failed; the other schemes are "
                        + "listed. Exit code 0 (2 when the plugins folder does not exist)."})
public final class SchemesCommand implements Callable<Integer> {

    @Mixin
    PluginFolderOption plugins;

    @Option(names = "--json", description = "print one JSON array instead of the listing")
    boolean json;

    @Mixin
    VerboseOption verbose;

    private final SchemeService schemes;
    private final Console console;
    private final Verbosity verbosity;

    @Inject
    SchemesCommand(SchemeService schemes, Console console, Verbosity verbosity) {
        this.schemes = schemes;
        this.console = console;
        this.verbosity = verbosity;
    }

    /** A listed scheme: its entry and its nominal order with default options (or why there is none). */
    private record Listed(SchemeRegistry.Entry entry, Integer order, String defaultsRejected) {
    }

    @Override
    public Integer call() {
        Path given = plugins.folder();
        Path folder = schemes.folder(given);
        SchemeRegistry registry = schemes.registry(given);
        List<Listed> listed = new ArrayList<>();
        for (SchemeRegistry.Entry e : registry.all()) {
            try {
                listed.add(new Listed(e, schemes.configure(e, Map.of()).discretisation().order(), null));
            } catch (PluginFault f) {
                console.err().println("warning: " + f.getMessage() + "; the scheme is not listed");
                if (verbosity.verbose() && f.getCause() != null) {
                    f.getCause().printStackTrace(console.err());
                }
            } catch (UsageException u) {
                listed.add(new Listed(e, null, u.getMessage()));
            }
        }
        console.err().flush();
        if (json) {
            console.out().println(Json.writeLine(listed.stream().map(SchemesCommand::toJson).toList()));
            return Main.OK;
        }
        var out = console.out();
        out.printf("%s in %s%n", Count.of(listed.size(), "scheme"), folder.toAbsolutePath().normalize());
        for (Listed l : listed) {
            SchemeRegistry.Entry e = l.entry();
            Scheme s = e.scheme();
            out.println();
            out.printf("%s — %s%n", s.name(), s.summary());
            out.printf("  nominal order: %s%n", l.order() != null ? l.order() + " (default options)"
                    : "- (the default options are rejected: " + l.defaultsRejected() + ")");
            out.printf("  plugin: %s %s, %s%s%n", e.pluginId(), e.pluginVersion(), e.source().getFileName(),
                    e.builtIn() ? " (built in)" : "");
            if (s.options().isEmpty()) {
                out.println("  options: none");
            } else {
                out.println("  options:");
                SchemeOptions.describe(s).forEach(line -> out.println("    " + line));
            }
        }
        return Main.OK;
    }

    private static Map<String, Object> toJson(Listed l) {
        SchemeRegistry.Entry e = l.entry();
        Scheme s = e.scheme();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("summary", s.summary());
        m.put("nominalOrder", l.order());
        if (l.defaultsRejected() != null) {
            m.put("defaultsRejected", l.defaultsRejected());
        }
        List<Object> options = new ArrayList<>();
        for (OptionSpec o : s.options()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("name", o.name());
            spec.put("default", o.defaultValue());
            spec.put("allowed", o.type().allowed());
            spec.put("help", o.help());
            options.add(spec);
        }
        m.put("options", options);
        m.put("pluginId", e.pluginId());
        m.put("pluginVersion", e.pluginVersion());
        m.put("jar", e.source().toString());
        m.put("builtIn", e.builtIn());
        return m;
    }
}
