package org.schemenet.runner;

import org.schemenet.run.Json;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Scheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runner schemes}: every scheme the plugins folder provides, with its summary, its nominal
 * order with default options, its options (name, default, allowed values) and the plugin id,
 * version and jar it came from. Warnings about broken jars go to standard error.
 */
@Command(name = "schemes", mixinStandardHelpOptions = true,
        description = {"Lists the schemes in the plugins folder: name, summary, nominal order (with default options), "
                + "options (name, default, allowed values) and the plugin id, version and jar each came from."})
public final class SchemesCommand implements Callable<Integer> {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "plugin folder (default: $SCHEMENET_PLUGINS, else plugins/ in the install)")
    Path plugins;

    @Option(names = "--json", description = "print one JSON array instead of the listing")
    boolean json;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private final PluginLoader loader;
    private final Environment environment;
    private final Console console;

    @Inject
    SchemesCommand(PluginLoader loader, Environment environment, Console console) {
        this.loader = loader;
        this.environment = environment;
        this.console = console;
    }

    @Override
    public Integer call() {
        Path folder = environment.pluginsFolder(plugins);
        SchemeRegistry registry = loader.load(folder);
        registry.warnings().forEach(w -> console.err().println("warning: " + w));
        if (json) {
            console.out().println(Json.writeLine(registry.all().stream().map(SchemesCommand::toJson).toList()));
            return Main.OK;
        }
        var out = console.out();
        out.printf("%d scheme%s in %s%n", registry.all().size(), registry.all().size() == 1 ? "" : "s",
                folder.toAbsolutePath().normalize());
        for (SchemeRegistry.Entry e : registry.all()) {
            Scheme s = e.scheme();
            out.println();
            out.printf("%s — %s%n", s.name(), s.summary());
            out.printf("  nominal order: %s (default options)%n", nominalOrder(s));
            out.printf("  plugin: %s %s, %s%n", e.pluginId(), e.pluginVersion(), e.source().getFileName());
            if (s.options().isEmpty()) {
                out.println("  options: none");
            } else {
                out.println("  options:");
                SchemeOptions.describe(s).forEach(line -> out.println("    " + line));
            }
        }
        return Main.OK;
    }

    /** The order of the scheme configured with its defaults, or "-" when it needs options. */
    private static String nominalOrder(Scheme s) {
        try {
            return Integer.toString(s.configure(Map.of()).order());
        } catch (RuntimeException e) {
            return "- (needs options: " + e.getMessage() + ")";
        }
    }

    private static Map<String, Object> toJson(SchemeRegistry.Entry e) {
        Scheme s = e.scheme();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("summary", s.summary());
        Object order;
        try {
            order = s.configure(Map.of()).order();
        } catch (RuntimeException ex) {
            order = null;
        }
        m.put("nominalOrder", order);
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
        return m;
    }
}
