package io.nija.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one load generator: carries out a {@link LoadPlan} against one or more running services over their HTTP API
 * (the CLI's {@code loadtest} and the bench's {@code LoadTest} both run it). Users (and, for the fan-out, a strategy
 * and subscriptions) are made first with the admin token, untimed; then the signals go out on the plan's schedule,
 * open loop, each from a virtual thread through its pool's bounded connections; orders are followed on every
 * service's event stream until each is final, and each service's heap is read from {@code /metrics} once a second.
 *
 * <p>Signal→ack is measured from the moment the signal was due (its scheduled time; in a burst, the moment its request
 * left, since all are due at once and the pool's bound is the client's, not the service's) to its 202; signal→fill
 * from the same moment to the fill event's arrival, and also service-side as the order's {@code created_at} to its
 * {@code updated_at} when filled.
 */
public final class LoadEngine {
    private static final Set<String> FINAL = Set.of("filled", "rejected", "failed", "cancelled");
    private static final Set<String> AT_VENUE = Set.of("executing", "partial_fill", "filled", "unknown");
    private static final int SETUP_CONCURRENCY = 8;
    /** No new final state for this long, and none of the orders seen unfinished: stop waiting for the rest. */
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final String STRATEGY_SECRET_PREFIX = "loadtest-webhook-secret-";
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)");

    /** A service to load: its base URL (no trailing slash) and admin token. */
    public record Target(String baseUrl, String adminToken) {
        public Target {
            baseUrl = baseUrl.replaceAll("/+$", "");
        }
    }

    /** Told what happens: a line about the set-up, and a snapshot about once a second while the load runs. */
    public interface Listener {
        void setUp(String what);

        void progress(LoadStats.Snapshot snapshot);

        Listener SILENT = new Listener() {
            @Override
            public void setUp(String what) {
            }

            @Override
            public void progress(LoadStats.Snapshot snapshot) {
            }
        };
    }

    /** One order the run follows: when its signal was due and in which phase; finished once, when final. */
    private static final class Track {
        final String phase;
        final long sentNanos;
        boolean atVenue;
        boolean done;

        Track(String phase, long sentNanos) {
            this.phase = phase;
            this.sentNanos = sentNanos;
        }
    }

    private final LoadPlan plan;
    private final List<Target> targets;
    private final Listener listener;
    private final String prefix;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    /** Final orders seen on a stream before their 202 named them. */
    private final Map<String, JsonNode> early = new ConcurrentHashMap<>();
    private final Map<String, Long> earlyNanos = new ConcurrentHashMap<>();
    private final Set<String> limitedUsers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ordersOfLimitedUsers = new AtomicInteger();
    private volatile LoadStats stats;
    private volatile long fanOutSentNanos;

    public LoadEngine(LoadPlan plan, List<Target> targets, Listener listener) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no service to load");
        }
        this.plan = plan;
        this.targets = List.copyOf(targets);
        this.listener = listener;
        this.prefix = "lt-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)) + "-";
    }

    /** User ids of this run start with it (lt-&lt;random&gt;-). */
    public String userPrefix() {
        return prefix;
    }

    public LoadResult run() throws InterruptedException {
        long setupDeadline = System.nanoTime() + plan.timeout().toNanos();
        Map<Integer, String> tokens;
        try (LoadClient setup = new LoadClient(SETUP_CONCURRENCY)) {
            tokens = createUsers(setup, setupDeadline);
            if (plan.scenario() == Scenario.FAN_OUT) {
                subscribe(setup, tokens, setupDeadline);
            }
        }
        List<OrderFollower> followers = new ArrayList<>();
        for (Target t : targets) {
            OrderFollower f = new OrderFollower(t.baseUrl(), t.adminToken(), this::onOrder);
            f.start();
            followers.add(f);
        }
        List<LoadPlan.Shot> shots = plan.shots();
        long planned = plan.scenario() == Scenario.FAN_OUT ? 1 : shots.size();
        stats = new LoadStats(planned, plan.measuredPhases(), targets.size(), System::nanoTime);
        Thread heap = Thread.ofVirtual().name("loadtest-heap").start(this::sampleHeap);
        LoadResult.FanOutAnswer answer = null;
        try (LoadClient main = new LoadClient(plan.concurrency());
             LoadClient quiet = new LoadClient(Math.min(plan.concurrency(), 8));
             LoadClient flood = new LoadClient(plan.concurrency())) {
            if (plan.scenario() == Scenario.FAN_OUT) {
                answer = alert(main);
            } else {
                send(shots, tokens, Map.of(LoadPlan.MAIN, main, LoadPlan.QUIET_POOL, quiet, LoadPlan.FLOOD_POOL, flood));
            }
            boolean timedOut = awaitFinal(main, followers);
            LoadStats.Snapshot last = stats.snapshot();
            listener.progress(last);
            if (answer != null) {
                answer = new LoadResult.FanOutAnswer(answer.status(), answer.body(), answer.took(), ordersOfLimitedUsers.get());
            }
            return new LoadResult(plan, describeTargets(), last, answer, timedOut);
        } finally {
            heap.interrupt();
            followers.forEach(OrderFollower::close);
        }
    }

    private String describeTargets() {
        return targets.size() == 1 ? targets.get(0).baseUrl()
                : targets.size() + " instances: " + String.join(", ", targets.stream().map(Target::baseUrl).toList());
    }

    private Target targetOf(int user) {
        return targets.get(user % targets.size());
    }

    // --- set-up -----------------------------------------------------------------------------------------------

    private Map<Integer, String> createUsers(LoadClient http, long deadline) throws InterruptedException {
        int n = plan.usersToCreate();
        long busiest = plan.scenario() == Scenario.FAN_OUT ? 1 : plan.signalsOfBusiestUser();
        BigDecimal size = plan.scenario() == Scenario.FAN_OUT ? LoadPlan.SUBSCRIPTION_USD : plan.sizeUsd();
        BigDecimal maxPosition = size.multiply(BigDecimal.valueOf(busiest * 2)).max(new BigDecimal("1000000"));
        long tps = Math.min(100_000, Math.max(1000, busiest * 2));
        String limits = "{\"trades_per_second\":" + tps + ",\"max_position_usd\":\"" + maxPosition.toPlainString()
                + "\",\"max_order_usd\":\"" + size.max(new BigDecimal("25000")).toPlainString() + "\",\"max_open_positions\":100}";
        // Below the subscription's $10: admission must refuse these subscribers' signals.
        String limited = "{\"trades_per_second\":1000,\"max_order_usd\":\"5\"}";
        Map<Integer, String> tokens = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger created = new AtomicInteger();
        listener.setUp("creating " + n + " users");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < n; u++) {
                int user = u;
                pool.submit(() -> {
                    String id = prefix + user;
                    boolean isLimited = plan.limitedSubscriber(user);
                    if (isLimited) {
                        limitedUsers.add(id);
                    }
                    Target t = targetOf(user);
                    LoadClient.Reply r = http.sendRetrying(t.baseUrl(), "POST", "/api/v1/users", t.adminToken(),
                            "{\"user_id\":\"" + id + "\",\"limits\":" + (isLimited ? limited : limits) + "}", deadline);
                    if (r.status() == 201 && r.body() != null) {
                        tokens.put(user, r.body().get("token").asText());
                    } else {
                        failures.add(id + ": " + r.status() + " " + Readout.abbreviate(r.raw(), 160));
                    }
                    int c = created.incrementAndGet();
                    if (c % 1000 == 0) {
                        listener.setUp("created " + c + "/" + n + " users");
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " users could not be created, first: " + failures.peek());
        }
        return tokens;
    }

    private String strategy() {
        return prefix + "alerts";
    }

    private void subscribe(LoadClient http, Map<Integer, String> tokens, long deadline) throws InterruptedException {
        Target first = targets.get(0);
        LoadClient.Reply s = http.sendRetrying(first.baseUrl(), "POST", "/api/v1/strategies", first.adminToken(),
                "{\"strategy\":\"" + strategy() + "\",\"secret\":\"" + STRATEGY_SECRET_PREFIX + prefix + "\"}", deadline);
        if (s.status() != 201) {
            throw new IllegalStateException("could not create the strategy: " + s.status() + " " + s.raw());
        }
        listener.setUp("subscribing " + plan.subscribers() + " users to " + strategy());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < plan.subscribers(); u++) {
                int user = u;
                pool.submit(() -> {
                    Target t = targetOf(user);
                    LoadClient.Reply r = http.sendRetrying(t.baseUrl(), "PUT", "/api/v1/users/" + prefix + user
                                    + "/subscriptions/" + strategy(), tokens.get(user),
                            "{\"fixed_usd\":\"" + LoadPlan.SUBSCRIPTION_USD.toPlainString() + "\"}", deadline);
                    if (r.status() != 204) {
                        failures.add(prefix + user + ": " + r.status() + " " + Readout.abbreviate(r.raw(), 160));
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " subscriptions failed, first: " + failures.peek());
        }
    }

    // --- load -------------------------------------------------------------------------------------------------

    private LoadResult.FanOutAnswer alert(LoadClient http) {
        Target t = targets.get(0);
        stats.ordersExpected(plan.subscribersTrading());
        String body = "{\"secret\":\"" + STRATEGY_SECRET_PREFIX + prefix + "\",\"ticker\":\"" + plan.pair()
                + "\",\"action\":\"buy\",\"alert_id\":\"" + prefix + "alert\"}";
        long t0 = System.nanoTime();
        fanOutSentNanos = t0;
        stats.sent(LoadPlan.PHASE_FAN_OUT, t0);
        LoadClient.Reply r = http.send(t.baseUrl(), "POST", "/webhooks/tradingview/" + strategy(), null, body);
        long took = System.nanoTime() - t0;
        if (r.status() == 202) {
            stats.accepted(LoadPlan.PHASE_FAN_OUT, t0, t0 + took, 0);
        } else {
            stats.refused("webhook: " + r.status() + " " + r.raw());
        }
        return new LoadResult.FanOutAnswer(r.status(), r.raw(), Duration.ofNanos(took), 0);
    }

    private void send(List<LoadPlan.Shot> shots, Map<Integer, String> tokens, Map<String, LoadClient> pools)
            throws InterruptedException {
        long start = stats.startNanos();
        long deadline = start + plan.timeout().toNanos();
        boolean fromSchedule = plan.scenario() != Scenario.BURST;
        AtomicLong seq = new AtomicLong();
        Thread ticker = Thread.ofVirtual().start(this::tick);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LoadPlan.Shot shot : shots) {
                long due = start + shot.atNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long n = seq.getAndIncrement();
                pool.submit(() -> fire(shot, n, due, fromSchedule, tokens, pools.get(shot.pool()), deadline));
            }
        } finally {
            ticker.interrupt();
        }
    }

    private void fire(LoadPlan.Shot shot, long n, long due, boolean fromSchedule, Map<Integer, String> tokens,
                      LoadClient http, long deadline) {
        String user = prefix + shot.user();
        String body = "{\"pair\":\"" + plan.pair() + "\",\"side\":\"buy\",\"size_usd\":\"" + plan.sizeUsd().toPlainString()
                + "\",\"signal_type\":\"entry\",\"strategy\":\"loadtest\",\"idempotency_key\":\"" + prefix + n + "\"}";
        Target t = targets.get(shot.target());
        try {
            http.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long sentAt;
        LoadClient.Reply r;
        try {
            sentAt = fromSchedule ? due : System.nanoTime();
            stats.sent(shot.phase(), sentAt);
            r = http.sendHolding(t.baseUrl(), "POST", "/api/v1/signals", tokens.get(shot.user()), body);
        } finally {
            http.release();
        }
        if (r.status() == 429 || r.status() == 503 || r.status() == 0) {
            r = http.sendRetrying(t.baseUrl(), "POST", "/api/v1/signals", tokens.get(shot.user()), body, deadline);
        }
        long acked = System.nanoTime();
        if (r.status() == 202 && r.body() != null && r.body().has("order_ids")) {
            JsonNode ids = r.body().get("order_ids");
            stats.accepted(shot.phase(), sentAt, acked, ids.size());
            for (JsonNode id : ids) {
                register(id.asText(), new Track(shot.phase(), sentAt));
            }
        } else {
            stats.refused(user + ": " + r.status() + " " + Readout.abbreviate(r.raw(), 160));
        }
    }

    /** The 202 named an order: follow it, and settle it now if its final state already came on a stream. */
    private void register(String orderId, Track track) {
        tracks.put(orderId, track);
        JsonNode seen = early.remove(orderId);
        if (seen != null) {
            settle(orderId, track, seen, earlyNanos.remove(orderId));
        }
    }

    /** Every order event of every followed service. */
    private void onOrder(JsonNode order) {
        long now = System.nanoTime();
        JsonNode userNode = order.get("user_id");
        if (userNode == null || !userNode.asText().startsWith(prefix) || stats == null) {
            return;
        }
        String orderId = order.get("order_id").asText();
        Track track = tracks.get(orderId);
        if (track == null && plan.scenario() == Scenario.FAN_OUT) {
            track = tracks.computeIfAbsent(orderId, k -> {
                if (limitedUsers.contains(userNode.asText())) {
                    ordersOfLimitedUsers.incrementAndGet();
                }
                return new Track(LoadPlan.PHASE_FAN_OUT, fanOutSentNanos);
            });
        }
        String status = order.get("status").asText();
        if (track == null) {
            if (FINAL.contains(status)) {
                early.putIfAbsent(orderId, order);
                earlyNanos.putIfAbsent(orderId, now);
                Track late = tracks.get(orderId);   // the 202 may have been registered meanwhile
                if (late != null && early.remove(orderId) != null) {
                    settle(orderId, late, order, earlyNanos.remove(orderId));
                }
            }
            return;
        }
        if (AT_VENUE.contains(status)) {
            synchronized (track) {
                if (!track.atVenue) {
                    track.atVenue = true;
                    stats.atVenue(now);
                }
            }
        }
        if (FINAL.contains(status)) {
            settle(orderId, track, order, now);
        }
    }

    private void settle(String orderId, Track track, JsonNode order, long receivedNanos) {
        synchronized (track) {
            if (track.done) {
                return;
            }
            track.done = true;
        }
        stats.finalState(track.phase, order.get("status").asText(), track.sentNanos, receivedNanos,
                Instant.parse(order.get("created_at").asText()), Instant.parse(order.get("updated_at").asText()));
    }

    /** Waits until every order is final (asking for stragglers when a stream is unreliable, and every 5 s). */
    private boolean awaitFinal(LoadClient http, List<OrderFollower> followers) throws InterruptedException {
        long deadline = stats.startNanos() + plan.timeout().toNanos();
        long lastPoll = System.nanoTime();
        long lastFinals = -1;
        long lastChange = System.nanoTime();
        while (true) {
            LoadStats.Snapshot s = stats.snapshot();
            if (s.allFinal() && (plan.scenario() != Scenario.FAN_OUT || s.finals() >= plan.subscribersTrading())) {
                return false;
            }
            if (plan.scenario() == Scenario.ISOLATION && tracks.values().stream()
                    .filter(t -> !t.phase.equals(LoadPlan.PHASE_FLOOD)).allMatch(t -> t.done)) {
                // What isolation measures is the quiet user's; the flooder's own lane works through its backlog one
                // order at a time, which can take far longer than the run and says nothing about the quiet user.
                return false;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
            if (s.finals() != lastFinals) {
                lastFinals = s.finals();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos() && tracks.values().stream().allMatch(t -> t.done)) {
                // Every order the run has seen is final and nothing new came for a while: the rest never will (a
                // fan-out's subscriber whose signal the service could not store has no order to wait for).
                return true;
            }
            listener.progress(s);
            boolean unreliable = followers.stream().anyMatch(OrderFollower::unreliable);
            if (unreliable || System.nanoTime() - lastPoll > 5_000_000_000L) {
                lastPoll = System.nanoTime();
                poll(http);
            }
            Thread.sleep(unreliable ? 500 : 1000);
        }
    }

    private void poll(LoadClient http) throws InterruptedException {
        Target t = targets.get(0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, Track> e : tracks.entrySet()) {
                if (e.getValue().done) {
                    continue;
                }
                pool.submit(() -> {
                    LoadClient.Reply r = http.send(t.baseUrl(), "GET", "/api/v1/orders/" + e.getKey(), t.adminToken(), null);
                    if (r.status() == 200 && r.body() != null && FINAL.contains(r.body().path("status").asText())) {
                        settle(e.getKey(), e.getValue(), r.body(), System.nanoTime());
                    }
                });
            }
        }
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                listener.progress(stats.snapshot());
            }
        } catch (InterruptedException e) {
            // the sends are over
        }
    }

    /** Once a second, each service's heap in use as its /metrics tells it (the JVM's heap pools summed). */
    private void sampleHeap() {
        try (LoadClient http = new LoadClient(targets.size())) {
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < targets.size(); i++) {
                    LoadClient.Reply r = http.send(targets.get(i).baseUrl(), "GET", "/metrics", null, null);
                    if (r.status() == 200 && r.raw() != null) {
                        long used = heapUsed(r.raw());
                        if (used > 0) {
                            stats.heap(i, used);
                        }
                    }
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    /** The sum of {@code jvm_memory_used_bytes} over the heap's pools; 0 when the series is absent. */
    static long heapUsed(String metrics) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return (long) sum;
    }
}
