package io.nija.venues.stream;

import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.OrderEvents;
import io.nija.core.venue.OrderStreams;
import io.nija.core.venue.VenueAccount;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private streams of every account the engine follows orders for: one stream per (venue, API key), opened the
 * first time the engine asks about the account's health, so only accounts with working orders hold a connection; a
 * stream the engine has not asked about for {@link StreamConfig#idleAfter} (its key has no resting order left) is
 * closed, and opened again by the next question.
 * Venues without a {@link PrivateStreamDialect} here are never healthy: their orders are followed by REST alone.
 */
public final class StreamSupervisor implements OrderStreams, AutoCloseable {
    private final Map<String, PrivateStreamDialect> dialects;
    private final OrderEvents events;
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, PrivateStream> streams = new ConcurrentHashMap<>();
    private final Map<String, StreamStats> stats = new ConcurrentHashMap<>();
    /** When the engine last asked about each stream. */
    private final Map<String, java.time.Instant> wanted = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public StreamSupervisor(Map<String, PrivateStreamDialect> dialects, OrderEvents events, Scheduler scheduler,
                            Clock clock, StreamConfig config) {
        this.dialects = Map.copyOf(dialects);
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        scheduleIdleSweep();
    }

    @Override
    public boolean healthy(VenueAccount account) {
        return stream(account).map(PrivateStream::healthy).orElse(false);
    }

    @Override
    public void suspect(VenueAccount account, String why) {
        PrivateStream s = streams.get(key(account));
        if (s != null) {
            s.suspect(why);
        }
    }

    /** The account's stream, opened now if it has none yet; empty for a venue without streams. */
    public Optional<PrivateStream> stream(VenueAccount account) {
        PrivateStreamDialect dialect = dialects.get(account.venue());
        if (dialect == null) {
            return Optional.empty();
        }
        boolean[] created = new boolean[1];
        wanted.put(key(account), clock.now());
        PrivateStream s = streams.computeIfAbsent(key(account), k -> {
            created[0] = true;
            return new PrivateStream(account, dialect, events, scheduler, clock, config, http, stats(account.venue()));
        });
        if (created[0]) {
            s.start();
        }
        return Optional.of(s);
    }

    /** Counters of one venue's streams. */
    public StreamStats stats(String venue) {
        return stats.computeIfAbsent(venue, v -> new StreamStats());
    }

    /** Every open stream by venue, for metrics: how many are up, and the oldest last-frame age. */
    public Map<String, PrivateStream> streams() {
        return Map.copyOf(streams);
    }

    /** The venues this supervisor has a stream dialect for. */
    public java.util.Set<String> venues() {
        return dialects.keySet();
    }

    /** How many of the venue's private streams are up. */
    public int up(String venue) {
        return (int) streams.entrySet().stream().filter(e -> e.getKey().startsWith(venue + "\u0000"))
                .filter(e -> e.getValue().healthy()).count();
    }

    /** The longest time since the last frame among the venue's streams that are up, in seconds (0 when none is). */
    public double oldestFrameAgeSeconds(String venue) {
        return streams.entrySet().stream().filter(e -> e.getKey().startsWith(venue + "\u0000"))
                .filter(e -> e.getValue().healthy()).map(e -> e.getValue().lastFrameAge())
                .filter(java.util.Objects::nonNull).mapToDouble(d -> d.toMillis() / 1000.0).max().orElse(0);
    }

    private void scheduleIdleSweep() {
        scheduler.schedule(config.idleAfter().dividedBy(2), () -> {
            if (!closed) {
                closeIdle();
                scheduleIdleSweep();
            }
        });
    }

    /** Closes the streams nobody asked about for {@link StreamConfig#idleAfter}. */
    void closeIdle() {
        java.time.Instant cutoff = clock.now().minus(config.idleAfter());
        for (Map.Entry<String, PrivateStream> e : streams.entrySet()) {
            java.time.Instant last = wanted.get(e.getKey());
            if (last != null && last.isBefore(cutoff) && streams.remove(e.getKey(), e.getValue())) {
                wanted.remove(e.getKey(), last);
                e.getValue().closeIdle();
            }
        }
    }

    private static String key(VenueAccount account) {
        return account.venue() + "\u0000" + account.apiKey();
    }

    @Override
    public void close() {
        closed = true;
        streams.values().forEach(PrivateStream::close);
        streams.clear();
    }
}
