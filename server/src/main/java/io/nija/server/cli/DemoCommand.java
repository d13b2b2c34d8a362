package io.nija.server.cli;

import io.nija.core.engine.SignalAck;
import io.nija.core.instrument.Decimals;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.signal.SignalRequest;
import io.nija.core.user.Role;
import io.nija.core.user.UserLimits;
import io.nija.server.app.RouterApp;
import io.nija.server.app.RouterService;
import io.nija.server.app.ServeOptions;
import io.nija.server.auth.Principal;
import io.nija.server.http.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sends a burst of signals from several users through a private router and prints the result.",
                "The router runs on simulated exchanges; it prints the orders (venue chosen, fills), the resulting"
                        + " positions and a summary (filled, elapsed, p50/p99 signal-to-final).",
                "Progress is a bar on a terminal and plain lines otherwise."})
final class DemoCommand implements Callable<Integer> {
    private static final String[] PAIRS = {"BTC-USD", "ETH-USD", "SOL-USD"};
    private static final String[] TYPES = {"entry", "entry", "entry", "exit", "stop_loss", "profit_take"};

    @Option(names = "--users", defaultValue = "5", description = "Number of users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--signals", defaultValue = "20", description = "Signals in the burst (default ${DEFAULT-VALUE}).")
    int signals;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the burst and the books (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", description = "Data directory (default: a temporary one, removed at the end).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        ScratchDir scratch = dataDir == null ? ScratchDir.create("nija-demo") : null;
        Path dir = scratch != null ? scratch.path() : dataDir;
        CliLogging.quietPerOrderLines();
        System.err.println("data in " + dir + (scratch != null ? " (temporary, removed at the end)" : ""));
        // The router closes (store stopped) before its scratch directory is removed.
        try (scratch; RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, seed, false))) {
            RouterService service = app.service();
            List<String> userIds = new ArrayList<>();
            UserLimits limits = UserLimits.defaults().withTradesPerSecond(100);
            for (int i = 1; i <= users; i++) {
                String id = "demo-user-" + i;
                if (service.limitsIfExists(id) == null) {
                    service.createUser(Principal.ADMIN, id, Role.USER, limits);
                }
                userIds.add(id);
            }
            Random random = new Random(seed);
            List<String> orderIds = new ArrayList<>();
            List<Refusal> refused = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < signals; i++) {
                String user = userIds.get(random.nextInt(userIds.size()));
                String type = TYPES[random.nextInt(TYPES.length)];
                String side = type.equals("entry") ? "buy" : "sell";
                String size = String.valueOf(50 + random.nextInt(20) * 25);
                String pair = PAIRS[random.nextInt(PAIRS.length)];
                try {
                    SignalAck ack = service.submitSignal(Principal.ADMIN, new SignalRequest(user, pair, side, size, type,
                            "demo", null));
                    orderIds.addAll(ack.orderIds());
                } catch (ApiException e) {
                    // A refusal at intake is one of the burst's outcomes, as the API answers it (an exit for a pair the
                    // user holds nothing of yet: 422 no_position), not the end of the demo.
                    refused.add(new Refusal(user, pair, type, e.code(), e.getMessage()));
                }
            }
            List<Order> orders = waitForFinalStates(service, orderIds,
                    new Progress(new java.io.PrintWriter(System.err, true), Progress.onTerminal(), "orders final", orderIds.size(), t0));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            printOrders(orders);
            printRefusals(refused);
            printPositions(service.positions(Principal.ADMIN, null));
            printSummary(orders, refused, elapsed);
        }
        return 0;
    }

    private static List<Order> waitForFinalStates(RouterService service, List<String> ids, Progress progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<Order> orders = ids.stream().map(id -> service.order(Principal.ADMIN, id)).toList();
            long done = orders.stream().filter(o -> o.status().isTerminal()).count();
            long filled = orders.stream().filter(o -> o.status() == io.nija.core.order.OrderStatus.FILLED).count();
            if (done == orders.size() || System.nanoTime() > deadline) {
                progress.finish(done, filled + " filled");
                return orders;
            }
            progress.update(done, filled + " filled");
            Thread.sleep(50);
        }
    }

    /** A signal of the burst that intake refused, with the API's error code. */
    private record Refusal(String user, String pair, String type, String code, String message) {
    }

    private void printSummary(List<Order> orders, List<Refusal> refused, Duration elapsed) {
        List<Duration> latencies = orders.stream().filter(o -> o.status() == io.nija.core.order.OrderStatus.FILLED)
                .map(o -> Duration.between(o.createdAt(), o.updatedAt())).sorted().toList();
        java.util.Map<String, Long> byStatus = new java.util.TreeMap<>();
        orders.forEach(o -> byStatus.merge(o.status().wire(), 1L, Long::sum));
        java.util.Map<String, Long> byCode = new java.util.TreeMap<>();
        refused.forEach(r -> byCode.merge(r.code(), 1L, Long::sum));
        System.out.println();
        new SummaryTable("demo: " + users + " users, " + signals + " signals, seed " + seed)
                .row("signals", signals)
                .row("refused at intake", refused.isEmpty() ? "0"
                        : refused.size() + " (" + byCode.toString().replaceAll("[{}]", "") + ")")
                .row("orders", orders.size())
                .row("by status", byStatus.toString().replaceAll("[{}]", ""))
                .row("elapsed (first signal to all final)", SummaryTable.duration(elapsed))
                .row("signal->filled p50", SummaryTable.duration(SummaryTable.percentile(latencies, 50)))
                .row("signal->filled p99", SummaryTable.duration(SummaryTable.percentile(latencies, 99)))
                .print(new java.io.PrintWriter(System.out, true));
    }

    private static void printOrders(List<Order> orders) {
        System.out.printf("%-32s %-12s %-8s %-5s %-11s %-10s %-10s %-12s %-14s %s%n",
                "order", "user", "pair", "side", "type", "status", "venue", "filled qty", "avg price", "fees");
        for (Order o : orders) {
            System.out.printf("%-32s %-12s %-8s %-5s %-11s %-10s %-10s %-12s %-14s %s%n", o.orderId(), o.userId(), o.pair(),
                    o.side().wire(), o.signalType().wire(), o.status().wire(), o.venue() == null ? "-" : o.venue(),
                    Decimals.plain(o.filledQty()), o.averagePrice() == null ? "-" : o.averagePrice().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                    Decimals.plain(o.fees().setScale(6, java.math.RoundingMode.HALF_UP)));
            if (o.rejectCode() != null) {
                System.out.println("    rejected: " + o.rejectCode() + " - " + o.statusReason());
            }
        }
    }

    private static void printRefusals(List<Refusal> refused) {
        if (refused.isEmpty()) {
            return;
        }
        System.out.printf("%nrefused at intake (no order made):%n");
        for (Refusal r : refused) {
            System.out.printf("%-12s %-8s %-11s %s - %s%n", r.user(), r.pair(), r.type(), r.code(), r.message());
        }
    }

    private static void printPositions(List<Position> positions) {
        System.out.printf("%n%-12s %-10s %-8s %-14s %-14s %s%n", "user", "venue", "pair", "qty", "avg cost", "realized pnl");
        for (Position p : positions) {
            System.out.printf("%-12s %-10s %-8s %-14s %-14s %s%n", p.userId(), p.venue(), p.pair(), Decimals.plain(p.quantity()),
                    p.averageCost().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                    p.realizedPnl().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
        }
    }
}
