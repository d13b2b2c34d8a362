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
    private final OpenStreams<String, PrivateStream> streams;
    private final Map<String, StreamStats> stats = new ConcurrentHashMap<>();

    public StreamSupervisor(Map<String, PrivateStreamDialect> dialects, OrderEvents events, Scheduler scheduler,
                            Clock clock, StreamConfig config) {
        this.dialects = Map.copyOf(dialects);
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.streams = new OpenStreams<>(scheduler, clock, config, PrivateStream::closeIdle);
    }

    @Override
    public boolean healthy(VenueAccount account) {
        return stream(account).map(PrivateStream::healthy).orElse(false);
    }

    @Override
    public void suspect(VenueAccount account, String why) {
        PrivateStream s = streams.peek(key(account));
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
        PrivateStream s = streams.want(key(account), k -> new PrivateStream(account, dialect, events, scheduler, clock,
                config, http, stats(account.venue())), PrivateStream::start);
        return Optional.of(s);
    }

    /** Counters of one venue's streams. */
    public StreamStats stats(String venue) {
        return stats.computeIfAbsent(venue, v -> new StreamStats());
    }

    /** Every open stream by venue, for metrics: how many are up, and the oldest last-frame age. */
    public Map<String, PrivateStream> streams() {
        return Map.copyOf(streams.all());
    }

    /** The venues this supervisor has a stream dialect for. */
    public java.util.Set<String> venues() {
        return dialects.keySet();
    }

    /** How many of the venue's private streams are up. */
    public int up(String venue) {
        return (int) streams.all().entrySet().stream().filter(e -> e.getKey().startsWith(venue + "\u0000"))
                .filter(e -> e.getValue().healthy()).count();
    }

    /** The longest time since the last frame among the venue's streams that are up, in seconds (0 when none is). */
    public double oldestFrameAgeSeconds(String venue) {
        return streams.all().entrySet().stream().filter(e -> e.getKey().startsWith(venue + "\u0000"))
                .filter(e -> e.getValue().healthy()).map(e -> e.getValue().lastFrameAge())
                .filter(java.util.Objects::nonNull).mapToDouble(d -> d.toMillis() / 1000.0).max().orElse(0);
    }

    /** Closes the streams nobody asked for during {@link StreamConfig#idleAfter}. */
    void closeIdle() {
        streams.closeIdle();
    }

    private static String key(VenueAccount account) {
        return account.venue() + "\u0000" + account.apiKey();
    }

    @Override
    public void close() {
        streams.closeAll(PrivateStream::close);
    }
}
