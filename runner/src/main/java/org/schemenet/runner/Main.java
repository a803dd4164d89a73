package org.schemenet.runner;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Optional;
import org.schemenet.run.Faults;
import org.schemenet.run.InputException;
import picocli.CommandLine;

/**
 * The runner's entry point: builds the Guice injector, lets picocli create the commands through
 * it, runs the command line. Exit codes: 0 success, 1 failure (e.g. a scheme that fails
 * verification, a training run that diverged), 2 bad usage, bad input or a fault of the environment
 * ({@link InputException}: a missing file, permission denied, no space left, a run held by another
 * process), and 128 + the signal's number when a signal stopped training after writing a checkpoint
 * (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
 */
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** The SLF4J property of PF4J's log level ({@code off} in simplelogger.properties). */
    static final String PF4J_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.pf4j";

    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--verbose")) {
            System.setProperty(PF4J_LOG_LEVEL, "warn"); // PF4J's own log lines (off otherwise), before SLF4J starts
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(modules(Environment.current(), new Console(out, err), Terminal.current()), args));
    }

    /** The runner's modules: surroundings, configuration, schemes, data, network, trainer, reporters. */
    public static List<Module> modules(Environment environment, Console console, Terminal terminal) {
        return List.of(new RunnerModule(environment, console), new SettingsModule(), new SchemesModule(),
                new DataModule(), new NetworkModule(), new TrainerModule(), new ReportersModule(terminal),
                new ReportModule());
    }

    /** Runs one command line in-process with the given modules; returns the exit code. */
    public static int run(List<Module> modules, String... args) {
        boolean verbose = List.of(args).contains("--verbose");
        List<Module> all = new java.util.ArrayList<>(modules);
        all.add(binder -> binder.bind(Verbosity.class).toInstance(new Verbosity(verbose)));
        Injector injector = Guice.createInjector(all);
        Console console = injector.getInstance(Console.class);
        CommandLine cli = new CommandLine(RunnerCommand.class, new GuiceFactory(injector));
        cli.setOut(console.out());
        cli.setErr(console.err());
        cli.setExitCodeExceptionMapper(e -> input(e) ? USAGE : FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidPathException p) {
                e = Faults.badPath("a path", p.getInput(), p);
            }
            if (input(e)) {
                console.err().println("error: " + e.getMessage());
                if (verbose) {
                    e.printStackTrace(console.err());
                }
                return USAGE;
            }
            console.err().println("error: " + e);
            if (verbose) {
                e.printStackTrace(console.err());
            } else {
                console.err().println("(run with --verbose for the stack trace)");
            }
            return FAILED;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            if (e.getCause() instanceof NumberOptions.Refused refused
                    && e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
                // a whole-number option's value (NumberOptions): one line, in the words of the settings' flags
                console.err().println("error: " + option.longestName() + ": " + refused.getMessage());
                return USAGE;
            }
            Optional<String> missing = missingValue(e, a);
            if (missing.isPresent()) {
                console.err().println("error: " + missing.get());
                return USAGE;
            }
            // picocli's own words, and the help to read, on one line; picocli words a value's fault
            // "Value for option option '--opt' ...": say "option" once
            console.err().println("error: " + String.valueOf(e.getMessage()).replace("for option option '",
                    "for option '") + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        int code = cli.execute(args);
        console.out().flush();
        console.err().flush();
        return code;
    }

    /**
     * For an option given without its value (the last argument, or followed by another option), the one line that
     * names it and what it allows, as a scheme option's is ({@link SchemeOptions#checkNames}): the words of its
     * setting ({@link SettingOptions}) or of its number converter ({@link NumberOptions.Allowing}), else its value's
     * form from --help. Empty for any other fault, e.g. a required option that is not given at all (picocli reports
     * both as a {@link CommandLine.MissingParameterException}; only the first has the option among the command's
     * arguments, and the runner's options with a value are required only in subcommands).
     */
    static Optional<String> missingValue(CommandLine.ParameterException e, String[] args) {
        if (!(e instanceof CommandLine.MissingParameterException m) || m.getMissing().size() != 1
                || !(m.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option)) {
            return Optional.empty();
        }
        CommandLine command = e.getCommandLine();
        List<String> tokens = List.of(args);
        int from = command.getParent() == null ? 0 : tokens.indexOf(command.getCommandName()) + 1;
        List<String> names = List.of(option.names());
        if (option.required() && tokens.subList(Math.max(0, from), tokens.size()).stream().noneMatch(names::contains)) {
            return Optional.empty();
        }
        String head = "option '" + option.longestName() + "' needs a value";
        if (option.userObject() instanceof org.schemenet.run.Setting<?> setting) {
            return Optional.of(head + "; allowed: " + setting.allowed());
        }
        for (CommandLine.ITypeConverter<?> converter : option.converters()) {
            if (converter instanceof NumberOptions.Allowing allowing) {
                return Optional.of(head + "; allowed: " + allowing.allowed());
            }
        }
        return Optional.of(head + ": " + option.paramLabel() + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
    }

    /** Bad input or a fault of the environment: exit code 2. */
    private static boolean input(Throwable e) {
        return e instanceof InputException || e instanceof InvalidPathException;
    }

    /** picocli creates commands through Guice, so commands get their collaborators injected. */
    private record GuiceFactory(Injector injector) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return injector.getInstance(type);
            } catch (com.google.inject.ConfigurationException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
