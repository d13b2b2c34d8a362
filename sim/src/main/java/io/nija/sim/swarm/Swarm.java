package io.nija.sim.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Runs seeds from a first one on for a wall-clock budget and sums them up. Each seed is one {@link SwarmRun},
 * single threaded and deterministic; seeds run side by side on a few threads (one per core by default), so which
 * seeds fit in the budget depends on the machine, but what each seed does never does. The wall clock only decides
 * when to stop taking new seeds.
 */
public final class Swarm {
    /** Violations shrunk per swarm run; later ones are reported with their full trail (shrinking costs replays). */
    private static final int SHRINK_AT_MOST = 3;
    private static final int SHRINK_RUNS = 300;

    /** What a swarm did. {@code violations} hold the shrunk reproductions. */
    public record Summary(long firstSeed, long seeds, long orders, long venueOrders, long steps, long sharedTrades,
                          long crashesInFlight, List<Violation> violations, List<Long> failedSeeds, Duration took) {
        public long ordersPerSecond() {
            return took.toMillis() == 0 ? orders : orders * 1000 / took.toMillis();
        }

        /** The contract's final line. */
        public String line() {
            return "seeds=" + seeds + " orders=" + orders + " violations=" + failedSeeds.size() + " orders_per_s=" + ordersPerSecond();
        }
    }

    private final LongFunction<Scenario> scenarios;
    private final Function<Scenario, SwarmRun.Outcome> runner;
    private final int threads;

    /** The standard swarm: scenarios drawn by {@link Workload}, the built-in invariants, one thread per core. */
    public Swarm() {
        this(Workload::draw, SwarmRun::run, Runtime.getRuntime().availableProcessors());
    }

    public Swarm(LongFunction<Scenario> scenarios, Function<Scenario, SwarmRun.Outcome> runner, int threads) {
        this.scenarios = scenarios;
        this.runner = runner;
        this.threads = Math.max(1, threads);
    }

    /** Runs seeds {@code firstSeed, firstSeed + 1, ...} until {@code budget} has passed (at least one seed). */
    public Summary run(long firstSeed, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        AtomicLong nextSeed = new AtomicLong(firstSeed);
        List<SwarmRun.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                do {
                    outcomes.add(runner.apply(scenarios.apply(nextSeed.getAndIncrement())));
                } while (System.nanoTime() < deadline);
            }, "swarm-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the swarm ran", e);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<SwarmRun.Outcome> all = new ArrayList<>(outcomes);
        all.sort((a, b) -> Long.compare(a.scenario().seed(), b.scenario().seed()));
        long orders = 0;
        long venueOrders = 0;
        long steps = 0;
        long sharedTrades = 0;
        long crashesInFlight = 0;
        List<Violation> violations = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        for (SwarmRun.Outcome o : all) {
            orders += o.orders();
            venueOrders += o.venueOrders();
            steps += o.steps();
            sharedTrades += o.sharedTrades();
            crashesInFlight += o.crashesInFlight();
            if (o.violated()) {
                failed.add(o.scenario().seed());
                violations.add(failed.size() <= SHRINK_AT_MOST
                        ? new Shrinker(runner, SHRINK_RUNS).shrink(o.scenario(), o.violation()) : o.violation());
            }
        }
        return new Summary(firstSeed, all.size(), orders, venueOrders, steps, sharedTrades, crashesInFlight, violations,
                failed, took);
    }

    /** The markdown report of a swarm run. */
    public static String report(Summary s, String command) {
        StringBuilder sb = new StringBuilder("# Simulation swarm\n\n")
                .append("Command: `").append(command).append("`\n\n")
                .append("| seeds | first seed | orders (acknowledged signals) | orders placed at venues | virtual steps | violations | wall time | orders/s |\n")
                .append("|---|---|---|---|---|---|---|---|\n")
                .append("| ").append(s.seeds()).append(" | ").append(s.firstSeed()).append(" | ").append(s.orders())
                .append(" | ").append(s.venueOrders()).append(" | ").append(s.steps()).append(" | ").append(s.failedSeeds().size())
                .append(" | ").append(String.format("%.1f s", s.took().toMillis() / 1000.0)).append(" | ")
                .append(s.ordersPerSecond()).append(" |\n\n")
                .append("Trades between two swarm users (one trade id, both sides routed): ").append(s.sharedTrades())
                .append("; router crashes while a call was at a venue: ").append(s.crashesInFlight()).append(".\n\n")
                .append("`").append(s.line()).append("`\n");
        if (!s.failedSeeds().isEmpty()) {
            sb.append("\n## Violations\n\nFailed seeds: ").append(s.failedSeeds()).append("\n\n");
            for (Violation v : s.violations()) {
                sb.append("```\n").append(v.describe()).append("```\n\n");
            }
        }
        return sb.toString();
    }

    /** Writes {@link #report} to {@code dir/swarm-report.md}; returns the file. */
    public static Path writeReport(Summary s, String command, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("swarm-report.md");
        Files.writeString(out, report(s, command));
        return out;
    }
}
