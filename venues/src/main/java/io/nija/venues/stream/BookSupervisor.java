package io.nija.venues.stream;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.BookFeed;
import io.nija.core.market.OrderBook;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public book streams: one per (venue, instrument), subscribed the first time routing asks for that book and
 * shared by every user from then on; a book nobody asked for during {@link StreamConfig#idleAfter} is unsubscribed (its
 * connection closed) and subscribed again by the next question. Venues without a {@link BookStreamDialect} here are read by REST as before.
 */
public final class BookSupervisor implements BookFeed, AutoCloseable {
    private final Map<String, BookStreamDialect> dialects;
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final int depth;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final OpenStreams<Instrument, BookStream> streams;
    private final Map<String, StreamStats> stats = new ConcurrentHashMap<>();

    public BookSupervisor(Map<String, BookStreamDialect> dialects, Scheduler scheduler, Clock clock, StreamConfig config,
                          int depth) {
        this.dialects = Map.copyOf(dialects);
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.depth = depth;
        this.streams = new OpenStreams<>(scheduler, clock, config, BookStream::close);
    }

    @Override
    public Optional<OrderBook> book(Instrument instrument) {
        return stream(instrument).flatMap(BookStream::book);
    }

    @Override
    public void readByRest(Instrument instrument, OrderBook book) {
        BookStream s = streams.peek(instrument);
        if (s != null) {
            s.readByRest(book);
        }
    }

    /** The instrument's stream, subscribed now if it has none yet; empty for a venue without book streams. */
    public Optional<BookStream> stream(Instrument instrument) {
        BookStreamDialect dialect = dialects.get(instrument.venue());
        if (dialect == null) {
            return Optional.empty();
        }
        BookStream s = streams.want(instrument, i -> new BookStream(i, dialect, scheduler, clock, config, http, depth,
                stats(i.venue())), BookStream::start);
        return Optional.of(s);
    }

    public StreamStats stats(String venue) {
        return stats.computeIfAbsent(venue, v -> new StreamStats());
    }

    public java.util.Set<String> venues() {
        return dialects.keySet();
    }

    /** How many of the venue's books are in sequence now. */
    public int up(String venue) {
        return (int) streams.all().entrySet().stream().filter(e -> e.getKey().venue().equals(venue))
                .filter(e -> e.getValue().book().isPresent()).count();
    }

    /** The longest time since the last frame among the venue's books in sequence, in seconds (0 when none is). */
    public double oldestFrameAgeSeconds(String venue) {
        return streams.all().entrySet().stream().filter(e -> e.getKey().venue().equals(venue))
                .filter(e -> e.getValue().book().isPresent()).map(e -> e.getValue().lastFrameAge())
                .filter(java.util.Objects::nonNull).mapToDouble(d -> d.toMillis() / 1000.0).max().orElse(0);
    }

    public Map<Instrument, BookStream> streams() {
        return Map.copyOf(streams.all());
    }

    /** Closes the streams nobody asked for during {@link StreamConfig#idleAfter}. */
    void closeIdle() {
        streams.closeIdle();
    }

    @Override
    public void close() {
        streams.closeAll(BookStream::close);
    }
}
