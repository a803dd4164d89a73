package org.schemenet.runner;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.TestProblem;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.scheme.Options;
import org.schemenet.scheme.Scheme;

/**
 * The one way every command gets a scheme: load the plugins folder ({@link PluginLoader}, once per
 * folder; its warnings printed once, with stack traces under {@code --verbose}), find a scheme by
 * name (with the one did-you-mean), configure it with text options, and check it with the
 * conformance kit before it trains.
 *
 * <p>The check ({@link #check}) measures the configured scheme's orders on the standard problems
 * from exact start values, its consistency and zero-stability (not the stability interval): about
 * 25 ms for Euler, 40-130 ms for fixed AB2, AB8 and RK4, 0.3 s for a learnable AB2 and 1.2 s for a
 * learnable AB8 (warm JIT, this project's 2-core machine). It is cached per jar checksum (SHA-256)
 * and options, so a sweep checks each variant once. {@link #checkBeforeTraining}
 * prints a scheme that fails as one warning with the measured figures, or, with
 * {@link #requireConformance requireConformance(true)} ({@code --strict-schemes}), stops with exit code 2.
 */
public final class SchemeService {

    private final PluginLoader loader;
    private final Environment environment;
    private final Console console;
    private final Verbosity verbosity;
    private final Map<Path, SchemeRegistry> registries = new HashMap<>();
    private final Map<String, SchemeCheck> checks = new HashMap<>();
    private final Map<Path, String> checksums = new HashMap<>();
    private final java.util.Set<String> warned = new java.util.HashSet<>();
    private boolean strict;

    @Inject
    public SchemeService(PluginLoader loader, Environment environment, Console console, Verbosity verbosity) {
        this.loader = loader;
        this.environment = environment;
        this.console = console;
        this.verbosity = verbosity;
    }

    /** The plugins folder: {@code --plugins}, else {@code $SCHEMENET_PLUGINS}, else {@code plugins/} in the install. */
    public Path folder(Path pluginsOption) {
        return environment.pluginsFolder(pluginsOption);
    }

    /**
     * The schemes of the plugins folder, loaded on first use; the warnings go to standard error once.
     *
     * @throws UsageException when the folder does not exist
     */
    public synchronized SchemeRegistry registry(Path pluginsOption) {
        Path folder = folder(pluginsOption).toAbsolutePath().normalize();
        SchemeRegistry registry = registries.get(folder);
        if (registry == null) {
            registry = loader.load(folder);
            registries.put(folder, registry);
            for (SchemeRegistry.Warning w : registry.problems()) {
                console.err().println("warning: " + w.message());
                if (verbosity.verbose() && w.cause() != null) {
                    w.cause().printStackTrace(console.err());
                }
            }
            console.err().flush();
        }
        return registry;
    }

    /**
     * The scheme called {@code name}.
     *
     * @throws UsageException listing the available names and suggesting the closest
     */
    public SchemeRegistry.Entry find(Path pluginsOption, String name) {
        return registry(pluginsOption).require(name);
    }

    /** {@link #configure(SchemeRegistry.Entry, Map)} of the scheme called {@code name}. */
    public ConfiguredScheme configure(Path pluginsOption, String name, Map<String, String> options) {
        return configure(find(pluginsOption, name), options);
    }

