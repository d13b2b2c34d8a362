package io.nija.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/nija-router <command>}: the service, the exchange simulator, the demo, the load test, audit tools, the
 * simulation swarm, and everyday commands against a running service (status, orders, positions, balances, pnl,
 * kill-switch). Exit codes: 0 ok, 1 failure, 2 bad usage. */
@Command(name = "nija-router", mixinStandardHelpOptions = true, version = "nija-router 0.1.0",
        description = "Multi-user trade execution router: signals in, orders on crypto exchanges out.",
        subcommands = {ServeCommand.class, SimCommand.class, DemoCommand.class, LoadtestCommand.class, AuditCommand.class,
                SimulateCommand.class, StatusCommand.class, OrdersCommand.class, PositionsCommand.class,
                BalancesCommand.class, PnlCommand.class, KillSwitchCommand.class, CommandLine.HelpCommand.class})
public final class NijaRouterCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, sim, demo, loadtest, audit, simulate, "
                + "status, orders, positions, balances, pnl, kill-switch)");
    }

    /** The command line as {@link #main} runs it: bad usage exits with 2, any other failure with 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new NijaRouterCli())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0 || !isLongRunning(args)) {
            System.exit(code);
        }
    }

    private static boolean isLongRunning(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }
}
