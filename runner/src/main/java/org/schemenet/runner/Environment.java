package org.schemenet.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the runner reads from its surroundings: environment variables and the install folder
 * (set by the launcher as {@code -Dschemenet.home}). Injected, so tests give their own.
 */
public record Environment(Map<String, String> variables, Path home) {

    public static final String PLUGINS_VARIABLE = "SCHEMENET_PLUGINS";

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** The process's own environment. */
    public static Environment current() {
        return new Environment(System.getenv(), Path.of(System.getProperty("schemenet.home", ".")));
    }

    /**
     * The user's home directory, which holds the default data directory {@code ~/.schemenet/data}: the variable
     * {@code HOME}, else the JVM's {@code user.home}. (Java 17 takes {@code user.home} from the password database,
     * not from {@code HOME}, so a run started with another HOME would otherwise look in two places.)
     */
    public Path userHome() {
        String home = variables.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The plugins folder: {@code --plugins}, else {@value #PLUGINS_VARIABLE}, else {@code plugins/} in the install. */
    public Path pluginsFolder(Path option) {
        if (option != null) {
            return option;
        }
        String fromVariable = variables.get(PLUGINS_VARIABLE);
        if (fromVariable != null && !fromVariable.isBlank()) {
            return Path.of(fromVariable);
        }
        return home.resolve("plugins");
    }
}
