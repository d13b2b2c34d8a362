package io.nija.core.engine;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.core.time.Clock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's cached view of the venues: instruments (loaded once), books (reused for {@code bookMaxAge}),
 * and each account's fees (reused for an hour). Every user routes against the same recent books, so a
 * burst of signals does not turn into a burst of book requests.
 */
public final class MarketData {
    private static final Logger LOG = LoggerFactory.getLogger(MarketData.class);
    private static final Duration FEE_MAX_AGE = Duration.ofHours(1);
    /** The oldest book routing may fall back on while a venue's market data cannot be read. */
    static final Duration STALE_BOOK_LIMIT = Duration.ofSeconds(10);

    private record Timed<T>(T value, long atNanos) { }

    private record FeeKey(String apiKey, String venue, Pair pair) { }

    private final Map<String, Venue> venues;
    private final Clock clock;
    private final Duration bookMaxAge;
    private final int depth;
    private final Map<String, Map<Pair, Instrument>> instruments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Instrument, Timed<OrderBook>> books = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FeeKey, Timed<FeeSchedule>> fees = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FeeSchedule> lastFeesByVenue = new ConcurrentHashMap<>();
    /** One lock per book: lanes that need the same book at once wait for one fetch instead of each making one. */
    private final ConcurrentHashMap<Instrument, java.util.concurrent.locks.ReentrantLock> fetching = new ConcurrentHashMap<>();
    /** Fetch attempts finished per book: a lane that waited through another's failed fetch does not repeat it. */
    private final ConcurrentHashMap<Instrument, java.util.concurrent.atomic.AtomicLong> attempts = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder bookFetches = new java.util.concurrent.atomic.LongAdder();
    private final io.nija.core.routing.ReservationLedger reservations = new io.nija.core.routing.ReservationLedger();
    /** Books pushed by the venues' public streams; REST reads a book only when the feed has none in sync. */
    private volatile io.nija.core.market.BookFeed feed = io.nija.core.market.BookFeed.NONE;

    public MarketData(Map<String, Venue> venues, Clock clock, Duration bookMaxAge, int depth) {
        this.venues = venues;
        this.clock = clock;
        this.bookMaxAge = bookMaxAge;
        this.depth = depth;
    }

    /** The venue's instrument for a canonical pair, or null if it does not list it (or cannot be reached). */
    public Instrument instrument(String venue, Pair pair) {
        return instrumentsOf(venue).get(pair);
    }

    private Map<Pair, Instrument> instrumentsOf(String venue) {
        Map<Pair, Instrument> known = instruments.get(venue);
        if (known != null) {
            return known;
        }
        try {
            Map<Pair, Instrument> loaded = new HashMap<>();
            for (Instrument i : venues.get(venue).instruments()) {
                loaded.putIfAbsent(i.pair(), i);
            }
            instruments.put(venue, Map.copyOf(loaded));
            return loaded;
        } catch (RuntimeException e) {
            // Not only VenueException: an adapter bug on one venue must not stop routing (and leave orders in routing).
            LOG.warn("instruments of {} unavailable: {}", venue, e.toString());
            return Map.of();
        }
    }

    /** Every canonical pair any venue lists. */
    public Set<Pair> tradablePairs() {
        return venues.keySet().stream().flatMap(v -> instrumentsOf(v).keySet().stream()).collect(Collectors.toUnmodifiableSet());
    }

    public void feed(io.nija.core.market.BookFeed feed) {
        this.feed = feed == null ? io.nija.core.market.BookFeed.NONE : feed;
    }

