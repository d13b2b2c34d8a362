package io.nija.server.cli;

import io.nija.core.time.SystemClock;
import io.nija.core.time.ThreadScheduler;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.market.MarketFlow;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.state.SimState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/nija-router sim}: the exchange simulator alone (docs/simulator.md). One loopback listener per
 * exchange dialect from {@code --port-base} (binance, kraken, coinbase, alpaca, okx, bybit), each with the
 * /__sim/ admin endpoints; one {@code venue=<name> url=<base url>} line per dialect on stdout once listening
 * (logs go to stderr), then it runs until killed.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs the exchange simulator alone, one exchange dialect per loopback port.",
                "Each exchange's REST dialect listens on its own port from --port-base, in the order binance, kraken,"
                        + " coinbase, alpaca, okx, bybit.",
                "Admin endpoints on every port: POST /__sim/accounts, GET /__sim/orders, POST /__sim/faults.",
                "Prints 'venue=<name> url=<base url>' per dialect once listening, then runs until killed."})
final class SimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port-base", defaultValue = "9100",
            description = "Port of the first dialect; the others follow (default ${DEFAULT-VALUE}; 0 = any free ports).")
    int portBase;

    @Option(names = "--state-dir",
            description = "Keep accounts, orders and balances here across restarts (default: in memory only).")
    Path stateDir;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the books, ids and fault draws (default ${DEFAULT-VALUE}; an existing --state-dir keeps its own).")
    long seed;

    @Option(names = "--market-flow",
            description = "Run a seeded background flow of other traders, so prices and books move over time "
                    + "(one bounded random walk per pair that every venue's house mid takes, a small offset of each "
                    + "venue's own, and occasional market orders from a flow account).")
    boolean marketFlow;

    @Option(names = "--venues-out", paramLabel = "FILE",
            description = "Also write the venues' base URLs as the JSON object `serve --venues-from` reads "
                    + "({\"binance\": \"http://127.0.0.1:9100\", ...}), once listening.")
    Path venuesOut;

    @Override
    public Integer call() throws Exception {
        if (portBase < 0 || portBase + 5 > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port-base must be 0 or leave room for six ports below 65536: " + portBase);
        }
        SimState state = null;
        SimulatedExchanges sim;
        if (stateDir != null) {
            state = SimState.open(stateDir, seed, new SystemClock(), Sleeper.threadSleep());
            sim = state.exchanges();
            System.err.println("simulator state in " + stateDir + ": seed " + state.seed() + ", "
                    + state.replayed() + " journal entries replayed");
        } else {
            sim = new SimulatedExchanges(new SystemClock(), seed);
        }
        SimHttpServer server;
        try {
            server = SimHttpServer.start(sim, portBase);
        } catch (RuntimeException e) {
            if (state != null) {
                state.close();
            }
            throw e;
        }
        MarketFlow flow = null;
        if (marketFlow) {
            flow = new MarketFlow(sim, new ThreadScheduler(), sim.seed());
            flow.start();
        }
        MarketFlow flowing = flow;
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
        for (String venue : server.venues()) {
            urls.put(venue, server.baseUrl(venue).toString());
        }
        if (venuesOut != null) {
            // Before the lines below: whoever waits for them may read the file at once.
            io.nija.server.app.VenueConfig.write(venuesOut, urls);
        }
        urls.forEach((venue, url) -> System.out.println("venue=" + venue + " url=" + url));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        SimState closing = state;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (flowing != null) {
                flowing.close();
            }
            server.close();
            if (closing != null) {
                closing.close();
            }
            stopped.countDown();
        }, "nija-sim-shutdown"));
        stopped.await();
        return 0;
    }
}
