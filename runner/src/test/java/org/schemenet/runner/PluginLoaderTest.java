package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.numerics.ConformanceKit;

class PluginLoaderTest {

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private PluginLoader loader() {
        return new PluginLoader(temp.resolve("unpacked"), BuiltInPlugins.shipped());
    }

    /** Runs {@code load} and fails if anything (e.g. PF4J's own logging) wrote to standard error. */
    private static SchemeRegistry quietly(Supplier<SchemeRegistry> load) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return load.get();
        } finally {
            System.setErr(before);
            String written = captured.toString(StandardCharsets.UTF_8);
            assertEquals("", written, "loading plugins wrote to stderr");
        }
    }

    private static String onlyWarning(SchemeRegistry r) {
        assertEquals(1, r.warnings().size(), r.warnings()::toString);
        return r.warnings().get(0);
    }

    /** A copy of the plugins folder this build filled (the four built-in jars). */
    private Path builtInsCopy() throws IOException {
        Path folder = plugins();
        for (String jar : BuiltInPlugins.shipped().jars().keySet()) {
            Files.copy(RunnerHarness.builtPlugins().resolve(jar), folder.resolve(jar));
        }
        return folder;
    }

    @Test
    void findsEveryBuiltInSchemeInTheBuiltPluginsFolder() {
        SchemeRegistry registry = loader().load(RunnerHarness.builtPlugins());
        assertTrue(registry.names().containsAll(List.of("adams", "euler", "lm", "rk")), registry.names()::toString);
        assertEquals(List.of(), registry.warnings());
        SchemeRegistry.Entry euler = registry.find("euler").orElseThrow();
        assertEquals("euler", euler.pluginId());
        assertEquals("schemenet-euler.jar", euler.source().getFileName().toString());
        assertTrue(euler.builtIn());
        assertEquals("multistep", registry.find("lm").orElseThrow().pluginId());
        assertEquals("runge-kutta", registry.find("rk").orElseThrow().pluginId());
        // the scheme came from the plugin's own class loader, not from the runner's class path
        assertTrue(((GuardedScheme) euler.scheme()).plugin().getClass().getClassLoader()
                instanceof org.pf4j.PluginClassLoader);
        assertTrue(ConformanceKit.atInitialMeans().verify(euler.scheme().configure(Map.of())).passes());
    }

    @Test
    void theBuiltInListNamesExactlyTheJarsTheBuildPutsIntoPlugins() throws IOException {
        try (Stream<Path> files = Files.list(RunnerHarness.builtPlugins())) {
            List<String> jars = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("schemenet-"))
                    .sorted().toList();
            assertEquals(BuiltInPlugins.shipped().jars().keySet().stream().sorted().toList(), jars);
        }
        for (Map.Entry<String, String> e : BuiltInPlugins.shipped().jars().entrySet()) {
            try (JarFile jar = new JarFile(RunnerHarness.builtPlugins().resolve(e.getKey()).toFile())) {
                assertEquals(e.getValue(), jar.getManifest().getMainAttributes().getValue("Plugin-Id"), e.getKey());
            }
        }
    }

    @Test
    void theSchemePluginJarsHoldNoDl4jNd4jOrApiClasses() throws IOException {
        for (String name : List.of("euler", "multistep", "adams", "runge-kutta")) {
            try (JarFile jar = new JarFile(RunnerHarness.builtPlugins().resolve("schemenet-" + name + ".jar").toFile())) {
                List<String> names = jar.stream().map(e -> e.getName()).toList();
                assertTrue(names.contains("META-INF/extensions.idx"), name);
                assertFalse(names.stream().anyMatch(n -> n.startsWith("org/deeplearning4j") || n.startsWith("org/nd4j")
                        || n.startsWith("org/schemenet/scheme/") || n.startsWith("org/pf4j")), names::toString);
                assertEquals(name, jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
            }
        }
    }

    @Test
    void anEmptyFolderHasNoSchemesAndAMissingOneIsAUsageError(@TempDir Path dir) {
        assertTrue(loader().load(dir).all().isEmpty());
        UsageException e = assertThrows(UsageException.class, () -> loader().load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void findsTheSchemeOfAPluginJarBuiltOnTheFly() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "demo-plugin.jar", "demo-plugin", "demo", "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(List.of(), registry.warnings());
        SchemeRegistry.Entry demo = registry.find("demo").orElseThrow();
        assertEquals("demo-plugin", demo.pluginId());
        assertEquals("1.2.3", demo.pluginVersion());
        assertEquals("demo-plugin.jar", demo.source().getFileName().toString());
        assertFalse(demo.builtIn());
        assertTrue(((GuardedScheme) demo.scheme()).plugin().getClass().getClassLoader()
                instanceof org.pf4j.PluginClassLoader);
        assertTrue(ConformanceKit.atInitialMeans().verify(demo.scheme().configure(Map.of())).passes());
    }

    @Test
    void aJarWithoutAPluginIdIsOneWarningNamingItAndTheOthersStayUsable() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.build(folder, "plain-library.jar", null,
                Map.of("lib.Thing", "package lib; public class Thing {}"), List.of());
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertEquals(folder.resolve("plain-library.jar") + ": is not a valid plugin and was skipped: its"
                + " META-INF/MANIFEST.MF has no Plugin-Id", warning);
        assertTrue(registry.find("demo").isPresent());
    }

    /**
     * A {@code Plugin-Class} that does not exist, or that names a class which is not an {@code org.pf4j.Plugin} (an
     * author who puts the scheme class there): one warning naming the jar, the manifest entry and what is wrong. Before,
     * "it is FAILED (java.lang.ClassNotFoundException: ...)" and, for the second, PF4J's own
     * "NullPointerException: Cannot invoke org.pf4j.Plugin.start()".
     */
    @Test
    void aPluginClassThatCannotBeCreatedOrIsNoPf4jPluginIsOneWarningSayingSo() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        withManifest(folder, "missing.jar", "missing", "missing", Map.of("Plugin-Class", "test.missing.NoSuchPlugin"));
        withManifest(folder, "not-plugin.jar", "not-plugin", "not-plugin",
                Map.of("Plugin-Class", "test.not_plugin.OnTheFlyScheme"));
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(List.of(
                folder.resolve("missing.jar") + ": plugin 'missing' was skipped: its Plugin-Class "
                        + "test.missing.NoSuchPlugin cannot be created (java.lang.ClassNotFoundException: "
                        + "test.missing.NoSuchPlugin); a scheme plugin needs no Plugin-Class: leave it out of the manifest",
                folder.resolve("not-plugin.jar") + ": plugin 'not-plugin' was skipped: its Plugin-Class "
                        + "test.not_plugin.OnTheFlyScheme does not extend org.pf4j.Plugin; a scheme plugin needs no "
                        + "Plugin-Class: leave it out of the manifest"), registry.warnings());
        assertTrue(registry.find("demo").isPresent());
    }

    /**
     * A plugin whose extension index lists no class (its scheme class lacks {@code @Extension}, or it was compiled
     * without PF4J's annotation processor) registers nothing: one warning saying so. Before, the runner said
     * nothing and the scheme was simply missing. A plugin another plugin depends on (a library) may hold none.
     */
    @Test
    void aPluginThatRegistersNoSchemeIsOneWarningSayingHowToRegisterOne() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.build(folder, "no-index.jar", "no-index", Map.of("test.no_index.OnTheFlyScheme",
                PluginJar.schemeSource("test.no_index", "OnTheFlyScheme", "unlisted", "")), List.of());
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(folder.resolve("no-index.jar") + ": plugin 'no-index' registers no scheme: its "
                + "META-INF/extensions.idx lists no class; annotate the scheme class with @org.pf4j.Extension and "
                + "compile it with pf4j on the class path (its annotation processor writes the index)",
                onlyWarning(registry));
        assertTrue(registry.find("demo").isPresent());

        Path libraries = Files.createDirectories(temp.resolve("libraries"));
        PluginJar.build(libraries, "lib.jar", "lib", Map.of("lib.Thing", "package lib; public class Thing {}"),
                List.of());
        withManifest(libraries, "user.jar", "user", "user", Map.of("Plugin-Dependencies", "lib"));
        SchemeRegistry withLibrary = quietly(() -> loader().load(libraries));
        assertEquals(List.of(), withLibrary.warnings());
        assertTrue(withLibrary.find("user").isPresent());
    }

    @Test
    void aFileThatIsNotAJarIsOneWarningNamingIt() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "truncated.jar");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.contains("truncated.jar") && warning.contains("is not a valid plugin"), warning);
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void aSchemeWhoseConstructorThrowsIsOneWarningNamingTheJar() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.scheme(folder, "faulty.jar", "faulty", "faulty",
                "if (true) throw new IllegalStateException(\"cannot start: no licence\");");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertEquals("plugin " + folder.resolve("faulty.jar") + ": scheme class test.faulty.OnTheFlyScheme: its "
                + "constructor failed: java.lang.IllegalStateException: cannot start: no licence; the scheme was skipped",
                warning);
        assertTrue(registry.find("faulty").isEmpty());
        assertTrue(registry.find("demo").isPresent());
    }

    /** The calls made while loading: a failure there skips the scheme with one warning. */
    static Stream<String> loadTimeCalls() {
        return Stream.of("static initialiser", "constructor", "name()", "summary()", "options()");
    }

    @ParameterizedTest(name = "NoClassDefFoundError in {0}")
    @MethodSource("loadTimeCalls")
    void aLinkageErrorWhileLoadingIsOneWarningNamingTheJarAndTheOtherSchemesLoad(String call) throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.brokenScheme(folder, "broken.jar", "broken", "broken", call);
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.startsWith("plugin " + folder.resolve("broken.jar") + ": "), warning);
        assertTrue(warning.contains("java.lang.NoClassDefFoundError: test/broken/Missing"), warning);
        assertTrue(warning.endsWith("; the scheme was skipped"), warning);
        assertTrue(registry.find("broken").isEmpty());
        assertTrue(registry.find("demo").isPresent());
        assertTrue(registry.problems().get(0).cause() instanceof LinkageError, "the cause is kept for --verbose");
    }

    /** The calls made once a scheme is used: they fail inside the boundary as a PluginFault naming the jar. */
    static Stream<Arguments> useTimeCalls() {
        return Stream.of(Arguments.of("configure()", "configure("), Arguments.of("description()", "description()"),
                Arguments.of("order()", "order()"), Arguments.of("evaluationsPerStep()", "evaluationsPerStep()"),
                Arguments.of("historyDepth()", "historyDepth()"), Arguments.of("wire()", "wire("));
    }

    @ParameterizedTest(name = "NoClassDefFoundError in {0}")
    @MethodSource("useTimeCalls")
    void aLinkageErrorWhenASchemeIsUsedIsAPluginFaultNamingTheJarAndTheCall(String call, String named)
            throws IOException {
        Path folder = plugins();
        PluginJar.brokenScheme(folder, "broken.jar", "broken", "broken", call);
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(List.of(), registry.warnings(), "it loads: the failure comes when it is used");
        SchemeRegistry.Entry entry = registry.find("broken").orElseThrow();
        PluginFault f = assertThrows(PluginFault.class, () -> ConformanceKit.atInitialMeans()
                .verify(entry.scheme().configure(Map.of())));
        assertEquals(folder.resolve("broken.jar"), f.jar());
        assertTrue(f.getMessage().startsWith("plugin " + folder.resolve("broken.jar") + ": scheme 'broken': " + named),
                f.getMessage());
        assertTrue(f.getMessage().contains("failed: java.lang.NoClassDefFoundError: test/broken/Missing"),
                f.getMessage());
    }

    @Test
    void twoPluginsRegisteringTheSameSchemeNameAreOneWarningNamingBothJars() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "a-first.jar", "first", "twin", "");
        PluginJar.scheme(folder, "b-second.jar", "second", "twin", "");
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertEquals(folder.resolve("b-second.jar") + ": scheme 'twin' (plugin second) was skipped: "
                + folder.resolve("a-first.jar") + " (plugin first) already registers that name", warning);
        assertEquals("first", registry.find("twin").orElseThrow().pluginId());
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void twoJarsWithTheSamePluginIdAreOneWarningNamingBothPaths() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "copy-1.jar", "same-id", "demo", "");
        PluginJar.scheme(folder, "copy-2.jar", "same-id", "demo", "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(folder.resolve("copy-2.jar") + ": was skipped: plugin id 'same-id' is already loaded from "
                + folder.resolve("copy-1.jar"), onlyWarning(registry));
        assertTrue(registry.find("demo").isPresent());
    }

    /** Each built-in scheme, its jar and plugin id, and an impostor jar name sorting before and after it. */
    static Stream<Arguments> impostors() {
        return Stream.of(Arguments.of("euler", "schemenet-euler.jar", "euler"),
                        Arguments.of("lm", "schemenet-multistep.jar", "multistep"),
                        Arguments.of("adams", "schemenet-adams.jar", "adams"),
                        Arguments.of("rk", "schemenet-runge-kutta.jar", "runge-kutta"))
                .flatMap(a -> Stream.of("aaa-", "zzz-").map(prefix -> Arguments.of(a.get()[0], a.get()[1], a.get()[2],
                        prefix + "impostor.jar")));
    }

    @ParameterizedTest(name = "{3} registering ''{0}''")
    @MethodSource("impostors")
    void aDroppedInJarCannotReplaceABuiltInSchemeWhicheverWayTheNamesSort(String scheme, String jar, String pluginId,
                                                                         String impostor) throws IOException {
        Path folder = builtInsCopy();
        PluginJar.scheme(folder, impostor, "impostor", scheme, "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        SchemeRegistry.Entry kept = registry.require(scheme);
        assertEquals(pluginId, kept.pluginId());
        assertEquals(folder.resolve(jar), kept.source());
        assertTrue(kept.builtIn());
        assertEquals(folder.resolve(impostor) + ": scheme '" + scheme + "' (plugin impostor) was skipped: the built-in "
                + folder.resolve(jar) + " (plugin " + pluginId + ") already registers that name; built-in schemes "
                + "cannot be replaced, give yours another name", onlyWarning(registry));
    }

    @ParameterizedTest(name = "{3} with plugin id ''{2}''")
    @MethodSource("impostors")
    void aDroppedInJarCannotTakeABuiltInPluginIdEither(String scheme, String jar, String pluginId, String impostor)
            throws IOException {
        Path folder = builtInsCopy();
        PluginJar.scheme(folder, impostor, pluginId, scheme, "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(folder.resolve(jar), registry.require(scheme).source());
        assertEquals(folder.resolve(impostor) + ": was skipped: plugin id '" + pluginId + "' is already loaded from "
                + folder.resolve(jar) + " (built in)", onlyWarning(registry));
    }

    @Test
    void theBuiltInAdamsStillTakesItsOwnOptionsWithAnImpostorPresent() throws IOException {
        Path folder = builtInsCopy();
        PluginJar.scheme(folder, "aaa-impostor.jar", "impostor", "adams", "");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "verify", "--scheme", "adams", "--k", "2", "--plugins",
                folder.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("Adams-Bashforth k=2, fixed coefficients (nominal order 2)"), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("warning: " + folder.resolve("aaa-impostor.jar") + ": scheme 'adams'"), r.err());
    }

    /** A dropped-in scheme jar with more manifest entries (e.g. {@code Plugin-Dependencies}). */
    private static Path withManifest(Path folder, String jar, String pluginId, String scheme, Map<String, String> entries) {
        String pkg = "test." + pluginId.replace('-', '_');
        return PluginJar.build(folder, jar, pluginId,
                Map.of(pkg + ".OnTheFlyScheme", PluginJar.schemeSource(pkg, "OnTheFlyScheme", scheme, "")),
                List.of(pkg + ".OnTheFlyScheme"), List.of(), entries);
    }

    private static void assertBuiltInsAllLoaded(SchemeRegistry registry) {
        for (String scheme : List.of("euler", "adams", "lm", "rk")) {
            assertTrue(registry.find(scheme).isPresent(), scheme + " is missing; warnings " + registry.warnings());
        }
    }

    @Test
    void aDroppedInJarWantingAnotherVersionOfABuiltInIsOneWarningAndTheBuiltInStays() throws IOException {
        Path folder = builtInsCopy();
        withManifest(folder, "vdep.jar", "vdep", "vdep", Map.of("Plugin-Dependencies", "euler@>=5.0.0"));
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertBuiltInsAllLoaded(registry);
        assertTrue(registry.find("vdep").isEmpty());
        String warning = onlyWarning(registry);
        assertTrue(warning.startsWith(folder.resolve("vdep.jar") + ": plugin 'vdep' was skipped: it needs plugin "
                + "'euler' version >=5.0.0 (Plugin-Dependencies), and "), warning);
        assertTrue(warning.contains(folder.resolve("schemenet-euler.jar") + " has version "), warning);
    }

    @Test
    void aDependencyThatIsNotThereIsOneWarningNamingIt() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        withManifest(folder, "lonely.jar", "lonely", "lonely", Map.of("Plugin-Dependencies", "nosuchplugin@1.0.0"));
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(folder.resolve("lonely.jar") + ": plugin 'lonely' was skipped: it needs plugin 'nosuchplugin'"
                + " (Plugin-Dependencies), which is not in " + folder, onlyWarning(registry));
        assertTrue(registry.find("demo").isPresent());
        assertTrue(registry.find("lonely").isEmpty());
    }

    @Test
    void aDependencyCycleSkipsOnlyTheJarsInItWithOneWarningEach() throws IOException {
        Path folder = builtInsCopy();
        withManifest(folder, "cyca.jar", "cyca", "cyca", Map.of("Plugin-Dependencies", "cycb"));
        withManifest(folder, "cycb.jar", "cycb", "cycb", Map.of("Plugin-Dependencies", "cyca"));
        withManifest(folder, "leaning.jar", "leaning", "leaning", Map.of("Plugin-Dependencies", "cyca"));
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertBuiltInsAllLoaded(registry);
        assertTrue(registry.find("demo").isPresent());
        assertEquals(List.of(
                folder.resolve("cyca.jar") + ": plugin 'cyca' was skipped: its Plugin-Dependencies form a cycle: "
                        + "cyca -> cycb -> cyca",
                folder.resolve("cycb.jar") + ": plugin 'cycb' was skipped: its Plugin-Dependencies form a cycle: "
                        + "cycb -> cyca -> cycb",
                folder.resolve("leaning.jar") + ": plugin 'leaning' was skipped: it needs plugin 'cyca'"
                        + " (Plugin-Dependencies), which was skipped"), registry.warnings());
    }

    @Test
    void aDependencyThatIsThereLoadsBoth() throws IOException {
        Path folder = builtInsCopy();
        withManifest(folder, "needs-euler.jar", "needs-euler", "needy", Map.of("Plugin-Dependencies", "euler"));
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(List.of(), registry.warnings());
        assertBuiltInsAllLoaded(registry);
        assertTrue(registry.find("needy").isPresent());
    }

    /**
     * {@code Plugin-Requires} is checked against this build's version (PF4J skips the check without one); a snapshot
     * build counts as its release, so that {@code >=0.1.0} accepts 0.1.0-SNAPSHOT.
     */
    @Test
    void aPluginRequiringAnotherSchemenetVersionIsOneWarningSayingWhichAndTheOthersLoad() throws IOException {
        Path folder = plugins();
        withManifest(folder, "future.jar", "future", "future", Map.of("Plugin-Requires", ">=99.0.0"));
        String release = SystemInfo.version().replaceFirst("-.*$", "");   // 0.1.0 of 0.1.0-SNAPSHOT
        withManifest(folder, "modest.jar", "modest", "modest", Map.of("Plugin-Requires", ">=" + release));
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(folder.resolve("future.jar") + ": plugin 'future' was skipped: it requires schemenet >=99.0.0"
                + " (Plugin-Requires), and this is schemenet " + SystemInfo.version(), onlyWarning(registry));
        assertTrue(registry.find("modest").isPresent());
        assertTrue(SystemInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), SystemInfo.version());
    }

    @Test
    void aJarBundlingItsOwnCopyOfTheSchemeApiIsOneWarningSayingSo() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        Path fat = PluginJar.scheme(folder, "fat.jar", "fat", "fat", "");
        try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(fat);
             java.io.InputStream api = org.schemenet.scheme.Scheme.class.getResourceAsStream("Scheme.class")) {
            Path inside = jar.getPath("org/schemenet/scheme/Scheme.class");
            Files.createDirectories(inside.getParent());
            Files.copy(api, inside);
        }
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(fat + ": scheme class test.fat.OnTheFlyScheme was skipped: it implements the plugin's own copy"
                + " of org.schemenet.scheme.Scheme, not the runner's; give schemenet-api the scope 'provided' so"
                + " that the jar does not bundle it", onlyWarning(registry));
        assertTrue(registry.find("demo").isPresent());
    }

    @Test
    void aPluginsPathThatIsAFileIsAUsageErrorSayingSo() throws IOException {
        Path file = Files.writeString(temp.resolve("plugins.txt"), "not a folder");
        UsageException e = assertThrows(UsageException.class, () -> loader().load(file));
        assertEquals("plugins folder " + file + " is a file, not a folder; give --plugins DIR / SCHEMENET_PLUGINS"
                + " a folder of plugin jars", e.getMessage());
    }

    @Test
    void aZipPluginIsUnpackedOutsideThePluginsFolderAndNamedByItsZip() throws IOException {
        Path folder = plugins();
        Path zip = PluginJar.zip(folder, "zipped-scheme.zip", "zipped", "zipped");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        assertEquals(List.of(), registry.warnings());
        SchemeRegistry.Entry e = registry.require("zipped");
        assertEquals(zip, e.source(), "the entry names the zip, not where it was unpacked");
        assertEquals("2.0.0", e.pluginVersion());
        assertTrue(ConformanceKit.atInitialMeans().verify(e.scheme().configure(Map.of())).passes());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(zip), files.toList(), "nothing is written into the plugins folder");
        }
        try (Stream<Path> unpacked = Files.list(temp.resolve("unpacked"))) {
            List<Path> dirs = unpacked.toList();
            assertEquals(1, dirs.size(), dirs::toString);
            assertTrue(dirs.get(0).getFileName().toString().endsWith("-zipped-scheme"), dirs::toString);
        }
        // loading again reuses the unpacked copy; removing the zip removes the scheme and leaves nothing behind
        assertTrue(quietly(() -> loader().load(folder)).find("zipped").isPresent());
        Files.delete(zip);
        SchemeRegistry after = quietly(() -> loader().load(folder));
        assertTrue(after.find("zipped").isEmpty());
        assertEquals(List.of(), after.warnings());
    }

    @Test
    void aBrokenZipIsOneWarningNamingTheZip() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "broken.zip");
        SchemeRegistry registry = quietly(() -> loader().load(folder));
        String warning = onlyWarning(registry);
        assertTrue(warning.startsWith(folder.resolve("broken.zip") + ": is not a valid plugin archive"), warning);
        assertTrue(registry.find("demo").isPresent());
        // a zip without a plugin descriptor: named by the zip too, not by the folder it was unpacked in
        Files.delete(folder.resolve("broken.zip"));
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                Files.newOutputStream(folder.resolve("no-descriptor.zip")))) {
            out.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
            out.write("no plugin here".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        warning = onlyWarning(quietly(() -> loader().load(folder)));
        assertTrue(warning.startsWith(folder.resolve("no-descriptor.zip") + ": is not a valid plugin"), warning);
    }

    @Test
    void aFolderInThePluginsFolderIsNotLoadedButNamedInAWarning() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        Files.createDirectories(folder.resolve("old-unpacked-plugin/lib"));
        String warning = onlyWarning(quietly(() -> loader().load(folder)));
        assertTrue(warning.startsWith(folder.resolve("old-unpacked-plugin") + ": a folder in the plugins folder is not "
                + "loaded"), warning);
    }

    /**
     * PF4J logs a plugin whose {@code Plugin-Class} cannot be created with ERROR lines and a stack
     * trace; a real runner process shows one warning instead, and PF4J's lines only with --verbose
     * (Main sets PF4J's log level before SLF4J starts).
     */
    @Test
    void pf4jsOwnErrorLinesAppearOnlyWithVerbose() throws Exception {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.build(folder, "failing-start.jar", "failing-start", Map.of("t.FailingStart", """
                package t;
                public class FailingStart extends org.pf4j.Plugin {
                    public FailingStart() { throw new IllegalStateException("cannot start"); }
                }
                """), List.of(), List.of(), Map.of("Plugin-Class", "t.FailingStart"));
        for (boolean verbose : new boolean[] {false, true}) {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-cp", System.getProperty("java.class.path"), "org.schemenet.runner.Main",
                    "schemes", "--plugins", folder.toString()));
            if (verbose) {
                command.add("--verbose");
            }
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out + err);
            assertTrue(out.contains("demo — built on the fly by a test"), out);
            String warning = "warning: " + folder.resolve("failing-start.jar") + ": plugin 'failing-start' was skipped: "
                    + "its Plugin-Class t.FailingStart cannot be created (java.lang.IllegalStateException: cannot start)";
            if (verbose) {
                assertTrue(err.contains(warning), err);
                assertTrue(err.lines().count() > 5 && err.contains("\tat "), "PF4J's log and the stack trace: " + err);
            } else {
                assertEquals(1, err.lines().count(), err);
                assertTrue(err.startsWith(warning), err);
            }
        }
    }

    @Test
    void theRunnerPrintsEachWarningOnceAndStillListsAndVerifiesTheGoodSchemes() throws IOException {
        Path folder = plugins();
        PluginJar.scheme(folder, "good.jar", "good", "demo", "");
        PluginJar.garbage(folder, "truncated.jar");
        PluginJar.scheme(folder, "faulty.jar", "faulty", "faulty", "if (true) throw new IllegalStateException(\"x\");");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(), "schemes", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("demo — built on the fly by a test"), r.out());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("warning: ")).count(), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
        r = RunnerHarness.run(Map.of(), "verify", "--scheme", "demo", "--plugins", folder.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
        // --verbose adds the stack trace behind each warning
        r = RunnerHarness.run(Map.of(), "schemes", "--plugins", folder.toString(), "--verbose");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("java.lang.IllegalStateException: x") && r.err().contains("\tat "), r.err());
    }
}
