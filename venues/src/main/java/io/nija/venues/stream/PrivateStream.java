package io.nija.venues.stream;

import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.venue.OrderEvents;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's private order stream on one venue, over the JDK's websocket client: connects, logs in and subscribes
 * through its {@link PrivateStreamDialect}, hands every order event to the engine, and watches its own liveness.
 *
 * <p>The socket's lifecycle (generations, liveness, reconnect with backoff) is its {@link StreamConnection}'s. When
 * the stream comes up (again) or goes down the engine is told ({@link OrderEvents#streamChanged}); it then reads by
 * REST what the stream may have missed (the catch-up) and follows the account's orders at the pace the stream's
 * health allows.
 */
public final class PrivateStream implements StreamConnection.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateStream.class);

    /** Where the stream stands. */
    public enum State { CONNECTING, UP, DOWN, CLOSED }

    private final VenueAccount account;
    private final PrivateStreamDialect dialect;
    private final OrderEvents events;
    private final StreamConfig config;
    private final StreamStats stats;
    private final StreamConnection connection;

    private volatile State state = State.DOWN;

    PrivateStream(VenueAccount account, PrivateStreamDialect dialect, OrderEvents events, Scheduler scheduler,
                  Clock clock, StreamConfig config, HttpClient http, StreamStats stats) {
        this.account = account;
        this.dialect = dialect;
        this.events = events;
        this.config = config;
        this.stats = stats;
        this.connection = new StreamConnection(dialect.venue() + " stream of " + account, this, scheduler, clock,
                config, http, stats);
    }

    public State state() {
        return state;
    }

    public boolean healthy() {
        return state == State.UP;
    }

    /** How long since the last frame of any kind (data or heartbeat); null before the first. */
    public Duration lastFrameAge() {
        return connection.lastFrameAge();
    }

    void start() {
        synchronized (this) {
            state = State.CONNECTING;
        }
        connection.start();
    }

    /** The engine saw REST show what this stream should have pushed: drop it and connect afresh. */
    void suspect(String why) {
        long g;
        synchronized (this) {
            if (state != State.UP) {
                return;
            }
            g = connection.generation();
        }
        LOG.warn("{} stream of {} looks stalled ({}); reconnecting", dialect.venue(), account, why);
        stats.stalls.incrementAndGet();
        connection.down(g, "stalled: " + why);
    }

    /** Nobody asked about this stream for a while: its key has no order to follow. */
    void closeIdle() {
        LOG.info("{} stream of {} is idle (no order to follow); closing it", dialect.venue(), account);
        close();
    }

    void close() {
        synchronized (this) {
            state = State.CLOSED; // first: closing on purpose is not a stream going down
        }
        connection.close();
        dialect.closed(account);
    }

    @Override
    public URI uri() {
        synchronized (this) {
            if (state != State.CLOSED) {
                state = State.CONNECTING;
            }
        }
        return dialect.connectUri(account);
    }

    @Override
    public List<String> opening(long nowMillis) {
        return dialect.onOpen(account, nowMillis);
    }

    @Override
    public void opened(long g) {
        if (dialect.readyOnOpen()) {
            up(g);
        }
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
    public Optional<Duration> keepAliveEvery() {
        return Optional.of(config.keepAliveEvery());
    }

    @Override
    public void keepAlive() {
        dialect.keepAlive(account);
    }

    private void up(long g) {
        synchronized (this) {
            if (!connection.current(g) || state == State.UP) {
                return;
            }
            state = State.UP;
        }
        stats.connects.incrementAndGet();
        stats.catchUps.incrementAndGet();
        LOG.info("{} stream of {} is up; catching up by REST", dialect.venue(), account);
        events.streamChanged(account, true);
    }

    @Override
    public void message(long g, String text) {
        framed(g);
        PrivateStreamDialect.Parsed parsed;
        try {
            parsed = dialect.parse(account, text);
        } catch (RuntimeException e) {
            LOG.warn("{} stream of {}: unreadable message ({}): {}", dialect.venue(), account, e, abbreviate(text));
            return;
        }
        if (parsed.refused()) {
            connection.down(g, "refused: " + abbreviate(text));
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

    @Override
    public void heartbeat(long g, boolean ping) {
        // The venue's heartbeat (the client answers the pong itself); it proves the socket, not the data.
        connection.alive(g);
        framed(g);
    }

    /** A frame while up proves the connection: the reconnect backoff starts afresh. */
    private void framed(long g) {
        if (state == State.UP) {
            connection.proven(g);
        }
    }

    @Override
    public void lost(long g) {
        boolean wasUp;
        synchronized (this) {
            wasUp = state == State.UP;
            if (state != State.CLOSED) {
                state = State.DOWN;
            }
        }
        if (wasUp) {
            // Orders it was following fall back to REST polling until it is up again.
            events.streamChanged(account, false);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