    /**
     * A recent book, or null when the venue cannot give one. One fetch per (venue, pair) at a time: a lane that
     * finds the book being fetched waits for that fetch and uses its result. A venue whose last good book is older
     * than {@link #STALE_BOOK_LIMIT} gets null, so it drops out of routing rather than be priced on an old book.
     */
    public OrderBook book(Instrument instrument) {
        java.util.Optional<OrderBook> streamed = feed.book(instrument);
        if (streamed.isPresent()) {
            return streamed.get(); // pushed by the venue's public stream and in sync
        }
        Timed<OrderBook> cached = books.get(instrument);
        if (cached != null && clock.nanoTime() - cached.atNanos() <= bookMaxAge.toNanos()) {
            return cached.value();
        }
        java.util.concurrent.locks.ReentrantLock lock = fetching.computeIfAbsent(instrument,
                i -> new java.util.concurrent.locks.ReentrantLock());
        java.util.concurrent.atomic.AtomicLong attempted = attempts.computeIfAbsent(instrument,
                i -> new java.util.concurrent.atomic.AtomicLong());
        long seen = attempted.get();
        lock.lock();
        try {
            long now = clock.nanoTime();
            cached = books.get(instrument);
            if (cached != null && now - cached.atNanos() <= bookMaxAge.toNanos()) {
                return cached.value(); // fetched by the lane we waited for
            }
            if (attempted.get() != seen) {
                // The lane we waited for tried and failed: a hanging venue must not be waited on once per lane.
                return cached != null && now - cached.atNanos() <= STALE_BOOK_LIMIT.toNanos() ? cached.value() : null;
            }
            try {
                bookFetches.increment();
                OrderBook fresh = venues.get(instrument.venue()).orderBook(instrument, depth);
                books.put(instrument, new Timed<>(fresh, now));
                feed.readByRest(instrument, fresh);
                return fresh;
            } catch (RuntimeException e) {
                LOG.debug("book of {} on {} unavailable: {}", instrument.symbol(), instrument.venue(), e.toString());
                // A brief outage of market data should not stop routing: a book a few seconds old still says where
                // liquidity is, and the venue itself refuses prices that no longer make sense.
                if (cached != null && now - cached.atNanos() <= STALE_BOOK_LIMIT.toNanos()) {
                    return cached.value();
                }
                return null;
            } finally {
                attempted.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Book requests made to the venues so far (for tests and metrics). */
    public long bookFetches() {
        return bookFetches.sum();
    }

    /** Lanes waiting right now for a fetch of this book (for tests). */
    int waitingFor(Instrument instrument) {
        java.util.concurrent.locks.ReentrantLock lock = fetching.get(instrument);
        return lock == null ? 0 : lock.getQueueLength();
    }

    /** What the router's own unfilled orders hold on each book; read net of it when routing. */
    public io.nija.core.routing.ReservationLedger reservations() {
        return reservations;
    }

    /** The account's fees, or null when the venue cannot give them. */
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        FeeKey key = new FeeKey(account.apiKey(), instrument.venue(), instrument.pair());
        long now = clock.nanoTime();
        Timed<FeeSchedule> cached = fees.get(key);
        if (cached != null && now - cached.atNanos() <= FEE_MAX_AGE.toNanos()) {
            return cached.value();
        }
        try {
            FeeSchedule fresh = venues.get(instrument.venue()).fees(account, instrument);
            fees.put(key, new Timed<>(fresh, now));
            lastFeesByVenue.put(instrument.venue(), fresh);
            return fresh;
        } catch (RuntimeException e) {
            LOG.debug("fees on {} unavailable for {}: {}", instrument.venue(), account, e.toString());
            // Fees only weigh the choice of venue; while they cannot be read, the last schedule seen is a fair guess.
            return cached != null ? cached.value() : lastFeesByVenue.get(instrument.venue());
        }
    }

    /** The fees last read on a venue for any account (for display), or null. */
    public FeeSchedule lastFees(String venue) {
        return lastFeesByVenue.get(venue);
    }

    /** Mid price of a pair on a venue, for marking positions; null when unknown. */
    public java.math.BigDecimal mark(String venue, Pair pair) {
        Instrument i = instrument(venue, pair);
        if (i == null) {
            return null;
        }
        OrderBook b = book(i);
        return b == null ? null : b.mid();
    }
}
