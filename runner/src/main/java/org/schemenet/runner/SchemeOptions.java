package org.schemenet.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.scheme.OptionSpec;
import org.schemenet.scheme.Scheme;
import picocli.CommandLine.Option;

/**
 * The scheme options of a command line, as a picocli mixin: shorthands for the options the built-in
 * schemes share ({@code --k}, {@code --coefficients}, {@code --tableau}), the repeatable
 * {@code --opt NAME=VALUE} for any option of any scheme (drop-in plugins included), and
 * {@code --scheme-options} to print what the chosen scheme accepts.
 *
 * <p>Use it in a command with {@code @Mixin SchemeOptions schemeOptions;}, choose the scheme (e.g. by
 * {@code --scheme} or a config file), then:
 * <pre>{@code
 * if (schemeOptions.listRequested()) { SchemeOptions.describe(scheme).forEach(out::println); return 0; }
 * Discretisation d = schemeOptions.configure(scheme, optionsFromConfigFile);   // command line wins
 * }</pre>
 * Values stay text until the scheme parses them, so {@code --k 3} is an integer for {@code adams}
 * and a real number for {@code lm}. A shorthand the scheme does not declare is an error naming it
 * and listing the scheme's options ({@link UsageException}, exit code 2).
 */
public final class SchemeOptions {

    @Option(names = "--k", paramLabel = "K",
            description = "scheme option k (adams: steps 1..8; lm with --coefficients fixed: the two-step k)")
    String k;

    @Option(names = "--coefficients", paramLabel = "MODE",
            description = "scheme option coefficients: fixed or learnable (adams, lm, rk)")
    String coefficients;

    @Option(names = "--tableau", paramLabel = "NAME",
            description = "scheme option tableau (rk): euler, midpoint, heun2, ralston2, kutta3, heun3, ssprk3, "
                    + "rk4, rk38, custom")
    String tableau;

    @Option(names = "--opt", paramLabel = "NAME=VALUE",
            description = "any scheme option, repeatable, e.g. --opt k-low=-0.2 or --opt a=[[0,0],[0.5,0]]")
    Map<String, String> opt = new LinkedHashMap<>();

    @Option(names = "--scheme-options", description = "print the options the chosen scheme accepts and exit")
    boolean list;

    /** Whether {@code --scheme-options} was given. */
    public boolean listRequested() {
        return list;
    }

    /**
     * The options given on the command line, by scheme option name ({@code --k 3} is {@code k=3}).
     *
     * @throws UsageException when a shorthand and {@code --opt} give the same option different values
     */
    public Map<String, String> given() {
        Map<String, String> out = new LinkedHashMap<>();
        shorthand(out, "k", k);
        shorthand(out, "coefficients", coefficients);
        shorthand(out, "tableau", tableau);
        for (Map.Entry<String, String> e : opt.entrySet()) {
            String before = out.putIfAbsent(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new UsageException("--" + e.getKey() + " " + before + " and --opt " + e.getKey() + "="
                        + e.getValue() + " disagree; give the option once");
            }
        }
        return out;
    }

    /** {@code base} (e.g. a config file's scheme options) overridden by {@link #given()}. */
    public Map<String, String> over(Map<String, String> base) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.putAll(given());
        return out;
    }

    /** Configures {@code scheme} with the command-line options alone. */
    public Discretisation configure(Scheme scheme) {
        return configure(scheme, Map.of());
    }

    /**
     * Configures {@code scheme} with {@link #over(Map) over(base)}.
     *
     * @throws UsageException naming the option, the value and what is allowed, and listing the scheme's options
     */
    public Discretisation configure(Scheme scheme, Map<String, String> base) {
        try {
            return scheme.configure(over(base));
        } catch (InvalidOptionException e) {
            throw new UsageException(e.getMessage() + " (scheme '" + scheme.name() + "' options: "
                    + optionNames(scheme) + "; see --scheme-options)", e);
        } catch (IllegalArgumentException e) {
            throw new UsageException("scheme '" + scheme.name() + "': " + e.getMessage(), e);
        }
    }

    /** One line per option of {@code scheme}: name, default, what is allowed, help. */
    public static List<String> describe(Scheme scheme) {
        if (scheme.options().isEmpty()) {
            return List.of("scheme '" + scheme.name() + "' takes no options");
        }
        int width = scheme.options().stream().mapToInt(o -> o.name().length()).max().orElse(0);
        return scheme.options().stream()
                .map(o -> String.format("%-" + width + "s  default %-10s  %s; %s", o.name(),
                        o.defaultValue() == null ? "(none)" : o.defaultValue(), o.type().allowed(), o.help()))
                .toList();
    }

    private static String optionNames(Scheme scheme) {
        List<OptionSpec> specs = scheme.options();
        return specs.isEmpty() ? "none" : String.join(", ", specs.stream().map(OptionSpec::name).toList());
    }

    private static void shorthand(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
