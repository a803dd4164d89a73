package org.schemenet.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.schemenet.scheme.Scheme;

/**
 * Loads scheme plugins with PF4J from a folder of plugin jars and registers every {@link Scheme}
 * extension by name. A jar that fails never hides the others; each failure is one warning naming
 * the jar:
 * <ul>
 *   <li>a jar that is not a valid plugin (no {@code Plugin-Id} in its manifest, not a zip, ...);</li>
 *   <li>a second jar with a plugin id that is already loaded;</li>
 *   <li>a scheme class whose constructor (or static initialiser) throws;</li>
 *   <li>two plugins registering the same scheme name ({@link SchemeRegistry}).</li>
 * </ul>
 * PF4J itself would log such failures with stack traces and carry on; here they are caught per jar
 * and reported once.
 */
public final class PluginLoader {

    /**
     * Every {@link Scheme} extension of the plugins in {@code folder}, with the warnings.
     *
     * @throws UsageException when the folder does not exist
     */
    public SchemeRegistry load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UsageException("plugins folder " + folder + " does not exist; build the project (mvn package) "
                    + "or give --plugins DIR / SCHEMENET_PLUGINS");
        }
        Manager manager = new Manager(folder.toAbsolutePath());
        manager.loadPlugins();
        manager.startPlugins();
        List<String> warnings = new ArrayList<>(manager.failures.values());
        List<SchemeRegistry.Entry> entries = new ArrayList<>();
        List<PluginWrapper> plugins = new ArrayList<>(manager.getPlugins());
        plugins.sort(Comparator.comparing(p -> p.getPluginPath().toString()));
        for (PluginWrapper plugin : plugins) {
            if (plugin.getPluginState() != PluginState.STARTED) {
                Throwable failure = plugin.getFailedException();
                warnings.add(plugin.getPluginPath() + ": plugin '" + plugin.getPluginId() + "' was skipped: it is "
                        + plugin.getPluginState() + (failure == null ? "" : " (" + failure.getMessage() + ")"));
                continue;
            }
            List<Class<? extends Scheme>> types;
            try {
                types = manager.getExtensionClasses(Scheme.class, plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                warnings.add(plugin.getPluginPath() + ": its extensions could not be read and were skipped: " + e);
                continue;
            }
            for (Class<? extends Scheme> type : types) {
                try {
                    Scheme scheme = type.getDeclaredConstructor().newInstance();
                    entries.add(new SchemeRegistry.Entry(scheme, plugin.getPluginId(),
                            plugin.getDescriptor().getVersion(), plugin.getPluginPath()));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    warnings.add(plugin.getPluginPath() + ": scheme class " + type.getName()
                            + " could not be created and was skipped: " + cause);
                }
            }
        }
        return new SchemeRegistry(entries, warnings);
    }

    /** PF4J's manager, recording why a jar could not be loaded instead of logging it. */
    private static final class Manager extends DefaultPluginManager {
        private final Map<Path, String> failures = new LinkedHashMap<>();

        Manager(Path folder) {
            super(folder);
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path path) {
            if (Files.isRegularFile(path)) {
                // PF4J logs an unreadable jar itself (with a stack trace) before failing: check it first
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.getManifest();
                } catch (IOException | RuntimeException e) {
                    failures.put(path, path + ": is not a valid plugin and was skipped: it is not a readable jar ("
                            + e.getMessage() + ")");
                    return null;
                }
            }
            PluginDescriptor descriptor;
            try {
                descriptor = getPluginDescriptorFinder().find(path);
                validatePluginDescriptor(descriptor);
            } catch (RuntimeException e) {
                failures.put(path, path + ": is not a valid plugin and was skipped: " + reason(e));
                return null;
            }
            PluginWrapper loaded = getPlugin(descriptor.getPluginId());
            if (loaded != null) {
                failures.put(path, path + ": was skipped: plugin id '" + descriptor.getPluginId()
                        + "' is already loaded from " + loaded.getPluginPath().getFileName());
                return null;
            }
            try {
                return super.loadPluginFromPath(path);
            } catch (RuntimeException e) {
                failures.put(path, path + ": could not be loaded and was skipped: " + reason(e));
                return null;
            }
        }

        private static String reason(RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            return cause == e ? reason : reason + " (" + cause + ")";
        }
    }
}
