package io.nija.server.cli;

import io.nija.server.load.LoadEngine;
import io.nija.server.load.LoadPlan;
import io.nija.server.load.LoadResult;
import io.nija.server.load.LoadStats;
import io.nija.server.load.MarkdownReport;
import io.nija.server.load.PrivateRouters;
import io.nija.server.load.Readout;
import io.nija.server.load.Scenario;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nija-router loadtest}: the one load generator ({@link LoadEngine}); the bench's {@code LoadTest} runs this
 * same command. Options left out take the scenario's defaults ({@link LoadPlan#defaults}).
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load test over the HTTP API, ending with a summary table.",
                "Scenarios: burst (every user's signals at once; the design's test), steady (signals at --rate per second "
                        + "for --duration-seconds), fan-out (one TradingView alert to --subscribers subscribers), isolation "
                        + "(a quiet user alone, then while another user floods; compares its signal->fill), multi-instance "
                        + "(steady load over several cluster instances).",
                "Orders are followed on the event stream until each is final. The table gives counts, trades/min, "
                        + "HdrHistogram percentiles of signal->ack and signal->fill per phase and each service's peak heap; "
                        + "the progress line (redrawn on a terminal, every 5 s otherwise) is made of the same numbers.",
                "Without --url it starts private routers in this process (embedded store, or --instances cluster "
                        + "instances on --db-url in a new schema, dropped after; simulated venues; no API rate limit) in "
                        + "temporary directories removed at the end. With --url (repeatable) it loads those services with "
                        + "the admin token, creating users named lt-<random>-<n>.",
                ""})
