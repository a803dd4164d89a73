package org.schemenet.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.schemenet.scheme.Scheme;

/** Loads scheme plugins with PF4J from a folder of plugin jars. */
public final class PluginLoader {

    /**
     * Every {@link Scheme} extension of the plugins in {@code folder}.
     *
     * @throws UsageException when the folder does not exist
     */
    public SchemeRegistry load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UsageException("plugins folder " + folder + " does not exist; build the project (mvn package) "
                    + "or give --plugins DIR / SCHEMENET_PLUGINS");
        }
        PluginManager manager = new DefaultPluginManager(folder.toAbsolutePath());
        manager.loadPlugins();
        manager.startPlugins();
        List<SchemeRegistry.Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() != PluginState.STARTED) {
                warnings.add("plugin " + plugin.getPluginPath().getFileName() + " not started: "
                        + plugin.getPluginState());
                continue;
            }
            for (Class<? extends Scheme> type : manager.getExtensionClasses(Scheme.class, plugin.getPluginId())) {
                try {
                    Scheme scheme = type.getDeclaredConstructor().newInstance();
                    entries.add(new SchemeRegistry.Entry(scheme, plugin.getPluginId(),
                            plugin.getDescriptor().getVersion(), plugin.getPluginPath()));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    warnings.add("scheme " + type.getName() + " in " + plugin.getPluginPath().getFileName()
                            + " could not be created: " + cause);
                }
            }
        }
        return new SchemeRegistry(entries, warnings);
    }
}