    /**
     * Validates {@code options} (text, by option name) against the scheme's and configures it.
     *
     * @throws UsageException naming the option, the value and what is allowed (an unknown name with the
     *         scheme's options and a did-you-mean), or what the scheme rejected: with its plugin, jar and
     *         options (those not given marked "(default)") when the scheme's message names no option, and
     *         with the plugin and jar when the option it names was not given (a default the scheme rejects)
     * @throws PluginFault    when the plugin fails
     */
    public ConfiguredScheme configure(SchemeRegistry.Entry entry, Map<String, String> options) {
        Scheme scheme = entry.scheme();
        Options validated;
        try {
            validated = Options.validate(scheme.name(), scheme.options(), options);
        } catch (InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
        try {
            Discretisation d = scheme.configure(validated);
            return new ConfiguredScheme(entry, d, validated.asText());
        } catch (PluginFault f) {
            throw f;
        } catch (InvalidOptionException e) {
            boolean defaulted = !options.containsKey(e.option()) && validated.has(e.option());
            throw new UsageException(defaulted ? e.getMessage() + " (the default of scheme '" + scheme.name() + "', "
                    + entry.origin() + ")" : e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String values = validated.asText().entrySet().stream().map(o -> o.getKey() + "=" + o.getValue()
                    + (options.containsKey(o.getKey()) ? "" : " (default)")).collect(java.util.stream.Collectors
                    .joining(", "));
            throw new UsageException("scheme '" + scheme.name() + "' (" + entry.origin() + "; options "
                    + (values.isEmpty() ? "none" : values) + "): " + e.getMessage(), e);
        }
    }

    /** Whether a failed check stops training (exit code 2) instead of printing a warning: {@code --strict-schemes}. */
    public synchronized void requireConformance(boolean required) {
        this.strict = required;
    }

    /**
     * The conformance check of a configured scheme (cached per jar checksum and options).
     *
     * @throws PluginFault when the plugin fails while being checked
     */
    public synchronized SchemeCheck check(ConfiguredScheme c) {
        String key = key(c);
        SchemeCheck cached = checks.get(key);
        if (cached != null) {
            return cached;
        }
        Discretisation d = c.discretisation();
        SchemeCheck check;
        try {
            ConformanceReport r = ConformanceKit.atInitialMeans().orders(d, TestProblem.standard());
            check = new SchemeCheck(c.name(), c.pluginId(), c.jar().toString(), c.optionsText(), d.order(),
                    r.lowestMeasuredOrder(), r.consistency().consistent(), r.rootCondition().satisfied(), r.failures(),
                    verifyCommand(c));
        } catch (PluginFault f) {
            throw f;
        } catch (IllegalArgumentException e) {
            check = new SchemeCheck(c.name(), c.pluginId(), c.jar().toString(), c.optionsText(), d.order(), Double.NaN,
                    false, false, List.of("it could not be run as an integrator: " + e.getMessage()), verifyCommand(c));
        }
        checks.put(key, check);
        return check;
    }

    /**
     * {@link #check} before a dry run or training: a scheme that fails is one warning on standard
     * error (once per jar and options), or with {@link #requireConformance} an error.
     *
     * @throws UsageException when the scheme fails and conformance is required
     */
    public synchronized SchemeCheck checkBeforeTraining(ConfiguredScheme c) {
        SchemeCheck check = check(c);
        if (!check.passes()) {
            if (strict) {
                throw new UsageException(check.warning().orElseThrow() + "; --strict-schemes stops here");
            }
            if (warned.add(key(c))) {
                console.err().println("warning: " + check.warning().orElseThrow()
                        + "; --strict-schemes makes this an error");
                console.err().flush();
            }
        }
        return check;
    }

    /**
     * The {@code runner verify} command that repeats the check of {@code c}: {@code --plugins} with the folder its jar
     * is in unless that is the default folder, and {@code --opt NAME=VALUE} for every option whose value differs from
     * the scheme's default ({@code --opt}, not {@code --NAME}: an option may be named like one of verify's flags);
     * each word quoted for a POSIX shell where it needs it.
     */
    private String verifyCommand(ConfiguredScheme c) {
        List<String> words = new java.util.ArrayList<>(List.of("runner", "verify", "--scheme", c.name()));
        Path folder = c.jar().toAbsolutePath().normalize().getParent();
        if (folder != null && !folder.equals(folder(null).toAbsolutePath().normalize())) {
            words.addAll(List.of("--plugins", folder.toString()));
        }
        Map<String, String> defaults = new HashMap<>();
        c.entry().scheme().options().forEach(o -> defaults.put(o.name(), o.defaultValue()));
        c.options().forEach((name, value) -> {
            if (!value.equals(defaults.get(name))) {
                words.addAll(List.of("--opt", name + "=" + value));
            }
        });
        return String.join(" ", words.stream().map(SchemeService::shellWord).toList());
    }

    /** {@code word} as a POSIX shell reads it back: as is when it is plain, else in single quotes. */
    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:,+@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private String key(ConfiguredScheme c) {
        return checksum(c.jar()) + " " + c.name() + " " + c.optionsText();
    }

    private synchronized String checksum(Path jar) {
        return checksums.computeIfAbsent(jar, j -> {
            try {
                return PluginArchives.sha256(j);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + j + ": " + e.getMessage(), e);
            }
        });
    }

}