final class LoadtestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "burst", description = "burst, steady, fan-out, isolation or multi-instance (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--users", description = "Users sending signals (burst 1000, steady 100, multi-instance 150; isolation always 2).")
    Integer users;

    @Option(names = "--signals-per-user", description = "Burst: signals each user sends (default 1).")
    Integer signalsPerUser;

    @Option(names = "--size-usd", description = "Size of each signal in USD (default 100; isolation 10).")
    BigDecimal sizeUsd;

    @Option(names = "--pair", description = "Pair traded (default BTC-USD).")
    String pair;

    @Option(names = "--concurrency", description = "HTTP requests in flight at once per client pool (default 64; isolation 32; multi-instance 96).")
    Integer concurrency;

    @Option(names = "--rate", description = "Steady and multi-instance: signals per second, all users together (default 834 = 50 040/min); isolation: the quiet user's (default 4).")
    Integer rate;

    @Option(names = "--duration-seconds", description = "Steady and multi-instance: how long the measured load lasts (default 60); isolation: each half (default 30).")
    Integer durationSeconds;

    @Option(names = "--warmup-seconds", description = "Unmeasured load at the same rate before it (steady and isolation 10).")
    Integer warmupSeconds;

    @Option(names = "--subscribers", description = "Fan-out: subscribers of the alert (default 10000; every 100th is over its limits).")
    Integer subscribers;

    @Option(names = "--flood-signals", description = "Isolation: signals the flooding user sends during the second half (default 6000).")
    Integer floodSignals;

    @Option(names = "--instances", description = "Private routers to start (default 1; multi-instance 3, which needs --db-url).")
    Integer instances;

    @Option(names = "--db-url", description = "External PostgreSQL for private cluster instances (jdbc:postgresql://…); a new schema is made and dropped.")
    String dbUrl;

    @Option(names = "--url", description = "Base URL of a running service; repeat it for several instances of one cluster (default: private routers).")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--admin-token", description = "Admin token of the services at --url (default: env NIJA_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--timeout-seconds", description = "Give up waiting for final states this long after the load starts (default 300; fan-out 600).")
    Integer timeoutSeconds;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the private routers' books (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Also write the report (command, machine, load average, the table) as markdown to this file.")
    Path out;

    /** The plan the options ask for: the scenario's defaults, with every option given put over them. */
    LoadPlan plan() {
        CommandLine cl = spec.commandLine();
        Scenario s;
        try {
            s = Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        LoadPlan p = LoadPlan.defaults(s);
        try {
            if (users != null) {
                p = p.withUsers(users);
            }
            if (signalsPerUser != null) {
                p = p.withSignalsPerUser(signalsPerUser);
            }
            if (sizeUsd != null) {
                p = p.withSize(sizeUsd);
            }
            if (pair != null) {
                p = p.withPair(pair);
            }
            if (concurrency != null) {
                p = p.withConcurrency(concurrency);
            }
            if (rate != null || durationSeconds != null || warmupSeconds != null) {
                p = p.withRate(rate != null ? rate : p.rate(),
                        durationSeconds != null ? Duration.ofSeconds(durationSeconds) : p.duration(),
                        warmupSeconds != null ? Duration.ofSeconds(warmupSeconds) : p.warmup());
            }
            if (subscribers != null) {
                p = p.withSubscribers(subscribers);
            }
            if (floodSignals != null) {
                p = p.withFloodSignals(floodSignals);
            }
            int n = !urls.isEmpty() ? urls.size() : instances != null ? instances : p.instances();
            p = p.withInstances(n);
            if (timeoutSeconds != null) {
                p = p.withTimeout(Duration.ofSeconds(timeoutSeconds));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        if (urls.isEmpty() && p.instances() > 1 && dbUrl == null) {
            throw new CommandLine.ParameterException(cl, p.instances() + " private instances need --db-url (one PostgreSQL for the cluster), "
                    + "or give the running instances with --url");
        }
        return p;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        LoadPlan plan = plan();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        String loadBefore = MarkdownReport.loadAverage();
        LoadResult result;
        if (urls.isEmpty()) {
            CliLogging.quietPerOrderLines();
            try (PrivateRouters routers = PrivateRouters.start(plan.instances(), seed, dbUrl)) {
                err.println("started " + (plan.instances() == 1 ? "a private router at " : plan.instances() + " private cluster instances at ")
                        + String.join(", ", routers.targets().stream().map(LoadEngine.Target::baseUrl).toList())
                        + " (data in " + String.join(", ", routers.dataDirs().stream().map(Path::toString).toList())
                        + (routers.schema() != null ? "; schema " + routers.schema() : "") + ", removed at the end)");
                result = new LoadEngine(plan, routers.targets(), new Printer(err, Progress.onTerminal())).run();
            }
        } else {
            String token = adminToken != null ? adminToken : io.nija.server.config.Environment.system().get("NIJA_ADMIN_TOKEN");
            if (token == null || token.isBlank()) {
                throw new CommandLine.ParameterException(cl, "--url needs the service's admin token: --admin-token or env NIJA_ADMIN_TOKEN");
            }
            List<LoadEngine.Target> targets = urls.stream().map(u -> new LoadEngine.Target(u.toString(), token)).toList();
            result = new LoadEngine(plan, targets, new Printer(err, Progress.onTerminal())).run();
        }
        // The last progress line, of the very numbers the table below is made of.
        err.println((Progress.onTerminal() ? "\r" : "") + "loadtest: " + Readout.progressLine(result.numbers()) + (Progress.onTerminal() ? "\u001b[K" : ""));
        err.flush();
        SummaryTable t = new SummaryTable(String.format("%nloadtest %s: %s against %s", plan.scenario().wire(), plan.describe(),
                result.target()));
        for (Readout.Row row : Readout.rows(result)) {
            t.row(row.measure(), row.value());
        }
        t.print(out);
        if (this.out != null) {
            String command = "bin/nija-router " + String.join(" ", cl.getParseResult().originalArgs());
            MarkdownReport.write(this.out, MarkdownReport.render(result, command, loadBefore, MarkdownReport.loadAverage()));
            err.println("report written to " + this.out);
        }
        LoadStats.Snapshot n = result.numbers();
        if (result.timedOut()) {
            err.println("timed out after " + plan.timeout().toSeconds() + " s with " + (n.orders() - n.finals()) + " orders not final");
        }
        return !result.timedOut() && n.refused() == 0 ? 0 : 1;
    }

    /** Set-up lines as they come; the progress line redrawn on a terminal, else printed every 5 s. */
    static final class Printer implements LoadEngine.Listener {
        private final PrintWriter err;
        private final boolean terminal;
        private long lastPlain;

        Printer(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public synchronized void setUp(String what) {
            err.println("loadtest: " + what);
            err.flush();
        }

        @Override
        public synchronized void progress(LoadStats.Snapshot s) {
            if (terminal) {
                err.print("\rloadtest: " + Readout.progressLine(s) + "\u001b[K");
                err.flush();
            } else if (System.nanoTime() - lastPlain >= 5_000_000_000L) {
                lastPlain = System.nanoTime();
                err.println("loadtest: " + Readout.progressLine(s));
                err.flush();
            }
        }
    }
}
