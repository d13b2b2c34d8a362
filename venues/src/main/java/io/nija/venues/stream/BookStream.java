package io.nija.venues.stream;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book of one instrument kept from its venue's public stream, shared by every user. It is offered to routing only
 * while it is in sequence: a snapshot has arrived and no update was lost since. A gap in the update numbers drops the
 * connection and subscribes afresh for a new snapshot (the resync); meanwhile routing reads the book by REST.
 *
 * <p>A stream can also stall silently: heartbeats go on, updates stop. A book with no update for
 * {@link StreamConfig#bookStaleAfter} is therefore not offered either; routing reads it by REST, and that REST book
 * settles the question ({@link #readByRest}): the same top of book means a quiet market (offered again), another one
 * means the stream missed updates (resync).
 */
public final class BookStream implements StreamConnection.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(BookStream.class);

    private final Instrument instrument;
    private final BookStreamDialect dialect;
    private final Scheduler scheduler;
    private final Clock clock;
    private final int depth;
    private final StreamStats stats;
    private final StreamConnection connection;

    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private boolean inSync;
    private long lastSeq;
    private volatile OrderBook current;
    /** When the book last changed by an update, or was confirmed by REST. */
    private volatile java.time.Instant freshAt;
    private final Duration staleAfter;

    BookStream(Instrument instrument, BookStreamDialect dialect, Scheduler scheduler, Clock clock, StreamConfig config,
               HttpClient http, int depth, StreamStats stats) {
        this.instrument = instrument;
        this.dialect = dialect;
        this.scheduler = scheduler;
        this.clock = clock;
        this.depth = depth;
        this.stats = stats;
        this.staleAfter = config.bookStaleAfter();
        this.connection = new StreamConnection(dialect.venue() + " book stream of " + instrument.symbol(), this,
                scheduler, clock, config, http, stats);
    }

    /** The book while the stream is in sequence; empty while connecting or resyncing. */
    public Optional<OrderBook> book() {
        OrderBook b = current;
        return b == null || stale() ? Optional.empty() : Optional.of(b);
    }

    private boolean stale() {
        java.time.Instant at = freshAt;
        return at != null && Duration.between(at, clock.now()).compareTo(staleAfter) > 0;
    }

    /**
     * Routing read this book by REST. If the stream's book went stale, REST tells a quiet market (same top of book:
     * offered again) from a silent stall (another top: the stream missed updates and resyncs).
     */
    void readByRest(OrderBook rest) {
        long g;
        OrderBook kept;
        synchronized (this) {
            kept = current;
            if (kept == null || !stale()) {
                return;
            }
            g = connection.generation();
            if (sameTop(kept, rest)) {
                freshAt = clock.now();
                current = new OrderBook(kept.venue(), kept.symbol(), kept.bids(), kept.asks(), clock.now());
                return;
            }
            inSync = false;
            current = null;
        }
        stats.stalls.incrementAndGet();
        LOG.warn("{} book stream of {} applied no update for {} s while the venue's book moved: resyncing",
                dialect.venue(), instrument.symbol(), staleAfter.toSeconds());
        connection.restart(g);
    }

    private static boolean sameTop(OrderBook a, OrderBook b) {
        return sameLevel(a.bids(), b.bids()) && sameLevel(a.asks(), b.asks());
    }

    private static boolean sameLevel(List<PriceLevel> a, List<PriceLevel> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        return a.get(0).price().compareTo(b.get(0).price()) == 0
                && a.get(0).quantity().compareTo(b.get(0).quantity()) == 0;
    }

    public Duration lastFrameAge() {
        return connection.lastFrameAge();
    }

    void start() {
        connection.start();
    }

    void close() {
        connection.close();
    }

    @Override
    public URI uri() {
        return dialect.connectUri(instrument);
    }

    @Override
    public List<String> opening(long nowMillis) {
        return dialect.subscribe(instrument);
    }

    @Override
    public Optional<String> ping() {
        return dialect.ping();
    }

    @Override
    public Duration pingEvery() {
        return dialect.pingEvery();
    }

    @Override
    public void heartbeat(long g, boolean ping) {
        if (ping) {
            connection.alive(g); // the book stream counts pings only
        }
    }

    @Override
    public void lost(long g) {
        synchronized (this) {
            inSync = false;
            current = null;
            bids.clear();
            asks.clear();
        }
    }

    @Override
    public void message(long g, String text) {
        Optional<BookStreamDialect.BookMessage> parsed;
        try {
            parsed = dialect.parse(text);
        } catch (RuntimeException e) {
            LOG.warn("{} book stream of {}: unreadable message: {}", dialect.venue(), instrument.symbol(), e.toString());
            return;
        }
        if (parsed.isEmpty()) {
            return;
        }
        BookStreamDialect.BookMessage m = parsed.get();
        synchronized (this) {
            if (!connection.current(g)) {
                return;
            }
            if (m.snapshot()) {
                bids.clear();
                asks.clear();
                inSync = true;
            } else if (!inSync) {
                return; // updates before the snapshot mean nothing
            } else if (m.sequenced() && m.seq() <= lastSeq) {
                return; // a duplicate or an old update: already applied
            } else if (m.sequenced() && m.seq() != lastSeq + 1) {
                stats.gaps.incrementAndGet();
                LOG.info("{} book of {} skipped from {} to {}: resyncing", dialect.venue(), instrument.symbol(), lastSeq,
                        m.seq());
                inSync = false;
                current = null;
            }
            if (!inSync) {
                // Resync: a fresh subscription starts with a snapshot.
                scheduler.schedule(Duration.ZERO, () -> connection.restart(g));
                return;
            }
            lastSeq = m.seq();
            apply(bids, m.bids());
            apply(asks, m.asks());
            trim(bids, dialect.keepLevels());
            trim(asks, dialect.keepLevels());
            if (m.checksum() != null && !dialect.checksumMatches(instrument, levels(bids, Integer.MAX_VALUE),
                    levels(asks, Integer.MAX_VALUE), m.checksum())) {
                // No sequence numbers on this venue: a book that no longer adds up to its checksum missed an update.
                stats.gaps.incrementAndGet();
                LOG.info("{} book of {} does not match the venue's checksum: resyncing", dialect.venue(),
                        instrument.symbol());
                inSync = false;
                current = null;
                scheduler.schedule(Duration.ZERO, () -> connection.restart(g));
                return;
            }
            current = new OrderBook(instrument.venue(), instrument.symbol(), top(bids), top(asks), clock.now());
            freshAt = clock.now();
        }
        connection.proven(g);
        stats.events.incrementAndGet();
    }

    private static void apply(TreeMap<BigDecimal, BigDecimal> side, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            if (l.quantity().signum() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.quantity());
            }
        }
    }

    private static void trim(TreeMap<BigDecimal, BigDecimal> side, int keep) {
        while (side.size() > keep) {
            side.pollLastEntry();
        }
    }

    private List<PriceLevel> top(TreeMap<BigDecimal, BigDecimal> side) {
        return levels(side, depth);
    }

    private static List<PriceLevel> levels(TreeMap<BigDecimal, BigDecimal> side, int depth) {
        List<PriceLevel> out = new ArrayList<>(Math.min(depth, side.size()));
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            if (out.size() == depth) {
                break;
            }
            out.add(new PriceLevel(e.getKey(), e.getValue()));
        }
        return out;
    }
}
