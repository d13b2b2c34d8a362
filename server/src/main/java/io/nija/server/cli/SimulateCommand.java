package io.nija.server.cli;

import io.nija.sim.swarm.Swarm;
import io.nija.sim.swarm.Violation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/nija-router simulate}: the simulation swarm (issue 17) from the command line. Seeds from {@code --seed}
 * on, each a random workload, fault schedule and crashes over the real engine and the in-process simulated venues in
 * virtual time, for {@code --minutes} of wall time. A violation prints its reproduction (seed, shrunk trail) first;
 * the last line is always {@code seeds=<n> orders=<n> violations=<n> orders_per_s=<n>}. Exit 0 only without a
 * violation, 1 with one, 2 on bad usage.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs the simulation swarm: random workloads, venue faults and router crashes in virtual time,"
                + " with the router's invariants checked after every step.",
                "Ends with 'seeds=<n> orders=<n> violations=<n> orders_per_s=<n>'; exit 0 only without a violation."})
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "1", description = "Wall-clock budget in minutes, decimals allowed (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--seed", defaultValue = "1", description = "First seed; the next ones follow (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report-dir", description = "Also write swarm-report.md (markdown) into this directory.")
    Path reportDir;

    @Option(names = "--verbose", description = "Keep the engine's warnings (faults make many) on stderr.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be above 0 and at most 1440: " + minutes);
        }
        // Every injected 5xx or maintenance window is logged by the engine as it would be in production; here they are
        // the point of the exercise, and logging them costs more than simulating them. The level is put back after,
        // so a caller in the same JVM (a test) keeps its logging.
        Swarm.Summary s;
        ch.qos.logback.classic.Level before = verbose ? null : quiet("io.nija");
        try {
            s = new Swarm().run(seed, Duration.ofMillis((long) (minutes * 60_000)));
        } finally {
            if (!verbose) {
                restore("io.nija", before);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Violation v : s.violations()) {
            out.print(v.describe());
            out.println("  replay: bin/nija-router simulate --seed " + v.seed() + " --minutes 0.01");
        }
        if (reportDir != null) {
            Path file = Swarm.writeReport(s, "bin/nija-router simulate --minutes " + minutes + " --seed " + seed, reportDir);
            spec.commandLine().getErr().println("report: " + file);
        }
        out.println(s.line());
        out.flush();
        return s.failedSeeds().isEmpty() ? 0 : 1;
    }

    /** Sets the logger to ERROR; returns the level it had (null: inherited). */
    private static ch.qos.logback.classic.Level quiet(String loggerName) {
        if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger l) {
            ch.qos.logback.classic.Level before = l.getLevel();
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
            return before;
        }
        return null;
    }

    private static void restore(String loggerName, ch.qos.logback.classic.Level level) {
        if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(level);
        }
    }
}
