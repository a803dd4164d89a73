package org.schemenet.runner;

import java.nio.file.Path;
import org.schemenet.run.Faults;
import org.schemenet.run.Settings;
import org.schemenet.run.SettingsResolver;
import picocli.CommandLine.Option;

/**
 * {@code --plugins DIR}, the scheme plugin folder, as a picocli mixin for the commands that declare it themselves
 * (a training run's {@code --plugins} is one of its settings, {@link Settings#PLUGINS}). Every command checks the
 * value as the settings check it, so an empty path is refused with the same message everywhere instead of being
 * taken for the working directory.
 *
 * <p>Use it with {@code @Mixin PluginFolderOption plugins;} and {@code plugins.folder()}.
 */
public final class PluginFolderOption {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "plugin folder (default: $SCHEMENET_PLUGINS, else plugins/ in the install)")
    String text;

    /** The value as given, or null: for a command that passes it on as a setting. */
    public String text() {
        return text;
    }

    /**
     * The folder given, checked ({@link #folder(String)}); null when the option is not given, so that
     * {@link Environment#pluginsFolder} picks the default.
     */
    public Path folder() {
        return folder(text);
    }

    /**
     * The folder {@code plugins} names, checked as the settings check it (an empty path is refused, not taken for
     * the working directory) before any plugin is loaded from it; null for null.
     *
     * @throws org.schemenet.run.InputException naming {@code --plugins}, the value and what is allowed
     */
    static Path folder(String plugins) {
        if (plugins == null) {
            return null;
        }
        SettingsResolver.check(Settings.PLUGINS, plugins, Settings.PLUGINS.flag());
        return Faults.path(Settings.PLUGINS.flag(), plugins);
    }
}
