package org.schemenet.runner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.schemenet.scheme.DidYouMean;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.Scheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The scheme options of a command line, as a picocli mixin: every option of the chosen scheme as
 * {@code --NAME VALUE} (or {@code --NAME=VALUE}), whatever plugin it comes from — {@code --k 2},
 * {@code --coefficients learnable}, {@code --tableau rk38}, {@code --k-low -0.2}, or a dropped-in
 * scheme's own options — the repeatable {@code --opt NAME=VALUE}, and {@code --scheme-options} to
 * print what the chosen scheme accepts.
 *
 * <p>The scheme is known only after parsing (from {@code --scheme}, a config file or a run), so the
 * mixin lets the command accept arguments it does not declare and reads them as scheme options
 * afterwards; the scheme then validates the names and values ({@link SchemeService#configure}): an
 * unknown name is an error listing the scheme's options with the one did-you-mean. A scheme option
 * named like one of the command's own options (e.g. {@code depth}) must be given with {@code --opt}.
 *
 * <p>Use it in a command with {@code @Mixin SchemeOptions schemeOptions;}, choose the scheme, then:
 * <pre>{@code
 * if (schemeOptions.listRequested()) { SchemeOptions.describe(scheme).forEach(out::println); return 0; }
 * schemeOptions.checkNames(scheme);   // first: an unknown name, or the scheme's option without its value
 * ConfiguredScheme c = schemes.configure(plugins, name, schemeOptions.over(optionsFromConfigFile));   // command line wins
 * }</pre>
 * Values stay text until the scheme parses them, so {@code --k 3} is an integer for {@code adams}
 * and a real number for {@code lm}.
 */
public final class SchemeOptions {

    @Option(names = "--opt", paramLabel = "NAME=VALUE",
            description = {"a scheme option, repeatable, e.g. --opt a=[[0,0],[0.5,0]]; every option of the chosen "
                    + "scheme can also be given as --NAME VALUE, e.g. --k 2 --coefficients learnable --tableau rk38 "
                    + "(see 'runner schemes' or --scheme-options)"})
    Map<String, String> opt = new LinkedHashMap<>();

    @Option(names = "--scheme-options", description = "print the options the chosen scheme accepts and exit")
    boolean list;

    private CommandSpec command;

    /** Picocli hands the mixin its command: arguments it does not declare become scheme options. */
    @Spec(Spec.Target.MIXEE)
    void command(CommandSpec spec) {
        this.command = spec;
        spec.parser().unmatchedArgumentsAllowed(true);
    }

    /** Whether {@code --scheme-options} was given. */
    public boolean listRequested() {
        return list;
    }

    /**
     * The options given on the command line, by scheme option name ({@code --k 3} is {@code k=3}).
     *
     * @throws UsageException for an argument that is not {@code --NAME VALUE} (a stray word, a
     *         missing value: call {@link #checkNames} first when the scheme is known, so that a missing value
     *         is named with what it allows and an unknown name as such), or for an option given twice with
     *         different values
     */
    public Map<String, String> given() {
        Map<String, String> out = fromArguments();
        out.forEach((name, value) -> {
            if (value == null) {
                throw new UsageException("option '--" + name + "' needs a value (scheme options are --NAME VALUE; see "
                        + "--scheme-options)" + DidYouMean.suffix(name, commandOptions(), "--"));
            }
        });
        for (Map.Entry<String, String> e : fromOpt().entrySet()) {
            String before = out.putIfAbsent(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new UsageException("--" + e.getKey() + " " + before + " and --opt " + e.getKey() + "="
                        + e.getValue() + " disagree; give the option once");
            }
        }
        return out;
    }

    /** Whether any scheme option is given on the command line ({@code --NAME VALUE}, {@code --opt}). */
    public boolean any() {
        return !fromArguments().isEmpty() || !fromOpt().isEmpty();
    }

    /**
     * The {@code --NAME VALUE} arguments the command does not declare, by name; a {@code --NAME} without its value
     * (the last argument, or one followed by another option) maps to null: it needs a value if it is the scheme's
     * option, and is no option at all if it is not, which only the scheme can tell ({@link #checkNames}).
     */
    private Map<String, String> fromArguments() {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> tokens = command == null || command.commandLine() == null ? List.of()
                : command.commandLine().getUnmatchedArguments();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new UsageException(unexpected(token));
            }
            String name;
            String value;
            int equals = token.indexOf('=');
            if (equals > 0) {
                name = token.substring(2, equals);
                value = token.substring(equals + 1);
            } else {
                name = token.substring(2);
                boolean valueless = i + 1 >= tokens.size()
                        || (tokens.get(i + 1).startsWith("--") && tokens.get(i + 1).length() > 2);
                value = valueless ? null : tokens.get(++i);
            }
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new UsageException(unexpected(token));
            }
            if (value == null || !out.containsKey(name)) {
                out.put(name, value);   // once without a value, it needs one
            } else if (out.get(name) != null && !out.get(name).equals(value)) {
                throw new UsageException("--" + name + " is given twice (" + out.get(name) + " and " + value
                        + "); give it once");
            }
        }
        return out;
    }

    /**
     * The {@code --opt NAME=VALUE} options by name, in the order given. Picocli's map keeps the last value of a name
     * given twice, so they are read from what was parsed: the same name twice with different values is refused, as
     * {@code --NAME} twice is.
     *
     * @throws UsageException for a name given twice with different values
     */
    private Map<String, String> fromOpt() {
        ParseResult parsed = command == null || command.commandLine() == null ? null
                : command.commandLine().getParseResult();
        picocli.CommandLine.Model.OptionSpec matched = parsed == null ? null : parsed.matchedOption("--opt");
        if (matched == null) {
            return opt;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String given : matched.originalStringValues()) {
            int equals = given.indexOf('=');   // picocli has checked the NAME=VALUE form
            String name = given.substring(0, equals);
            String value = given.substring(equals + 1);
            String before = out.putIfAbsent(name, value);
            if (before != null && !before.equals(value)) {
                throw new UsageException("--opt " + name + " is given twice (" + before + " and " + value
                        + "); give it once");
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

    /**
     * Configures {@code scheme} with {@link #over(Map) over(base)}.
     *
     * @throws UsageException naming the option, the value and what is allowed, and listing the scheme's options
     */
    public Discretisation configure(SchemeService schemes, SchemeRegistry.Entry scheme, Map<String, String> base) {
        return schemes.configure(scheme, over(base)).discretisation();
    }

    /**
     * What a scheme command ({@code verify}, {@code stability}, {@code wiring}) does with {@code --scheme NAME}
     * and these options: with {@code --scheme-options}, prints the scheme's options and gives empty; else
     * checks the option names and configures the scheme.
     */
    public Optional<ConfiguredScheme> chosen(SchemeService schemes, Path plugins, String scheme, PrintWriter out) {
        SchemeRegistry.Entry entry = schemes.find(plugins, scheme);
        if (listRequested()) {
            describe(entry.scheme()).forEach(out::println);
            return Optional.empty();
        }
        checkNames(entry.scheme());
        return Optional.of(schemes.configure(entry, given()));
    }

    /**
     * Checks that every scheme option given on the command line ({@code --NAME VALUE} or {@code --opt NAME=VALUE})
     * is an option of {@code scheme}, before anything else happens (also for a resumed run, whose scheme options
     * cannot change: a name its scheme does not have is named as such). A misspelt one gets the one did-you-mean
     * over the scheme's options and the command's own (e.g. {@code --epoch 3}: did you mean '--epochs'?).
     * Then an option of the scheme given without its value ({@code --k} at the end of the line) is named with
     * what it allows.
     *
     * @throws UsageException naming the option, the scheme's options and the closest name; or naming the option
     *         that needs a value and what is allowed
     */
    public void checkNames(Scheme scheme) {
        List<String> known = scheme.options().stream().map(o -> o.name()).toList();
        Map<String, String> arguments = fromArguments();
        List<String> names = new ArrayList<>(arguments.keySet());
        names.addAll(fromOpt().keySet());
        for (String name : names) {
            if (!known.contains(name)) {
                List<String> candidates = new ArrayList<>(known);
                candidates.addAll(commandOptions());
                throw new UsageException("scheme '" + scheme.name() + "' has no option '" + name + "'; "
                        + (known.isEmpty() ? "it takes no options" : "its options are " + String.join(", ", known))
                        + DidYouMean.suffix(name, candidates, "--"));
            }
        }
        arguments.forEach((name, value) -> {
            if (value == null) {
                String allowed = scheme.options().stream().filter(o -> o.name().equals(name)).findFirst()
                        .map(o -> o.type().allowed()).orElseThrow();
                throw new UsageException("option '--" + name + "' needs a value; allowed: " + allowed);
            }
        });
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

    /**
     * The message for an argument that is neither the command's nor a scheme option: one that looks like an
     * option ({@code -x}, {@code --Depth}) is an unknown option, anything else (a stray word, a negative number)
     * an unexpected argument.
     */
    private String unexpected(String token) {
        List<String> subcommands = command == null ? List.of() : new ArrayList<>(command.subcommands().keySet());
        boolean option = token.matches("--?[^-0-9.].*");
        String hint = token.startsWith("-") ? DidYouMean.suffix(token.replaceFirst("^-+", ""), commandOptions(), "--")
                : DidYouMean.suffix(token, subcommands, "");
        return (option ? "unknown option '" : "unexpected argument '") + token + "'; scheme options are --NAME VALUE"
                + hint;
    }

    /** The command's own long option names, without dashes. */
    private List<String> commandOptions() {
        if (command == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        command.options().forEach(o -> {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    names.add(n.substring(2));
                }
            }
        });
        return names;
    }
}
