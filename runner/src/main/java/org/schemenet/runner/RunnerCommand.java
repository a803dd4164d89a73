package org.schemenet.runner;

import picocli.CommandLine.Command;

/** {@code runner}: the top-level command. */
@Command(name = "runner", mixinStandardHelpOptions = true, version = "schemenet 0.1.0-SNAPSHOT",
        description = "Numerical-scheme networks: verify schemes as ODE integrators and train them on CIFAR-10.",
        subcommands = {VerifyCommand.class})
public final class RunnerCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand (see --help)");
    }
}
