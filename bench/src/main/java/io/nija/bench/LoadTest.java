package io.nija.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The design's load test, over the real HTTP API: {@code --users} users (1 000) each send
 * {@code --signals-per-user} (1) ${@code --size-usd} (100) BTC-USD entries, all at once, to a service started
 * in-process on a random port with an embedded PostgreSQL store and the six simulated venues (paper trading).
 *
 * <p>Users are created first over HTTP with the admin token (not timed). Then every signal is posted at once
 * from virtual threads through at most {@code --concurrency} (64) connections (Jetty resets connections when
 * a thousand open in the same instant; the router itself queues far more than 64 signals). The clock starts
 * just before the first POST and stops at the {@code updated_at} of the last order to reach {@code filled}.
 *
 * <p>Reported: elapsed to the last fill, throughput (filled trades per minute over that time), success rate,
 * p50/p99 of signal-to-filled latency (the order's {@code created_at} to its {@code updated_at} when filled,
 * both stamped by the service; also from the client's POST and from the burst start) and the router's own
 * {@code nija_routing_latency_seconds} histogram from {@code /metrics}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.nija.bench.LoadTest --out bench/results/loadtest-DATE.md}
 */
public final class LoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Users created at once during the (untimed) set-up. */
    private static final int USER_SETUP_CONCURRENCY = 8;

    /** What to run. {@code dataDir} null = a fresh temporary directory, deleted afterwards. */
    public record Options(int users, int signalsPerUser, BigDecimal sizeUsd, String pair, int concurrency,
                          int warmupSignals, Duration timeout, long seed, Path dataDir, Path out) {
        public static Options defaults() {
            return new Options(1000, 1, new BigDecimal("100"), "BTC-USD", 64, 0, Duration.ofMinutes(5), 7, null, null);
        }

        public Options withUsers(int n) {
            return new Options(n, signalsPerUser, sizeUsd, pair, concurrency, warmupSignals, timeout, seed, dataDir, out);
        }

        public Options withDataDir(Path dir) {
            return new Options(users, signalsPerUser, sizeUsd, pair, concurrency, warmupSignals, timeout, seed, dir, out);
        }

        public int signals() {
            return users * signalsPerUser;
        }

        static Options parse(String[] args) {
            Options o = defaults();
            int users = o.users;
            int perUser = o.signalsPerUser;
            BigDecimal size = o.sizeUsd;
            String pair = o.pair;
            int concurrency = o.concurrency;
            int warmup = o.warmupSignals;
            Duration timeout = o.timeout;
            long seed = o.seed;
            Path dataDir = null;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
                }
                String v = args[++i];
                switch (a) {
                    case "--users" -> users = positive(a, Integer.parseInt(v));
                    case "--signals-per-user" -> perUser = positive(a, Integer.parseInt(v));
                    case "--size-usd" -> size = new BigDecimal(v);
                    case "--pair" -> pair = v;
                    case "--concurrency" -> concurrency = positive(a, Integer.parseInt(v));
                    case "--warmup" -> warmup = Math.max(0, Integer.parseInt(v));
                    case "--timeout-seconds" -> timeout = Duration.ofSeconds(positive(a, Integer.parseInt(v)));
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--data-dir" -> dataDir = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                }
            }
            return new Options(users, perUser, size, pair, concurrency, warmup, timeout, seed, dataDir, out);
        }

        private static int positive(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return v;
        }
    }

    static final String USAGE = """
            usage: LoadTest [--users 1000] [--signals-per-user 1] [--size-usd 100] [--pair BTC-USD]
                            [--concurrency 64] [--warmup 0] [--timeout-seconds 300] [--seed 7]
                            [--data-dir DIR] [--out FILE]
              --concurrency  HTTP requests in flight at once (connections of the client pool)
              --warmup       signals sent (from separate warm-up users, not measured) before the timed burst
              --data-dir     where the embedded PostgreSQL lives (default: a temporary directory, deleted after)
              --out          also write the report (markdown) to FILE""";

    /** One order of the burst as it ended, with when the client sent its signal. */
    public record Outcome(String orderId, String userId, String venue, OrderStatus status, String reason,
                          Instant createdAt, Instant updatedAt, Instant sentAt, Instant ackedAt) {
    }

    /** Everything measured. Durations are wall-clock; instants come from the service's system clock. */
    public record Result(Options options, Instant burstStart, Duration submitDuration, Duration elapsedToLastFill,
                         Duration elapsedToAllFinal, int signals, int accepted, List<String> httpFailures,
                         List<Outcome> outcomes, boolean timedOut, String metrics, Duration userSetup,
                         Duration warmupDuration, String loadAverageBefore) {
        public long filled() {
            return outcomes.stream().filter(o -> o.status() == OrderStatus.FILLED).count();
        }

        public double successRate() {
            return signals == 0 ? 0 : (double) filled() / signals;
        }

        public double tradesPerMinute() {
            double seconds = elapsedToLastFill.toNanos() / 1e9;
            return seconds <= 0 ? 0 : filled() / seconds * 60;
        }

        /** Service side: the order's created_at (signal stored) to its updated_at when it reached filled. */
        public List<Duration> serverLatencies() {
            return filledOutcomes().map(o -> Duration.between(o.createdAt(), o.updatedAt())).sorted().toList();
        }

        /** Client side: the POST of the signal leaving the client to the fill. */
        public List<Duration> clientLatencies() {
            return filledOutcomes().map(o -> Duration.between(o.sentAt(), o.updatedAt())).sorted().toList();
        }

        /** Client side: the POST of the signal leaving the client to its 202 (the signal is stored by then). */
        public List<Duration> ackLatencies() {
            return outcomes.stream().map(o -> Duration.between(o.sentAt(), o.ackedAt())).sorted().toList();
        }

        /** From the start of the burst (every signal "sent" at once, as in the design's test) to each fill. */
        public List<Duration> burstLatencies() {
            return filledOutcomes().map(o -> Duration.between(burstStart, o.updatedAt())).sorted().toList();
        }

        private java.util.stream.Stream<Outcome> filledOutcomes() {
            return outcomes.stream().filter(o -> o.status() == OrderStatus.FILLED);
        }
    }

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        Result result = run(options);
        String report = report(result, args);
        System.out.println(report);
        if (options.out() != null) {
            Path parent = options.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
            System.out.println("report written to " + options.out());
        }
        System.exit(result.timedOut() ? 1 : 0);
    }

    /** Starts the service, runs the burst, stops the service; deletes the data dir if it made it. */
    public static Result run(Options o) throws Exception {
        String loadBefore = loadAverage().orElse("unknown");
        boolean tempDir = o.dataDir() == null;
        Path dataDir = tempDir ? Files.createTempDirectory("nija-loadtest") : o.dataDir();
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dataDir, null, null, null, o.seed(), false))) {
            return burst(app, o, loadBefore);
        } finally {
            if (tempDir) {
                deleteTree(dataDir);
            }
        }
    }

    private static Result burst(RouterApp app, Options o, String loadBefore) throws Exception {
        Client http = new Client(app.port(), o.concurrency());
        String admin = app.adminToken().token();

        long setupStart = System.nanoTime();
        Map<String, String> tokens = createUsers(http, admin, "lt-user-", o.users(), o);
        Duration userSetup = Duration.ofNanos(System.nanoTime() - setupStart);

        Duration warmup = Duration.ZERO;
        if (o.warmupSignals() > 0) {
            long w = System.nanoTime();
            int warmUsers = Math.min(o.warmupSignals(), 100);
            Map<String, String> warmTokens = createUsers(http, admin, "lt-warmup-", warmUsers, o);
            Fired fired = fire(http, warmTokens, "lt-warmup-", warmUsers, o.warmupSignals(), o, "w");
            awaitFinal(app, fired.sentAt().keySet(), o.timeout());
            warmup = Duration.ofNanos(System.nanoTime() - w);
        }

        Instant burstStart = Instant.now();
        long t0 = System.nanoTime();
        Fired fired = fire(http, tokens, "lt-user-", o.users(), o.signals(), o, "s");
        Duration submit = Duration.ofNanos(System.nanoTime() - t0);

        Map<String, Order> finals = awaitFinal(app, fired.sentAt().keySet(), o.timeout());
        boolean timedOut = finals.size() < fired.sentAt().size();
        List<Outcome> outcomes = new ArrayList<>(fired.sentAt().size());
        for (Map.Entry<String, Instant> e : fired.sentAt().entrySet()) {
            Order order = finals.get(e.getKey());
            if (order == null) {
                order = app.store().findOrder(e.getKey()).orElseThrow();
            }
            outcomes.add(new Outcome(order.orderId(), order.userId(), order.venue(), order.status(),
                    order.status() == OrderStatus.FILLED ? null : order.rejectCode() + " " + order.statusReason(),
                    order.createdAt(), order.updatedAt(), e.getValue(), fired.ackedAt().get(e.getKey())));
        }
        Instant lastFill = outcomes.stream().filter(x -> x.status() == OrderStatus.FILLED).map(Outcome::updatedAt)
                .max(Comparator.naturalOrder()).orElse(burstStart);
        Instant lastFinal = outcomes.stream().map(Outcome::updatedAt).max(Comparator.naturalOrder()).orElse(burstStart);
        String metrics = http.send("GET", "/metrics", null, null).raw();
        return new Result(o, burstStart, submit, Duration.between(burstStart, lastFill), Duration.between(burstStart, lastFinal),
                o.signals(), fired.sentAt().size(), List.copyOf(fired.failures()), outcomes, timedOut, metrics, userSetup, warmup,
                loadBefore);
    }

    private static Map<String, String> createUsers(Client http, String admin, String prefix, int users, Options o)
            throws InterruptedException {
        BigDecimal maxPosition = o.sizeUsd().multiply(BigDecimal.valueOf(o.signalsPerUser() * 2L)).max(new BigDecimal("1000000"));
        int tps = Math.min(100_000, Math.max(1000, o.signalsPerUser() * 2));
        String limits = "{\"trades_per_second\":" + tps + ",\"max_position_usd\":\"" + maxPosition.toPlainString()
                + "\",\"max_order_usd\":\"" + o.sizeUsd().max(new BigDecimal("25000")).toPlainString()
                + "\",\"max_open_positions\":100}";
        Map<String, String> tokens = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        // Set-up is not timed: a few users at a time, so a machine shared with other work does not time out the
        // store's connection pool while each user's paper accounts are opened.
        Semaphore setup = new Semaphore(USER_SETUP_CONCURRENCY);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < users; u++) {
                String user = prefix + u;
                pool.submit(() -> {
                    setup.acquireUninterruptibly();
                    try {
                        Reply r = http.send("POST", "/api/v1/users", admin, "{\"user_id\":\"" + user + "\",\"limits\":" + limits + "}");
                        if (r.status() == 201) {
                            tokens.put(user, r.body().get("token").asText());
                        } else {
                            failures.add(user + ": " + r.status() + " " + r.raw());
                        }
                    } catch (RuntimeException e) {
                        failures.add(user + ": " + e);
                    } finally {
                        setup.release();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " users could not be created, first: " + failures.peek());
        }
        return tokens;
    }

    private record Fired(Map<String, Instant> sentAt, Map<String, Instant> ackedAt, Collection<String> failures) {
    }

    /** Posts {@code signals} entries at once; signal i belongs to user i mod users. Returns order id -> POST time. */
    private static Fired fire(Client http, Map<String, String> tokens, String prefix, int users, int signals, Options o,
                              String keyPrefix) throws InterruptedException {
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Map<String, Instant> ackedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < signals; i++) {
                int n = i;
                pool.submit(() -> {
                    String user = prefix + (n % users);
                    String body = "{\"pair\":\"" + o.pair() + "\",\"side\":\"buy\",\"size_usd\":\"" + o.sizeUsd().toPlainString()
                            + "\",\"signal_type\":\"entry\",\"strategy\":\"loadtest\",\"idempotency_key\":\"" + keyPrefix + n + "\"}";
                    try {
                        Reply r = http.send("POST", "/api/v1/signals", tokens.get(user), body);
                        if (r.status() != 202 || r.body() == null) {
                            failures.add(user + ": " + r.status() + " " + r.raw());
                        } else {
                            r.body().get("order_ids").forEach(id -> {
                                ackedAt.put(id.asText(), r.receivedAt());
                                sentAt.put(id.asText(), r.sentAt());
                            });
                        }
                    } catch (RuntimeException e) {
                        failures.add(user + ": " + e);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        return new Fired(sentAt, ackedAt, failures);
    }

    /** Polls the store until every order is final (or the timeout passes); returns the final orders by id. */
    private static Map<String, Order> awaitFinal(RouterApp app, Collection<String> ids, Duration timeout)
            throws InterruptedException {
        Map<String, Order> finals = new HashMap<>();
        List<String> open = new ArrayList<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (Iterator<String> it = open.iterator(); it.hasNext(); ) {
                String id = it.next();
                Optional<Order> order = app.store().findOrder(id);
                if (order.isPresent() && order.get().status().isTerminal()) {
                    finals.put(id, order.get());
                    it.remove();
                }
            }
            if (!open.isEmpty()) {
                Thread.sleep(50);
            }
        }
        return finals;
    }

    // --- report ---------------------------------------------------------------------------------------

    static String report(Result r, String[] args) {
        Options o = r.options();
        StringBuilder s = new StringBuilder();
        s.append("# Load test: ").append(o.users()).append(" users x ").append(o.signalsPerUser()).append(" x $")
                .append(o.sizeUsd().toPlainString()).append(' ').append(o.pair()).append(" entry, all at once, over HTTP\n\n");
        s.append("Date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        s.append("## Command\n\n```sh\n");
        s.append("JAVA_HOME=$(bin/find-java)\n");
        s.append("\"$JAVA_HOME/bin/java\" -cp bench/target/benchmarks.jar io.nija.bench.LoadTest");
        for (String a : args) {
            s.append(' ').append(a);
        }
        s.append("\n```\n\nProcess command line: `")
                .append(ProcessHandle.current().info().commandLine().orElse("(unavailable)")).append("`\n\n");
        s.append("## Machine\n\n");
        machine(s);
        s.append("- load average just before the run (1/5/15 min): ").append(r.loadAverageBefore())
                .append(" (other processes on the machine share the ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores)\n");
        s.append("\n## Set-up\n\n");
        s.append("- service: `RouterApp.start` in this JVM, HTTP on 127.0.0.1 (random port), embedded PostgreSQL in a ")
                .append(o.dataDir() == null ? "fresh temporary" : "given").append(" data dir, the six simulated venues in-process (seed ")
                .append(o.seed()).append("), default engine config\n");
        s.append("- client: java.net.http (HTTP/1.1), one virtual thread per signal, at most ").append(o.concurrency())
                .append(" requests in flight\n");
        s.append("- users created over `POST /api/v1/users` first (not timed): ").append(fmt(r.userSetup())).append('\n');
        s.append("- warm-up: ").append(o.warmupSignals() == 0 ? "none (cold JVM, as the design's test)"
                : o.warmupSignals() + " signals from separate users, " + fmt(r.warmupDuration())).append('\n');
        s.append("- clock starts just before the first `POST /api/v1/signals`; stops at the `updated_at` of the last order")
                .append(" to reach `filled` (orders polled from the store every 50 ms until all are final)\n");

        s.append("\n## Results\n\n");
        s.append("| measure | value |\n|---|---|\n");
        row(s, "signals sent", String.valueOf(r.signals()));
        row(s, "accepted (202)", String.valueOf(r.accepted()));
        row(s, "HTTP failures", String.valueOf(r.httpFailures().size()));
        row(s, "filled", String.valueOf(r.filled()));
        row(s, "success rate", String.format(Locale.ROOT, "%.1f %%", r.successRate() * 100));
        row(s, "**elapsed to last fill**", "**" + fmt(r.elapsedToLastFill()) + "**");
        row(s, "elapsed to every order final", fmt(r.elapsedToAllFinal()));
        row(s, "all signals acknowledged (202) after", fmt(r.submitDuration()));
        row(s, "**throughput**", String.format(Locale.ROOT, "**%,.0f trades/min** (%,.1f trades/s)", r.tradesPerMinute(),
                r.tradesPerMinute() / 60));
        row(s, "timed out", r.timedOut() ? "yes (" + o.timeout().toSeconds() + " s)" : "no");

        s.append("\n### Signal to filled latency (filled orders)\n\n");
        s.append("| measured from | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n");
        latencyRow(s, "order `created_at` (signal stored by the service) to `updated_at` when filled", r.serverLatencies());
        latencyRow(s, "client sends the POST to filled", r.clientLatencies());
        latencyRow(s, "burst start (all signals \"sent at once\") to filled", r.burstLatencies());
        s.append("\nFor comparison, `POST /api/v1/signals` round trip (request sent to 202, every accepted signal): ");
        List<Duration> acks = r.ackLatencies();
        s.append("p50 ").append(fmt(percentile(acks, 50))).append(", p90 ").append(fmt(percentile(acks, 90)))
                .append(", p99 ").append(fmt(percentile(acks, 99))).append(", max ")
                .append(fmt(acks.isEmpty() ? null : acks.get(acks.size() - 1))).append(".\n");

        s.append("\n### Venues chosen\n\n| venue | orders | filled |\n|---|---|---|\n");
        Map<String, long[]> byVenue = new TreeMap<>();
        for (Outcome x : r.outcomes()) {
            long[] c = byVenue.computeIfAbsent(x.venue() == null ? "(none)" : x.venue(), k -> new long[2]);
            c[0]++;
            if (x.status() == OrderStatus.FILLED) {
                c[1]++;
            }
        }
        byVenue.forEach((v, c) -> s.append("| ").append(v).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" |\n"));

        s.append("\n### Routing latency (`nija_routing_latency_seconds` from `/metrics`)\n\n");
        routingHistogram(s, r.metrics());

        List<String> problems = new ArrayList<>(r.httpFailures());
        r.outcomes().stream().filter(x -> x.status() != OrderStatus.FILLED)
                .forEach(x -> problems.add(x.orderId() + " " + x.status().wire() + ": " + x.reason()));
        if (!problems.isEmpty()) {
            s.append("\n### Not filled (first 20 of ").append(problems.size()).append(")\n\n");
            problems.stream().limit(20).forEach(p -> s.append("- ").append(p).append('\n'));
        }
        return s.toString();
    }

    private static void machine(StringBuilder s) {
        s.append("- nproc (availableProcessors): ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        cpuModel().ifPresent(m -> s.append("- cpu: ").append(m).append('\n'));
        memTotal().ifPresent(m -> s.append("- memory: ").append(m).append('\n'));
        s.append("- os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        s.append("- max heap: ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB\n");
        s.append("- java -version:\n\n```\n").append(javaVersion()).append("```\n");
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + " / " + f[1] + " / " + f[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The output of this very JVM's {@code java -version}; the runtime properties if it cannot be run. */
    private static String javaVersion() {
        String fallback = System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + "\n";
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return fallback;
        }
        try {
            Process p = new ProcessBuilder(java.get(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : fallback;
        } catch (IOException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    private static void row(StringBuilder s, String k, String v) {
        s.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static void latencyRow(StringBuilder s, String what, List<Duration> sorted) {
        s.append("| ").append(what).append(" | ").append(fmt(percentile(sorted, 50))).append(" | ")
                .append(fmt(percentile(sorted, 90))).append(" | ").append(fmt(percentile(sorted, 99))).append(" | ")
                .append(fmt(sorted.isEmpty() ? null : sorted.get(sorted.size() - 1))).append(" |\n");
    }

    /** Nearest-rank percentile of an ascending list; null when empty. */
    static Duration percentile(List<Duration> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String fmt(Duration d) {
        if (d == null) {
            return "-";
        }
        double ms = d.toNanos() / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static final Pattern BUCKET = Pattern.compile("^nija_routing_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)");
    private static final Pattern SCALAR = Pattern.compile("^nija_routing_latency_seconds_(count|sum|max)(?:\\{[^}]*})?\\s+(\\S+)");

    /** The routing timer's Prometheus histogram: count, mean, max, percentiles estimated from buckets, the buckets. */
    static void routingHistogram(StringBuilder s, String metrics) {
        if (metrics == null) {
            s.append("(no /metrics answer)\n");
            return;
        }
        Map<Double, Double> cumulative = new TreeMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (String line : metrics.split("\n")) {
            Matcher b = BUCKET.matcher(line);
            if (b.find()) {
                double le = b.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.group(1));
                cumulative.put(le, Double.parseDouble(b.group(2)));
                continue;
            }
            Matcher m = SCALAR.matcher(line);
            if (m.find()) {
                scalars.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        double count = scalars.getOrDefault("count", 0.0);
        if (count == 0 || cumulative.isEmpty()) {
            s.append("(no routing decisions recorded)\n");
            return;
        }
        s.append(String.format(Locale.ROOT, "decisions: %.0f, mean %.1f µs, max %.1f µs (max is over the timer's recent window); "
                        + "from the buckets: p50 <= %s, p90 <= %s, p99 <= %s\n\n",
                count, scalars.getOrDefault("sum", 0.0) / count * 1e6, scalars.getOrDefault("max", 0.0) * 1e6,
                bucketQuantile(cumulative, count, 0.50), bucketQuantile(cumulative, count, 0.90),
                bucketQuantile(cumulative, count, 0.99)));
        s.append("| le (upper bound) | decisions in bucket | cumulative |\n|---|---|---|\n");
        double previous = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double inBucket = e.getValue() - previous;
            previous = e.getValue();
            if (inBucket > 0) {
                s.append("| ").append(seconds(e.getKey())).append(" | ").append(String.format(Locale.ROOT, "%.0f", inBucket))
                        .append(" | ").append(String.format(Locale.ROOT, "%.0f", e.getValue())).append(" |\n");
            }
        }
    }

    private static String bucketQuantile(Map<Double, Double> cumulative, double count, double q) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= q * count) {
                return seconds(e.getKey());
            }
        }
        return "+Inf";
    }

    private static String seconds(double s) {
        if (Double.isInfinite(s)) {
            return "+Inf";
        }
        return s >= 1e-3 ? String.format(Locale.ROOT, "%.3f ms", s * 1e3) : String.format(Locale.ROOT, "%.1f µs", s * 1e6);
    }

    // --- HTTP -----------------------------------------------------------------------------------------

    record Reply(int status, JsonNode body, String raw, Instant sentAt, Instant receivedAt) {
    }

    /** JSON over HTTP/1.1 with at most {@code concurrency} requests (and so connections) in flight. */
    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;
        private final Semaphore inFlight;

        Client(int port, int concurrency) {
            this.base = "http://127.0.0.1:" + port;
            this.inFlight = new Semaphore(concurrency);
        }

        Reply send(String method, String path, String token, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            inFlight.acquireUninterruptibly();
            try {
                Instant sent = Instant.now();
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(r.statusCode(), parse(r.body()), r.body(), sent, Instant.now());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.release();
            }
        }

        private static JsonNode parse(String s) {
            if (s == null || s.isEmpty() || !(s.startsWith("{") || s.startsWith("["))) {
                return null;
            }
            try {
                return JSON.readTree(s);
            } catch (IOException e) {
                return null;
            }
        }
    }

    static void deleteTree(Path root) {
        try {
            io.nija.server.cli.ScratchDir.delete(root);
        } catch (java.io.UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e.getCause().getMessage());
        }
    }
}
