package org.schemenet.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginRepository;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Scheme;

/**
 * Loads scheme plugins with PF4J from a folder and registers every {@link Scheme} extension by
 * name. A plugin that fails never hides the others; each failure is one warning naming the jar and
 * what failed, and every call into a plugin's code runs inside a {@link FaultBoundary}:
 * <ul>
 *   <li>a file that is not a valid plugin (not a zip, no {@code Plugin-Id} in its manifest, ...);</li>
 *   <li>a second jar with a plugin id that is already loaded (both paths named);</li>
 *   <li>a plugin whose required {@code Plugin-Dependencies} are not in the folder, have another version, were
 *       skipped themselves or form a cycle (checked before PF4J resolves, so that PF4J never drops a plugin
 *       silently, unloads the one depended on or fails for the whole folder);</li>
 *   <li>a plugin PF4J cannot resolve or start (a {@code Plugin-Class} that cannot be created or is no
 *       {@code org.pf4j.Plugin} named as such);</li>
 *   <li>a plugin that registers nothing: its extension index lists no class (unless another plugin depends on
 *       it);</li>
 *   <li>a scheme class implementing a copy of {@code Scheme} the jar bundles instead of the runner's;</li>
 *   <li>a scheme class that cannot be loaded or created, or whose {@code name()}, {@code summary()}
 *       or {@code options()} fails ({@code NoClassDefFoundError} and every other {@link Throwable});</li>
 *   <li>two plugins registering the same scheme name ({@link SchemeRegistry}).</li>
 * </ul>
 *
 * <p>The folder holds {@code *.jar} files and PF4J's {@code *.zip} archives. The jars shipped in
 * the install ({@link BuiltInPlugins}) load first, so their plugin ids and scheme names win; the
 * others load in file-name order. Zips are unpacked outside the folder ({@link PluginArchives});
 * sub-folders are not loaded (one warning each). PF4J's own log lines are off (see
 * {@code simplelogger.properties}); the exceptions behind the warnings are kept for {@code --verbose}.
 */
public final class PluginLoader {

    private final Path unpackRoot;
    private final BuiltInPlugins builtIns;

    /** Zips unpacked under {@code java.io.tmpdir}; the install's built-in jars from {@link BuiltInPlugins#shipped()}. */
    public PluginLoader() {
        this(Path.of(System.getProperty("java.io.tmpdir"), "schemenet-plugins-" + System.getProperty("user.name")),
                BuiltInPlugins.shipped());
    }

    PluginLoader(Path unpackRoot, BuiltInPlugins builtIns) {
        this.unpackRoot = unpackRoot;
        this.builtIns = builtIns;
    }

    /** A plugin file of the folder and the path PF4J loads it from (the jar itself, or the unpacked zip). */
    private record Candidate(Path file, Path loadFrom) {
    }

