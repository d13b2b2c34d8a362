package io.nija.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/nija-router <command>}: the service, the exchange simulator, the demo. Exit codes: 0 ok, 1 failure, 2 bad usage. */
@Command(name = "nija-router", mixinStandardHelpOptions = true, version = "nija-router 0.1.0",
        description = "Multi-user trade execution router: signals in, orders on crypto exchanges out.",
        subcommands = {ServeCommand.class, SimCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class NijaRouterCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, sim, demo)");
    }

    public static void main(String[] args) {
        int code = new CommandLine(new NijaRouterCli())
                .setExitCodeExceptionMapper(e -> 1)
                .execute(args);
        if (code != 0 || !isLongRunning(args)) {
            System.exit(code);
        }
    }

    private static boolean isLongRunning(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }
}
