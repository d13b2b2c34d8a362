package io.nija.venues.stream;

import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket lifecycle both stream kinds share: connect on the JDK's client, send the opening messages, ping if the
 * venue wants application pings, run the keep-alive, watch liveness (no frame at all for {@code silenceLimit} is a dead
 * socket) and reconnect after a doubling backoff. What the messages mean is its {@link Handler}'s business.
 *
 * <p>Each connection attempt has a generation number; callbacks of an older connection are ignored, so a late close
 * of a replaced socket cannot take the new one down. The handler is never called while this object's lock is held,
 * so a handler may keep its own lock and ask {@link #current} under it.
 */
final class StreamConnection {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);

    /** What one stream does with its connection. Calls carry the generation they belong to. */
    interface Handler {
        /** Where to connect; may call the venue's REST API first (Binance's listen key). Thrown: a failed attempt. */
        URI uri();

        /** Messages to send as soon as the socket is open (login, subscribe). */
        List<String> opening(long nowMillis);

        /** The socket is open and the opening messages are queued. */
        default void opened(long g) {
        }

        /** A whole text message of connection {@code g}; its arrival has already been counted as a frame. */
        void message(long g, String text);

        /** A ping (true) or pong (false) frame; the handler decides whether it proves liveness ({@link #alive}). */
        void heartbeat(long g, boolean ping);

        /** Connection {@code g} ended (dropped, replaced or closed): forget what it carried. */
        void lost(long g);

        default Optional<String> ping() {
            return Optional.empty();
        }

        default Duration pingEvery() {
            return Duration.ofSeconds(20);
        }

        /** How often {@link #keepAlive} runs while connected; empty for none. */
        default Optional<Duration> keepAliveEvery() {
            return Optional.empty();
        }

        default void keepAlive() {
        }
    }

    private final String name;
    private final Handler handler;
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final HttpClient http;
    private final StreamStats stats;

    private long generation;
    private boolean closed;
    private WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private int failures;
    private volatile Instant lastFrameAt;

    /** @param name for logs: "binance stream of alice", "bybit book stream of BTCUSDT" */
    StreamConnection(String name, Handler handler, Scheduler scheduler, Clock clock, StreamConfig config,
                     HttpClient http, StreamStats stats) {
        this.name = name;
        this.handler = handler;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.http = http;
        this.stats = stats;
    }

    /** Whether {@code g} is the live connection's generation (and the stream is not closed). */
    synchronized boolean current(long g) {
        return g == generation && !closed;
    }

    /** The generation of the connection now, open or being opened. */
    synchronized long generation() {
        return generation;
    }

    /** How long since the last frame that proves liveness; null before the first. */
    Duration lastFrameAge() {
        Instant last = lastFrameAt;
        return last == null ? null : Duration.between(last, clock.now());
    }

    /** A frame of connection {@code g} proved the socket alive. */
    void alive(long g) {
        lastFrameAt = clock.now();
    }

    /**
     * Connection {@code g} carried what it is for. Only such a connection resets the reconnect backoff: one the venue
     * closes right after opening it must not be retried at the shortest wait for ever.
     */
    synchronized void proven(long g) {
        if (g == generation) {
            failures = 0;
        }
    }

    void start() {
        connect();
    }

    /** Ends the stream for good. */
    void close() {
        long g;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            g = generation++;
            abortSocket();
        }
        handler.lost(g);
    }

    /** Drops connection {@code g} and connects again after the backoff. */
    void down(long g, String why) {
        Duration wait;
        synchronized (this) {
            if (g != generation || closed) {
                return;
            }
            generation++;
            abortSocket();
            wait = config.reconnectMin().multipliedBy(1L << Math.min(failures++, 16));
            if (wait.compareTo(config.reconnectMax()) > 0) {
                wait = config.reconnectMax();
            }
        }
        handler.lost(g);
        stats.disconnects.incrementAndGet();
        LOG.info("{} is down ({}); reconnecting in {} ms", name, why, wait.toMillis());
        scheduler.schedule(wait, this::connect);
    }

    /** Replaces connection {@code g} at once (a resync: a fresh subscription starts afresh). */
    void restart(long g) {
        synchronized (this) {
            if (g != generation || closed) {
                return;
            }
            generation++;
            abortSocket();
        }
        handler.lost(g);
        connect();
    }

    /** Sends on connection {@code g}, after whatever it is still sending. */
    synchronized void send(long g, String message) {
        if (g != generation || socket == null) {
            return;
        }
        WebSocket ws = socket;
        sends = sends.handle((x, e) -> null).thenCompose(x -> ws.sendText(message, true));
    }

    private void abortSocket() {
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
        }
        // On a virtual thread: finding the address may call the venue's REST API.
        CompletableFuture.runAsync(() -> {
            URI uri;
            try {
                uri = handler.uri();
            } catch (RuntimeException e) {
                down(g, "no stream address: " + e.getMessage());
                return;
            }
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new WholeMessages(
                            new WholeMessages.Events() {
                                @Override
                                public void message(String text) {
                                    if (current(g)) {
                                        alive(g);
                                        handler.message(g, text);
                                    }
                                }

                                @Override
                                public void heartbeat(boolean ping) {
                                    if (current(g)) {
                                        handler.heartbeat(g, ping);
                                    }
                                }

                                @Override
                                public void down(String why) {
                                    StreamConnection.this.down(g, why);
                                }
                            }))
                    .whenComplete((ws, e) -> {
                        if (e != null) {
                            down(g, "connect failed: " + e);
                        } else {
                            opened(g, ws);
                        }
                    });
        }, r -> Thread.ofVirtual().start(r));
    }

    private void opened(long g, WebSocket ws) {
        synchronized (this) {
            if (g != generation || closed) {
                ws.abort();
                return;
            }
            socket = ws;
            sends = CompletableFuture.completedFuture(null);
        }
        lastFrameAt = clock.now();
        for (String m : handler.opening(System.currentTimeMillis())) {
            send(g, m);
        }
        handler.opened(g);
        schedulePing(g);
        scheduleWatchdog(g);
        handler.keepAliveEvery().ifPresent(every -> scheduleKeepAlive(g, every));
    }

    private void schedulePing(long g) {
        Optional<String> ping = handler.ping();
        if (ping.isEmpty()) {
            return;
        }
        scheduler.schedule(handler.pingEvery(), () -> {
            if (current(g)) {
                send(g, ping.get());
                schedulePing(g);
            }
        });
    }

    /** A connection that shows no frame at all for too long is dead, however open its socket looks. */
    private void scheduleWatchdog(long g) {
        scheduler.schedule(config.silenceLimit().dividedBy(3), () -> {
            if (!current(g)) {
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

    private void scheduleKeepAlive(long g, Duration every) {
        scheduler.schedule(every, () -> {
            if (current(g)) {
                try {
                    handler.keepAlive();
                } catch (RuntimeException e) {
                    LOG.warn("{}: keep-alive failed: {}", name, e.toString());
                }
                scheduleKeepAlive(g, every);
            }
        });
    }
}