    /**
     * Every {@link Scheme} extension of the plugins in {@code folder}, with the warnings.
     *
     * @throws UsageException when the folder does not exist
     */
    public SchemeRegistry load(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException("plugins folder " + folder + " is a file, not a folder; give --plugins DIR / "
                    + "SCHEMENET_PLUGINS a folder of plugin jars");
        }
        if (!Files.isDirectory(folder)) {
            throw new UsageException("plugins folder " + folder + " does not exist; build the project (mvn package) "
                    + "or give --plugins DIR / SCHEMENET_PLUGINS");
        }
        List<SchemeRegistry.Warning> warnings = new ArrayList<>();
        List<Candidate> candidates = candidates(folder.toAbsolutePath(), warnings);
        Manager manager = new Manager(folder.toAbsolutePath(), candidates, builtIns);
        manager.screenDependencies(folder);
        try {
            manager.loadPlugins();
            manager.startPlugins();
        } catch (Throwable t) {
            warnings.add(new SchemeRegistry.Warning(folder + ": PF4J failed while loading the plugins: "
                    + PluginFault.describe(t), t));
        }
        List<SchemeRegistry.Entry> entries = new ArrayList<>();
        for (Candidate candidate : candidates) {
            SchemeRegistry.Warning failure = manager.failures.get(candidate.loadFrom());
            if (failure != null) {
                warnings.add(failure);
                continue;
            }
            PluginWrapper plugin = manager.loaded(candidate.loadFrom());
            if (plugin == null) {
                warnings.add(new SchemeRegistry.Warning(candidate.file() + ": was skipped: PF4J left it out while "
                        + "resolving the plugins (run with --verbose for PF4J's reason)", null));
                continue;
            }
            String requires = plugin.getDescriptor().getRequires();
            if (plugin.getPluginState() == PluginState.DISABLED && requires != null && !requires.isBlank()
                    && !requires.equals("*") && !manager.getVersionManager().checkVersionConstraint(
                    manager.getSystemVersion(), requires)) {
                warnings.add(new SchemeRegistry.Warning(candidate.file() + ": plugin '" + plugin.getPluginId()
                        + "' was skipped: it requires schemenet " + requires + " (Plugin-Requires), and this is "
                        + "schemenet " + SystemInfo.version(), null));
                continue;
            }
            if (plugin.getPluginState() != PluginState.STARTED) {
                java.util.Optional<SchemeRegistry.Warning> pluginClass = pluginClassProblem(plugin);
                if (pluginClass.isPresent()) {
                    SchemeRegistry.Warning w = pluginClass.get();
                    warnings.add(new SchemeRegistry.Warning(candidate.file() + ": plugin '" + plugin.getPluginId()
                            + "' was skipped: " + w.message() + "; a scheme plugin needs no Plugin-Class: leave it "
                            + "out of the manifest", w.cause()));
                    continue;
                }
                Throwable cause = plugin.getFailedException();
                warnings.add(new SchemeRegistry.Warning(candidate.file() + ": plugin '" + plugin.getPluginId()
                        + "' was skipped: it is " + plugin.getPluginState()
                        + (cause == null ? "" : " (" + PluginFault.describe(cause) + ")"), cause));
                continue;
            }
            boolean builtIn = builtIns.isBuiltIn(candidate.file(), plugin.getPluginId());
            boolean library = manager.getPlugins().stream().anyMatch(other -> other.getDescriptor().getDependencies()
                    .stream().anyMatch(need -> need.getPluginId().equals(plugin.getPluginId())));
            schemes(plugin, candidate.file(), builtIn, library, entries, warnings);
        }
        return SchemeRegistry.of(entries, warnings);
    }

    /**
     * What is wrong with the plugin's own {@code Plugin-Class}, if it declares one and that is why PF4J could not
     * start it (PF4J then reports only its state, or a {@code NullPointerException} for a class that is not an
     * {@code org.pf4j.Plugin}): the class is loaded and created once more here, inside a fault boundary, to name
     * the real problem. The warning's text is what is wrong ({@code its Plugin-Class X cannot be created (...)} or
     * {@code ... does not extend org.pf4j.Plugin}), its cause the exception behind it.
     */
    private static java.util.Optional<SchemeRegistry.Warning> pluginClassProblem(PluginWrapper plugin) {
        String type = plugin.getDescriptor().getPluginClass();
        if (type == null || type.isBlank() || type.equals(org.pf4j.Plugin.class.getName())
                || plugin.getPluginClassLoader() == null) {
            return java.util.Optional.empty();
        }
        FaultBoundary boundary = new FaultBoundary(plugin.getPluginPath(), "Plugin-Class " + type);
        try {
            Class<?> c = boundary.call("loading it", () -> Class.forName(type, true, plugin.getPluginClassLoader()));
            if (!org.pf4j.Plugin.class.isAssignableFrom(c)) {
                return java.util.Optional.of(new SchemeRegistry.Warning("its Plugin-Class " + type
                        + " does not extend org.pf4j.Plugin", null));
            }
            boundary.call("its constructor", () -> c.getDeclaredConstructor().newInstance());
            return java.util.Optional.empty();
        } catch (PluginFault f) {
            return java.util.Optional.of(new SchemeRegistry.Warning("its Plugin-Class " + type + " cannot be created"
                    + (f.getCause() == null ? "" : " (" + PluginFault.describe(f.getCause()) + ")"), f.getCause()));
        }
    }

    /** The jars and zips of the folder in load order: built-in jars first, then by file name. */
    private List<Candidate> candidates(Path folder, List<SchemeRegistry.Warning> warnings) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("plugins folder " + folder + " cannot be listed: " + e.getMessage(), e);
        }
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparingInt(builtIns::rank).thenComparing(p -> p.getFileName().toString()));
        List<Candidate> out = new ArrayList<>();
        for (Path file : ordered) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (Files.isDirectory(file)) {
                warnings.add(new SchemeRegistry.Warning(file + ": a folder in the plugins folder is not loaded; "
                        + "plugins are .jar or .zip files (a folder left by an unpacked zip can be deleted)", null));
            } else if (name.endsWith(".jar")) {
                out.add(new Candidate(file, file));
            } else if (name.endsWith(".zip")) {
                try {
                    out.add(new Candidate(file, PluginArchives.unpack(file, unpackRoot)));
                } catch (IOException | RuntimeException e) {
                    warnings.add(new SchemeRegistry.Warning(file + ": is not a valid plugin archive and was skipped: "
                            + "it cannot be unpacked (" + PluginFault.describe(e) + ")", e));
                }
            }
        }
        return out;
    }

    /**
     * The schemes of a started plugin, each created and read inside the fault boundary. A plugin whose extension
     * index lists no class is one warning (the scheme class lacks {@code @Extension}, or PF4J's annotation processor
     * did not run), unless it is a {@code library} another plugin depends on.
     */
    private static void schemes(PluginWrapper plugin, Path file, boolean builtIn, boolean library,
                                List<SchemeRegistry.Entry> entries, List<SchemeRegistry.Warning> warnings) {
        FaultBoundary boundary = new FaultBoundary(file, "plugin '" + plugin.getPluginId() + "'");
        ClassLoader loader = plugin.getPluginClassLoader();
        List<String> classes;
        try {
            classes = boundary.call("reading " + ClassPathSchemes.INDEX, () -> extensionIndex(loader));
        } catch (PluginFault f) {
            warnings.add(new SchemeRegistry.Warning(f.getMessage() + "; its schemes were skipped", f.getCause()));
            return;
        }
        if (classes.isEmpty() && !library) {
            warnings.add(new SchemeRegistry.Warning(file + ": plugin '" + plugin.getPluginId() + "' registers no "
                    + "scheme: its " + ClassPathSchemes.INDEX + " lists no class; annotate the scheme class with "
                    + "@org.pf4j.Extension and compile it with pf4j on the class path (its annotation processor "
                    + "writes the index)", null));
            return;
        }
        for (String className : classes) {
            FaultBoundary byClass = new FaultBoundary(file, "scheme class " + className);
            try {
                Class<?> type = byClass.call("loading the class", () -> Class.forName(className, true, loader));
                if (!Scheme.class.isAssignableFrom(type)) {
                    if (implementsByName(type, Scheme.class.getName())) {
                        warnings.add(new SchemeRegistry.Warning(file + ": scheme class " + className + " was skipped:"
                                + " it implements the plugin's own copy of " + Scheme.class.getName() + ", not the"
                                + " runner's; give schemenet-api the scope 'provided' so that the jar does not bundle"
                                + " it", null));
                    }
                    continue;   // else an extension of another extension point
                }
                Scheme scheme = byClass.call("its constructor", () -> (Scheme) type.getDeclaredConstructor()
                        .newInstance());
                entries.add(new SchemeRegistry.Entry(GuardedScheme.of(scheme, file), plugin.getPluginId(),
                        plugin.getDescriptor().getVersion(), file, builtIn));
            } catch (PluginFault f) {
                warnings.add(new SchemeRegistry.Warning(f.getMessage() + "; the scheme was skipped", f.getCause()));
            }
        }
    }

    /** Whether {@code type}, its superclasses or any interface they extend is named {@code name}. */
    private static boolean implementsByName(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (implementsByName(i, name)) {
                return true;
            }
        }
        return implementsByName(type.getSuperclass(), name);
    }

    /**
     * The class names in the plugin's own {@code META-INF/extensions.idx} files (its jar, its
     * {@code classes/} and {@code lib/} jars; not the host's class path).
     */
    private static List<String> extensionIndex(ClassLoader loader) throws IOException {
        Enumeration<URL> indexes = loader instanceof URLClassLoader own ? own.findResources(ClassPathSchemes.INDEX)
                : loader.getResources(ClassPathSchemes.INDEX);
        List<String> names = new ArrayList<>();
        for (URL index : Collections.list(indexes)) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(index.openStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    line = line.trim();
                    if (!line.isEmpty() && !line.startsWith("#") && !names.contains(line)) {
                        names.add(line);
                    }
                }
            }
        }
        return names;
    }

    /**
     * PF4J's manager over exactly the candidates, in their order, recording why a file could not be
     * loaded instead of logging it; unresolvable dependencies skip the plugin, not the folder.
     */
    private static final class Manager extends DefaultPluginManager {
        private final List<Candidate> candidates;
        private final BuiltInPlugins builtIns;
        private final Map<Path, SchemeRegistry.Warning> failures = new LinkedHashMap<>();

        Manager(Path folder, List<Candidate> candidates, BuiltInPlugins builtIns) {
            super(folder);
            this.candidates = List.copyOf(candidates);
            this.builtIns = builtIns;
            this.resolveRecoveryStrategy = ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE;
            // this build's version, so that PF4J checks a plugin's Plugin-Requires (it skips the check for 0.0.0); a
            // snapshot counts as its release (0.1.0-SNAPSHOT as 0.1.0: semantic versioning would put it before 0.1.0)
            setSystemVersion(SystemInfo.version().equals("unknown") ? "0.0.0"
                    : SystemInfo.version().replaceFirst("-.*$", ""));
        }

        @Override
        protected PluginRepository createPluginRepository() {
            return new PluginRepository() {
                @Override
                public List<Path> getPluginPaths() {
                    return candidates.stream().map(Candidate::loadFrom).toList();
                }

                @Override
                public boolean deletePluginPath(Path pluginPath) {
                    return false;
                }
            };
        }

        PluginWrapper loaded(Path path) {
            return getPlugins().stream().filter(p -> p.getPluginPath().equals(path)).findFirst().orElse(null);
        }

        private Path fileOf(Path loadFrom) {
            return candidates.stream().filter(c -> c.loadFrom().equals(loadFrom)).map(Candidate::file).findFirst()
                    .orElse(loadFrom);
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path path) {
            Path file = fileOf(path);
            if (Files.isRegularFile(path)) {
                // PF4J logs an unreadable jar itself (with a stack trace) before failing: check it first
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.getManifest();
                } catch (IOException | RuntimeException e) {
                    failures.put(path, new SchemeRegistry.Warning(file + ": is not a valid plugin and was skipped: it "
                            + "is not a readable jar (" + e.getMessage() + ")", e));
                    return null;
                }
            }
            if (failures.containsKey(path)) {
                return null;   // refused by screenDependencies
            }
            PluginDescriptor descriptor;
            try {
                descriptor = getPluginDescriptorFinder().find(path);
                String missing = missingField(descriptor);
                if (missing != null) {
                    failures.put(path, new SchemeRegistry.Warning(file + ": is not a valid plugin and was skipped: "
                            + "its META-INF/MANIFEST.MF has no " + missing, null));
                    return null;
                }
                validatePluginDescriptor(descriptor);
            } catch (Throwable e) {
                failures.put(path, new SchemeRegistry.Warning(file + ": is not a valid plugin and was skipped: "
                        + reason(e), e));
                return null;
            }
            PluginWrapper loaded = getPlugin(descriptor.getPluginId());
            if (loaded != null) {
                Path first = fileOf(loaded.getPluginPath());
                failures.put(path, new SchemeRegistry.Warning(file + ": was skipped: plugin id '"
                        + descriptor.getPluginId() + "' is already loaded from " + first
                        + (builtIns.isBuiltIn(first, loaded.getPluginId()) ? " (built in)" : ""), null));
                return null;
            }
            try {
                return super.loadPluginFromPath(path);
            } catch (Throwable e) {
                failures.put(path, new SchemeRegistry.Warning(file + ": could not be loaded and was skipped: "
                        + reason(e), e));
                return null;
            }
        }

        /** The manifest entry a descriptor lacks that PF4J needs ({@code Plugin-Id}, {@code Plugin-Version}), or null. */
        private static String missingField(PluginDescriptor descriptor) {
            if (descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()) {
                return "Plugin-Id";
            }
            if (descriptor.getVersion() == null || descriptor.getVersion().isBlank()) {
                return "Plugin-Version";
            }
            return null;
        }

        /**
         * Refuses, before PF4J resolves anything, every plugin whose {@code Plugin-Dependencies} cannot be met: a
         * dependency that is not in the folder, one of another version, one that is itself refused, or a cycle. PF4J's
         * own resolution would otherwise leave such a plugin out without a word, unload the plugin it depends on
         * (a built-in one too) or, for a cycle, fail for the whole folder. Optional dependencies are PF4J's to handle.
         */
        void screenDependencies(Path folder) {
            Map<String, PluginDescriptor> present = new LinkedHashMap<>();
            Map<String, Path> pathOf = new HashMap<>();
            for (Candidate c : candidates) {
                try {
                    PluginDescriptor d = getPluginDescriptorFinder().find(c.loadFrom());
                    if (missingField(d) == null && !present.containsKey(d.getPluginId())) {
                        present.put(d.getPluginId(), d);
                        pathOf.put(d.getPluginId(), c.loadFrom());
                    }
                } catch (Throwable e) {
                    // not a plugin: loadPluginFromPath reports it
                }
            }
            Map<String, String> refused = new LinkedHashMap<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (PluginDescriptor d : present.values()) {
                    String why = refused.containsKey(d.getPluginId()) ? null : unmet(d, present, pathOf, refused, folder);
                    if (why != null) {
                        refused.put(d.getPluginId(), why);
                        changed = true;
                    }
                }
                if (!changed) {   // every member of a cycle is refused for the cycle, then its dependents for them
                    Map<String, String> cycles = new LinkedHashMap<>();
                    for (String id : present.keySet()) {
                        String why = refused.containsKey(id) ? null : cycle(id, present, refused);
                        if (why != null) {
                            cycles.put(id, why);
                        }
                    }
                    refused.putAll(cycles);
                    changed = !cycles.isEmpty();
                }
            }
            refused.forEach((id, why) -> {
                Path path = pathOf.get(id);
                failures.put(path, new SchemeRegistry.Warning(fileOf(path) + ": plugin '" + id + "' was skipped: " + why,
                        null));
            });
        }

        private String unmet(PluginDescriptor d, Map<String, PluginDescriptor> present, Map<String, Path> pathOf,
                             Map<String, String> refused, Path folder) {
            for (org.pf4j.PluginDependency need : d.getDependencies()) {
                if (need.isOptional()) {
                    continue;
                }
                String id = need.getPluginId();
                PluginDescriptor there = present.get(id);
                String support = need.getPluginVersionSupport();
                if (there == null) {
                    return "it needs plugin '" + id + "' (Plugin-Dependencies), which is not in " + folder;
                }
                if (refused.containsKey(id)) {
                    return "it needs plugin '" + id + "' (Plugin-Dependencies), which was skipped";
                }
                if (support != null && !support.equals("*")
                        && !getVersionManager().checkVersionConstraint(there.getVersion(), support)) {
                    return "it needs plugin '" + id + "' version " + support + " (Plugin-Dependencies), and "
                            + fileOf(pathOf.get(id)) + " has version " + there.getVersion();
                }
            }
            return null;
        }

        /** The shortest cycle of required dependencies through {@code start} ("a -> b -> a"), or null. */
        private static String cycle(String start, Map<String, PluginDescriptor> present, Map<String, String> refused) {
            Map<String, String> cameFrom = new HashMap<>();
            java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String at = queue.poll();
                for (org.pf4j.PluginDependency need : present.get(at).getDependencies()) {
                    String next = need.getPluginId();
                    if (need.isOptional() || !present.containsKey(next) || refused.containsKey(next)) {
                        continue;
                    }
                    if (next.equals(start)) {
                        List<String> path = new ArrayList<>(List.of(start));
                        for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
                            path.add(1, p);
                        }
                        path.add(start);
                        return "its Plugin-Dependencies form a cycle: " + String.join(" -> ", path);
                    }
                    if (!cameFrom.containsKey(next)) {
                        cameFrom.put(next, at);
                        queue.add(next);
                    }
                }
            }
            return null;
        }

        private static String reason(Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            return cause == e ? reason : reason + " (" + cause + ")";
        }
    }
}
