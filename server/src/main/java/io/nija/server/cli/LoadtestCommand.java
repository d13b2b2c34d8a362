package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.http.RateLimit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Load test over the HTTP API, ending with a summary table.",
                "Creates --users users, has each send --signals-per-user buy signals of --size-usd at once over the HTTP API,",
                "follows their orders on the event stream (GET /api/v1/events) until every one is final, then prints a summary:",
                "signals, filled, elapsed, trades per minute, p50/p99 signal-to-filled.",
                "Without --url it starts a private router (embedded store, simulated exchanges, no API rate limit) as demo does;",
                "with --url it loads that service, creating users named lt-<random>-<n> with the admin token.",
                "Progress is a bar on a terminal and plain lines otherwise."})
final class LoadtestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--users", defaultValue = "100", description = "Users to create (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--signals-per-user", defaultValue = "1", description = "Signals each user sends (default ${DEFAULT-VALUE}).")
    int signalsPerUser;

    @Option(names = "--size-usd", defaultValue = "100", description = "Size of each signal in USD (default ${DEFAULT-VALUE}).")
    BigDecimal sizeUsd;

    @Option(names = "--pair", defaultValue = "BTC-USD", description = "Pair traded (default ${DEFAULT-VALUE}).")
    String pair;

    @Option(names = "--concurrency", defaultValue = "64", description = "HTTP requests in flight at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--url", description = "Base URL of a running service (default: start a private one).")
    URI url;

    @Option(names = "--admin-token", description = "Admin token of the service at --url (default: env NIJA_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--timeout-seconds", defaultValue = "300", description = "Give up waiting for final states after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the private router's books (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", description = "Data directory of the private router (default: a temporary one, removed at the end).")
    Path dataDir;

    /** One order's end, as the event stream (or a poll) told it. */
    record Final(String status, Instant createdAt, Instant updatedAt, long receivedNanos) {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (users < 1 || signalsPerUser < 1 || concurrency < 1 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(cl, "--users, --signals-per-user, --concurrency and --timeout-seconds must be at least 1");
        }
        if (sizeUsd.signum() <= 0) {
            throw new CommandLine.ParameterException(cl, "--size-usd must be positive");
        }
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        boolean terminal = Progress.onTerminal();
        if (url == null) {
            CliLogging.quietPerOrderLines();
            ScratchDir scratch = dataDir == null ? ScratchDir.create("nija-loadtest") : null;
            Path dir = scratch != null ? scratch.path() : dataDir;
            // The router closes (store stopped) before its scratch directory is removed.
            try (scratch; RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, seed, false,
                    RateLimit.OFF))) {
                String base = "http://127.0.0.1:" + app.port();
                err.println("started a private router at " + base + " (data in " + dir
                        + (scratch != null ? ", removed at the end" : "") + ")");
                return run(base, app.adminToken().token(), out, err, terminal, "private router, in-process");
            }
        }
        String token = adminToken != null ? adminToken : io.nija.server.config.Environment.system().get("NIJA_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(cl, "--url needs the service's admin token: --admin-token or env NIJA_ADMIN_TOKEN");
        }
        String base = url.toString().replaceAll("/+$", "");
        return run(base, token, out, err, terminal, base);
    }

    private int run(String base, String admin, PrintWriter out, PrintWriter err, boolean terminal, String target) throws Exception {
        Client http = new Client(base, concurrency);
        String prefix = "lt-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)) + "-";
        Map<String, String> tokens = createUsers(http, admin, prefix, new Progress(err, terminal, "users  ", users));

        Map<String, Final> finals = new ConcurrentHashMap<>();
        EventFollower follower = new EventFollower(base, admin, finals);
        follower.start();

        int signals = users * signalsPerUser;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        Progress sending = new Progress(err, terminal, "signals", signals);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long deadline = t0 + Duration.ofSeconds(timeoutSeconds).toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < signals; i++) {
                String user = prefix + (i % users);
                String body = "{\"pair\":\"" + pair + "\",\"side\":\"buy\",\"size_usd\":\"" + sizeUsd.toPlainString()
                        + "\",\"signal_type\":\"entry\",\"strategy\":\"loadtest\",\"idempotency_key\":\"" + prefix + i + "\"}";
                pool.submit(() -> {
                    long start = System.nanoTime();
                    Client.Reply r = http.sendRetrying("POST", "/api/v1/signals", tokens.get(user), body, deadline);
                    if (r.status() == 202 && r.body() != null) {
                        accepted.incrementAndGet();
                        r.body().get("order_ids").forEach(id -> sentAt.put(id.asText(), start));
                    } else {
                        failures.add(user + ": " + r.status() + " " + abbreviate(r.raw()));
                    }
                    sending.update(sent.incrementAndGet(), null);
                });
            }
        }
        sending.finish(sent.get(), failures.isEmpty() ? null : failures.size() + " refused");

        Progress filling = new Progress(err, terminal, "final  ", sentAt.size(), t0);
        Set<String> ids = sentAt.keySet();
        long lastPoll = System.nanoTime();
        while (true) {
            long done = 0;
            long filled = 0;
            for (String id : ids) {
                Final f = finals.get(id);
                if (f != null) {
                    done++;
                    filled += f.status().equals("filled") ? 1 : 0;
                }
            }
            filling.update(done, filled + " filled");
            if (done >= ids.size() || System.nanoTime() > deadline) {
                filling.finish(done, filled + " filled");
                break;
            }
            // The stream is the fast path; if it broke or dropped events, ask for the stragglers directly.
            if (follower.unreliable() || System.nanoTime() - lastPoll > 5_000_000_000L) {
                lastPoll = System.nanoTime();
                poll(http, admin, ids, finals);
            }
            Thread.sleep(100);
        }
        follower.close();
        summarize(out, target, signals, accepted.get(), sentAt, finals, failures, t0);
        boolean allFinal = ids.stream().allMatch(finals::containsKey);
        if (!allFinal) {
            err.println("timed out after " + timeoutSeconds + " s with " + ids.stream().filter(id -> !finals.containsKey(id)).count()
                    + " orders not final");
        }
        return allFinal && failures.isEmpty() ? 0 : 1;
    }

    private Map<String, String> createUsers(Client http, String admin, String prefix, Progress progress) throws InterruptedException {
        BigDecimal maxPosition = sizeUsd.multiply(BigDecimal.valueOf(signalsPerUser * 2L)).max(new BigDecimal("1000000"));
        int tps = Math.min(100_000, Math.max(1000, signalsPerUser * 2));
        String limits = "{\"trades_per_second\":" + tps + ",\"max_position_usd\":\"" + maxPosition.toPlainString()
                + "\",\"max_order_usd\":\"" + sizeUsd.max(new BigDecimal("25000")).toPlainString() + "\",\"max_open_positions\":100}";
        Map<String, String> tokens = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger created = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < users; u++) {
                String user = prefix + u;
                pool.submit(() -> {
                    Client.Reply r = http.sendRetrying("POST", "/api/v1/users", admin,
                            "{\"user_id\":\"" + user + "\",\"limits\":" + limits + "}", deadline);
                    if (r.status() == 201) {
                        tokens.put(user, r.body().get("token").asText());
                    } else {
                        failures.add(user + ": " + r.status() + " " + abbreviate(r.raw()));
                    }
                    progress.update(created.incrementAndGet(), null);
                });
            }
        }
        progress.finish(created.get(), null);
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " users could not be created, first: " + failures.peek());
        }
        return tokens;
    }

    private static void poll(Client http, String admin, Set<String> ids, Map<String, Final> finals) throws InterruptedException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                if (finals.containsKey(id)) {
                    continue;
                }
                pool.submit(() -> {
                    Client.Reply r = http.send("GET", "/api/v1/orders/" + id, admin, null);
                    if (r.status() == 200 && r.body() != null) {
                        EventFollower.record(r.body(), finals);
                    }
                });
            }
        }
    }

    private void summarize(PrintWriter out, String target, int signals, int accepted, Map<String, Long> sentAt, Map<String, Final> finals,
                           ConcurrentLinkedQueue<String> failures, long t0) {
        List<Duration> service = new ArrayList<>();
        List<Duration> client = new ArrayList<>();
        long lastFill = t0;
        int filled = 0;
        Map<String, Integer> others = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
            Final f = finals.get(e.getKey());
            if (f == null) {
                others.merge("not final", 1, Integer::sum);
            } else if (f.status().equals("filled")) {
                filled++;
                service.add(Duration.between(f.createdAt(), f.updatedAt()));
                client.add(Duration.ofNanos(f.receivedNanos() - e.getValue()));
                lastFill = Math.max(lastFill, f.receivedNanos());
            } else {
                others.merge(f.status(), 1, Integer::sum);
            }
        }
        service.sort(null);
        client.sort(null);
        Duration elapsed = Duration.ofNanos(lastFill - t0);
        double minutes = elapsed.toNanos() / 60e9;
        SummaryTable t = new SummaryTable(String.format(Locale.ROOT, "%nloadtest: %d users x %d signals x $%s %s against %s",
                users, signalsPerUser, sizeUsd.toPlainString(), pair, target));
        t.row("signals", signals)
                .row("accepted (202)", accepted)
                .row("orders", sentAt.size())
                .row("refused", failures.size())
                .row("filled", filled)
                .row("not filled", others.isEmpty() ? "0" : others.toString().replaceAll("[{}]", ""))
                .row("elapsed (first signal to last fill)", SummaryTable.duration(elapsed))
                .row("trades/min", filled == 0 || minutes <= 0 ? "0" : String.format(Locale.ROOT, "%.0f", filled / minutes))
                .row("signal->filled p50 (service)", SummaryTable.duration(SummaryTable.percentile(service, 50)))
                .row("signal->filled p99 (service)", SummaryTable.duration(SummaryTable.percentile(service, 99)))
                .row("signal->filled p50 (client)", SummaryTable.duration(SummaryTable.percentile(client, 50)))
                .row("signal->filled p99 (client)", SummaryTable.duration(SummaryTable.percentile(client, 99)));
        t.print(out);
        if (!failures.isEmpty()) {
            out.println("first refusal: " + failures.peek());
        }
        out.flush();
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** Follows GET /api/v1/events with the admin token and records every order's final state. */
    static final class EventFollower implements AutoCloseable {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String base;
        private final String token;
        private final Map<String, Final> finals;
        private volatile boolean unreliable;
        private volatile InputStream body;
        private Thread thread;
        private final AtomicLong events = new AtomicLong();

        EventFollower(String base, String token, Map<String, Final> finals) {
            this.base = base;
            this.token = token;
            this.finals = finals;
        }

        void start() throws IOException, InterruptedException {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                unreliable = true;
                return;
            }
            body = r.body();
            thread = Thread.ofVirtual().name("loadtest-events").start(this::read);
        }

        boolean unreliable() {
            return unreliable;
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                        if (event.equals("stream.dropped")) {
                            unreliable = true;
                        }
                    } else if (line.startsWith("data: ") && "order.updated".equals(event)) {
                        events.incrementAndGet();
                        record(JSON.readTree(line.substring(6)).get("order"), finals);
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
            } catch (IOException e) {
                // closed, or the service went away: fall back to polling
            }
            unreliable = true;
        }

        static void record(JsonNode order, Map<String, Final> finals) {
            String status = order.get("status").asText();
            if (Set.of("filled", "rejected", "failed", "cancelled").contains(status)) {
                finals.putIfAbsent(order.get("order_id").asText(), new Final(status,
                        Instant.parse(order.get("created_at").asText()), Instant.parse(order.get("updated_at").asText()),
                        System.nanoTime()));
            }
        }

        @Override
        public void close() {
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            if (thread != null) {
                thread.interrupt();
            }
            client.close();
        }
    }

    /** JSON over HTTP with a bound on requests in flight; 429 answers are retried after their Retry-After. */
    static final class Client {
        record Reply(int status, JsonNode body, String raw, long retryAfterSeconds) {
        }

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        private final String base;
        private final Semaphore inFlight;

        Client(String base, int concurrency) {
            this.base = base;
            this.inFlight = new Semaphore(concurrency);
        }

        Reply send(String method, String path, String token, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            try {
                inFlight.acquire();
                try {
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode node = null;
                    try {
                        node = r.body().isEmpty() ? null : JSON.readTree(r.body());
                    } catch (IOException e) {
                        // not JSON
                    }
                    return new Reply(r.statusCode(), node, r.body(), r.headers().firstValueAsLong("Retry-After").orElse(1));
                } finally {
                    inFlight.release();
                }
            } catch (IOException e) {
                return new Reply(0, null, e.toString(), 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reply(0, null, "interrupted", 1);
            }
        }

        /** Retries 429 (after Retry-After) and connection failures (after a second) until {@code deadline}. */
        Reply sendRetrying(String method, String path, String token, String body, long deadline) {
            while (true) {
                Reply r = send(method, path, token, body);
                boolean retry = r.status() == 429 || r.status() == 0 || r.status() == 503;
                if (!retry || System.nanoTime() > deadline) {
                    return r;
                }
                long wait = 1000L * Math.max(1, Math.min(30, r.retryAfterSeconds()));
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return r;
                }
            }
        }
    }
}
