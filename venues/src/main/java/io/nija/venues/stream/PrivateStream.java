package io.nija.venues.stream;

import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.OrderEvents;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's private order stream on one venue, over the JDK's websocket client: connects, logs in and subscribes
 * through its {@link PrivateStreamDialect}, hands every order event to the engine, and watches its own liveness.
 *
 * <p>Each connection attempt has a generation number; callbacks of an older connection are ignored, so a late close
 * of a replaced socket cannot take the new one down. When the stream comes up (again) or goes down the engine is
 * told ({@link OrderEvents#streamChanged}); it then reads by REST what the stream may have missed (the catch-up) and
 * follows the account's orders at the pace the stream's health allows. A dropped or silent stream reconnects after a
 * doubling backoff.
 */
public final class PrivateStream {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateStream.class);

    /** Where the stream stands. */
    public enum State { CONNECTING, UP, DOWN, CLOSED }

    private final VenueAccount account;
    private final PrivateStreamDialect dialect;
    private final OrderEvents events;
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final HttpClient http;
    private final StreamStats stats;

    private volatile State state = State.DOWN;
    private long generation;
    private WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private int failures;
    private volatile Instant lastFrameAt;

    PrivateStream(VenueAccount account, PrivateStreamDialect dialect, OrderEvents events, Scheduler scheduler,
                  Clock clock, StreamConfig config, HttpClient http, StreamStats stats) {
        this.account = account;
        this.dialect = dialect;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.http = http;
        this.stats = stats;
    }

    public State state() {
        return state;
    }

    public boolean healthy() {
        return state == State.UP;
    }

    /** How long since the last frame of any kind (data or heartbeat); null before the first. */
    public Duration lastFrameAge() {
        Instant last = lastFrameAt;
        return last == null ? null : Duration.between(last, clock.now());
    }

    void start() {
        connect();
    }

    /** The engine saw REST show what this stream should have pushed: drop it and connect afresh. */
    void suspect(String why) {
        long g;
        synchronized (this) {
            if (state != State.UP) {
                return;
            }
            g = generation;
        }
        LOG.warn("{} stream of {} looks stalled ({}); reconnecting", dialect.venue(), account, why);
        stats.stalls.incrementAndGet();
        down(g, "stalled: " + why);
    }

    synchronized void close() {
        state = State.CLOSED;
        generation++;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        dialect.closed(account);
    }

    private void connect() {
        long g;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            g = ++generation;
            state = State.CONNECTING;
        }
        CompletableFuture.runAsync(() -> {
            URI uri;
            try {
                uri = dialect.connectUri(account);
            } catch (RuntimeException e) {
                failed(g, "no stream address: " + e.getMessage());
                return;
            }
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new WholeMessages(new WholeMessages.Events() {
                        @Override
                        public void message(String text) {
                            onText(g, text);
                        }

                        @Override
                        public void heartbeat(boolean ping) {
                            // The venue's heartbeat (the client answers the pong itself); it proves the socket, not the data.
                            framed(g);
                        }

                        @Override
                        public void down(String why) {
                            PrivateStream.this.down(g, why);
                        }
                    }))
                    .whenComplete((ws, e) -> {
                        if (e != null) {
                            failed(g, "connect failed: " + e);
                        } else {
                            opened(g, ws);
                        }
                    });
        }, r -> Thread.ofVirtual().start(r));
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
        for (String m : dialect.onOpen(account, System.currentTimeMillis())) {
            send(g, m);
        }
        if (dialect.readyOnOpen()) {
            up(g);
        }
        schedulePing(g);
        scheduleWatchdog(g);
        scheduleKeepAlive(g);
    }

    private synchronized void send(long g, String message) {
        if (g != generation || socket == null) {
            return;
        }
        WebSocket ws = socket;
        sends = sends.handle((x, e) -> null).thenCompose(x -> ws.sendText(message, true));
    }

    private void up(long g) {
        synchronized (this) {
            if (g != generation || state == State.UP) {
                return;
            }
            state = State.UP;
        }
        stats.connects.incrementAndGet();
        stats.catchUps.incrementAndGet();
        LOG.info("{} stream of {} is up; catching up by REST", dialect.venue(), account);
        events.streamChanged(account, true);
    }

    private void onText(long g, String text) {
        if (g != generation) {
            return;
        }
        framed(g);
        PrivateStreamDialect.Parsed parsed;
        try {
            parsed = dialect.parse(text);
        } catch (RuntimeException e) {
            LOG.warn("{} stream of {}: unreadable message ({}): {}", dialect.venue(), account, e, abbreviate(text));
            return;
        }
        if (parsed.refused()) {
            down(g, "refused: " + abbreviate(text));
            return;
        }
        if (parsed.subscribed()) {
            up(g);
        }
        for (VenueOrderState s : parsed.orders()) {
            stats.events.incrementAndGet();
            events.orderState(account, s);
        }
    }

    /**
     * A frame arrived on connection {@code g}. Only a connection that carries frames resets the reconnect backoff: one
     * the venue closes right after opening it must not be retried at the shortest wait for ever.
     */
    private void framed(long g) {
        lastFrameAt = clock.now();
        synchronized (this) {
            if (g == generation && state == State.UP) {
                failures = 0;
            }
        }
    }

    private void failed(long g, String why) {
        down(g, why);
    }

    private void down(long g, String why) {
        boolean wasUp;
        Duration wait;
        synchronized (this) {
            if (g != generation || state == State.CLOSED) {
                return;
            }
            wasUp = state == State.UP;
            state = State.DOWN;
            generation++;
            if (socket != null) {
                socket.abort();
                socket = null;
            }
            long factor = 1L << Math.min(failures++, 16);
            wait = config.reconnectMin().multipliedBy(factor);
            if (wait.compareTo(config.reconnectMax()) > 0) {
                wait = config.reconnectMax();
            }
        }
        LOG.info("{} stream of {} is down ({}); reconnecting in {} ms", dialect.venue(), account, why, wait.toMillis());
        stats.disconnects.incrementAndGet();
        if (wasUp) {
            // Orders it was following fall back to REST polling until it is up again.
            events.streamChanged(account, false);
        }
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

    /** A connection that shows no frame at all for too long is dead, however open its socket looks. */
    private void scheduleWatchdog(long g) {
        Duration every = config.silenceLimit().dividedBy(3);
        scheduler.schedule(every, () -> {
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

    private void scheduleKeepAlive(long g) {
        scheduler.schedule(config.keepAliveEvery(), () -> {
            if (g == generation) {
                try {
                    dialect.keepAlive(account);
                } catch (RuntimeException e) {
                    LOG.warn("{} stream keep-alive of {} failed: {}", dialect.venue(), account, e.toString());
                }
                scheduleKeepAlive(g);
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
