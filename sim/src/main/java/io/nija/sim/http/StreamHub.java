package io.nija.sim.http;

import io.javalin.websocket.WsContext;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.fault.StreamFaults;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One venue's websocket sessions: which account each private session speaks for, the engine's order changes turned
 * into the venue's messages (by the dialect's formatter) and the stream faults acted out on them.
 *
 * <p>Every message leaves from one thread, in engine order. Data messages (order and fill events) are subject to the
 * stream faults; control messages (subscription answers, pongs) and transport pings are not, so a stalled stream
 * still looks alive to a client that only watches its heartbeats.
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** One open websocket: the account it is authenticated for (null until then) and how its events are written. */
    private static final class Session {
        final WsContext ctx;
        volatile String apiKey;
        volatile Function<MatchingEngine.OrderUpdate, List<String>> format;

        Session(WsContext ctx) {
            this.ctx = ctx;
        }
    }

    private final String venue;
    private final FaultInjector faults;
    private final MatchingEngine engine;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService out;
    private final AtomicLong dataSent = new AtomicLong();
    private final java.util.function.Consumer<MatchingEngine.OrderUpdate> listener = this::onUpdate;
    private final Runnable changeListener = this::onEngineChange;
    private final List<BookSubscription> books = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean booksDirty = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicLong bookGaps = new AtomicLong();

    /** Writes one book message of a venue's public stream. */
    @FunctionalInterface
    public interface BookFormat {
        /**
         * @param book     the book now (top levels)
         * @param bids     bid levels that changed since the previous message (size zero: removed); all of them in a
         *                 snapshot
         * @param asks     likewise for asks
         * @param snapshot the first message of a subscription
         * @param seq      the subscription's update number: 1 for the snapshot, then one more per update
         */
        String write(io.nija.core.market.OrderBook book, List<io.nija.core.market.PriceLevel> bids,
                     List<io.nija.core.market.PriceLevel> asks, boolean snapshot, long seq);
    }

    private static final class BookSubscription {
        final WsContext ctx;
        final String symbol;
        final int depth;
        final BookFormat format;
        io.nija.core.market.OrderBook last;
        long seq;

        BookSubscription(WsContext ctx, String symbol, int depth, BookFormat format) {
            this.ctx = ctx;
            this.symbol = symbol;
            this.depth = depth;
            this.format = format;
        }
    }

    public StreamHub(String venue, MatchingEngine engine, FaultInjector faults) {
        this.venue = venue;
        this.engine = engine;
        this.faults = faults;
        this.out = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-streams-" + venue);
            t.setDaemon(true);
            return t;
        });
        engine.addOrderListener(listener);
        engine.addChangeListener(changeListener);
        faults.onStreamFaultsChanged(this::faultsChanged);
    }

    /** A websocket opened: refused at once while the disconnect fault is set. */
    public void opened(WsContext ctx) {
        if (faults.streamFaults().disconnect()) {
            ctx.closeSession(1001, "stream unavailable (simulated disconnect)");
            return;
        }
        sessions.put(ctx.sessionId(), new Session(ctx));
    }

    public void closed(WsContext ctx) {
        sessions.remove(ctx.sessionId());
        books.removeIf(b -> b.ctx.sessionId().equals(ctx.sessionId()));
    }

    /** Sends the book of {@code symbol} now (a snapshot) and every change of it from then on. */
    public void subscribeBook(WsContext ctx, String symbol, int depth, BookFormat format) {
        out.execute(() -> {
            if (!sessions.containsKey(ctx.sessionId())) {
                return;
            }
            BookSubscription sub = new BookSubscription(ctx, symbol, depth, format);
            // Listed before the snapshot is read: a change after that is published by publishBooks, which runs on
            // this same thread after this task, as a difference from the snapshot. Listed after the snapshot was
            // sent, a change in between found no subscriber and was never published.
            books.add(sub);
            sub.last = engine.book(symbol, depth);
            sub.seq = 1;
            send(ctx, format.write(sub.last, sub.last.bids(), sub.last.asks(), true, 1));
        });
    }

    /** Book updates skipped by the book_gap_rate fault (their sequence numbers were used all the same). */
    public long bookGaps() {
        return bookGaps.get();
    }

    /** From now on, the session receives the order and fill events of {@code apiKey}'s account. */
    public void subscribePrivate(WsContext ctx, String apiKey,
                                 Function<MatchingEngine.OrderUpdate, List<String>> format) {
        Session s = sessions.get(ctx.sessionId());
        if (s != null) {
            s.format = Objects.requireNonNull(format);
            s.apiKey = apiKey;
        }
    }

    /** A control message (subscription answer, pong): never stalled, delayed or duplicated. */
    public void control(WsContext ctx, String message) {
        out.execute(() -> send(ctx, message));
    }

    /** Data messages sent since start (duplicates counted, stalled ones not). */
    public long dataMessagesSent() {
        return dataSent.get();
    }

    public int openSessions() {
        return sessions.size();
    }

    /** Open sessions that receive an account's events (logged in and subscribed). */
    public int subscribedSessions() {
        return (int) sessions.values().stream().filter(s -> s.apiKey != null).count();
    }

    /** Called under the engine lock: only queue. */
    private void onUpdate(MatchingEngine.OrderUpdate update) {
        String key = update.order().apiKey();
        for (Session s : sessions.values()) {
            if (key.equals(s.apiKey)) {
                out.execute(() -> data(s, s.format.apply(update)));
            }
        }
    }

    /** Called under the engine lock: only note that books may have moved, once until they are published. */
    private void onEngineChange() {
        if (!books.isEmpty() && booksDirty.compareAndSet(false, true)) {
            out.execute(this::publishBooks);
        }
    }

    private void publishBooks() {
        booksDirty.set(false);
        StreamFaults f = faults.streamFaults();
        for (BookSubscription sub : books) {
            io.nija.core.market.OrderBook now = engine.book(sub.symbol, sub.depth);
            List<io.nija.core.market.PriceLevel> bids = changes(sub.last.bids(), now.bids());
            List<io.nija.core.market.PriceLevel> asks = changes(sub.last.asks(), now.asks());
            if (bids.isEmpty() && asks.isEmpty()) {
                continue;
            }
            sub.last = now;
            long seq = ++sub.seq;
            if (f.stall()) {
                continue;
            }
            if (faults.drawStream(f.bookGapRate())) {
                bookGaps.incrementAndGet();
                continue; // the number is spent: the next update shows the gap
            }
            String message = sub.format.write(now, bids, asks, false, seq);
            Runnable send = () -> {
                send(sub.ctx, message);
                if (faults.drawStream(f.duplicateRate())) {
                    send(sub.ctx, message);
                }
            };
            if (f.delayMs() > 0) {
                out.schedule(send, f.delayMs(), TimeUnit.MILLISECONDS);
            } else {
                send.run();
            }
        }
    }

    /** Levels of {@code now} that differ from {@code before}, and levels gone from it with size zero. */
    private static List<io.nija.core.market.PriceLevel> changes(List<io.nija.core.market.PriceLevel> before,
                                                               List<io.nija.core.market.PriceLevel> now) {
        Map<java.math.BigDecimal, java.math.BigDecimal> old = new java.util.TreeMap<>();
        before.forEach(l -> old.put(l.price(), l.quantity()));
        List<io.nija.core.market.PriceLevel> out = new java.util.ArrayList<>();
        java.util.Set<java.math.BigDecimal> seen = new java.util.TreeSet<>();
        for (io.nija.core.market.PriceLevel l : now) {
            seen.add(l.price());
            java.math.BigDecimal was = old.get(l.price());
            if (was == null || was.compareTo(l.quantity()) != 0) {
                out.add(l);
            }
        }
        for (java.math.BigDecimal p : old.keySet()) {
            if (!seen.contains(p)) {
                out.add(new io.nija.core.market.PriceLevel(p, java.math.BigDecimal.ZERO));
            }
        }
        return out;
    }

    private void data(Session s, List<String> messages) {
        StreamFaults f = faults.streamFaults();
        if (f.stall()) {
            return; // lost for good, as a stalled venue stream loses them
        }
        Runnable sendAll = () -> {
            for (String m : messages) {
                if (!sessions.containsKey(s.ctx.sessionId())) {
                    return;
                }
                send(s.ctx, m);
                dataSent.incrementAndGet();
                if (faults.drawStream(f.duplicateRate())) {
                    send(s.ctx, m);
                    dataSent.incrementAndGet();
                }
            }
        };
        if (f.delayMs() > 0) {
            out.schedule(sendAll, f.delayMs(), TimeUnit.MILLISECONDS);
        } else {
            sendAll.run();
        }
    }

    private void faultsChanged() {
        if (faults.streamFaults().disconnect()) {
            for (Session s : List.copyOf(sessions.values())) {
                sessions.remove(s.ctx.sessionId());
                try {
                    s.ctx.closeSession(1001, "stream unavailable (simulated disconnect)");
                } catch (RuntimeException e) {
                    LOG.warn("closing a {} stream failed", venue, e);
                }
            }
        }
    }

    private void send(WsContext ctx, String message) {
        try {
            ctx.send(message);
        } catch (RuntimeException e) {
            LOG.debug("sending on a {} stream failed: {}", venue, e.toString());
        }
    }

    @Override
    public void close() {
        engine.removeOrderListener(listener);
        engine.removeChangeListener(changeListener);
        out.shutdownNow();
    }
}
