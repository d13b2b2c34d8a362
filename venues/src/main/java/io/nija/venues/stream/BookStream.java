package io.nija.venues.stream;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book of one instrument kept from its venue's public stream, shared by every user. It is offered to routing only
 * while it is in sequence: a snapshot has arrived and no update was lost since. A gap in the update numbers drops the
 * connection and subscribes afresh for a new snapshot (the resync); meanwhile routing reads the book by REST.
 */
public final class BookStream {
    private static final Logger LOG = LoggerFactory.getLogger(BookStream.class);

    private final Instrument instrument;
    private final BookStreamDialect dialect;
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final HttpClient http;
    private final int depth;
    private final StreamStats stats;

    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long generation;
    private boolean inSync;
    private boolean closed;
    private long lastSeq;
    private int failures;
    private WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private volatile Instant lastFrameAt;
    private volatile OrderBook current;

    BookStream(Instrument instrument, BookStreamDialect dialect, Scheduler scheduler, Clock clock, StreamConfig config,
               HttpClient http, int depth, StreamStats stats) {
        this.instrument = instrument;
        this.dialect = dialect;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.http = http;
        this.depth = depth;
        this.stats = stats;
    }

    /** The book while the stream is in sequence; empty while connecting or resyncing. */
    public Optional<OrderBook> book() {
        return Optional.ofNullable(current);
    }

    public Duration lastFrameAge() {
        Instant last = lastFrameAt;
        return last == null ? null : Duration.between(last, clock.now());
    }

    void start() {
        connect();
    }

    synchronized void close() {
        closed = true;
        generation++;
        current = null;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    private void connect() {
        long g;
        synchronized (this) {
            if (closed) {
                return;
            }
            g = ++generation;
            inSync = false;
            current = null;
            bids.clear();
            asks.clear();
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(dialect.connectUri(instrument), new WholeMessages(new WholeMessages.Events() {
                    @Override
                    public void message(String text) {
                        onText(g, text);
                    }

                    @Override
                    public void heartbeat(boolean ping) {
                        if (ping) {
                            lastFrameAt = clock.now(); // the book stream counts pings only
                        }
                    }

                    @Override
                    public void down(String why) {
                        BookStream.this.down(g, why);
                    }
                }))
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        down(g, "connect failed: " + e);
                    } else {
                        opened(g, ws);
                    }
                });
    }

    private void opened(long g, WebSocket ws) {
        synchronized (this) {
            if (g != generation) {
                ws.abort();
                return;
            }
            socket = ws;
            sends = CompletableFuture.completedFuture(null);
        }
        lastFrameAt = clock.now();
        dialect.subscribe(instrument).forEach(m -> send(g, m));
        schedulePing(g);
        scheduleWatchdog(g);
    }

    private synchronized void send(long g, String message) {
        if (g != generation || socket == null) {
            return;
        }
        WebSocket ws = socket;
        sends = sends.handle((x, e) -> null).thenCompose(x -> ws.sendText(message, true));
    }

    private void onText(long g, String text) {
        lastFrameAt = clock.now();
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
            if (g != generation) {
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
                scheduler.schedule(Duration.ZERO, () -> resync(g));
                return;
            }
            lastSeq = m.seq();
            failures = 0;
            apply(bids, m.bids());
            apply(asks, m.asks());
            current = new OrderBook(instrument.venue(), instrument.symbol(), top(bids), top(asks), clock.now());
        }
        stats.events.incrementAndGet();
    }

    private void resync(long g) {
        synchronized (this) {
            if (g != generation) {
                return;
            }
            generation++;
            if (socket != null) {
                socket.abort();
                socket = null;
            }
        }
        connect();
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

    private List<PriceLevel> top(TreeMap<BigDecimal, BigDecimal> side) {
        List<PriceLevel> out = new ArrayList<>(Math.min(depth, side.size()));
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            if (out.size() == depth) {
                break;
            }
            out.add(new PriceLevel(e.getKey(), e.getValue()));
        }
        return out;
    }

    private void down(long g, String why) {
        Duration wait;
        synchronized (this) {
            if (g != generation || closed) {
                return;
            }
            generation++;
            inSync = false;
            current = null;
            if (socket != null) {
                socket.abort();
                socket = null;
            }
            wait = config.reconnectMin().multipliedBy(1L << Math.min(failures++, 16));
            if (wait.compareTo(config.reconnectMax()) > 0) {
                wait = config.reconnectMax();
            }
        }
        stats.disconnects.incrementAndGet();
        LOG.info("{} book stream of {} is down ({}); reconnecting in {} ms", dialect.venue(), instrument.symbol(), why,
                wait.toMillis());
        scheduler.schedule(wait, this::connect);
    }

    private void schedulePing(long g) {
        if (dialect.ping().isEmpty()) {
            return;
        }
        scheduler.schedule(dialect.pingEvery(), () -> {
            if (g == generation) {
                send(g, dialect.ping().get());
                schedulePing(g);
            }
        });
    }

    private void scheduleWatchdog(long g) {
        scheduler.schedule(config.silenceLimit().dividedBy(3), () -> {
            if (g != generation) {
                return;
            }
            Duration age = lastFrameAge();
            if (age != null && age.compareTo(config.silenceLimit()) > 0) {
                down(g, "silent for " + age.toSeconds() + " s");
            } else {
                scheduleWatchdog(g);
            }
        });
    }
}
