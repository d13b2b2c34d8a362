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

    /** Called under the engine lock: only queue. */
    private void onUpdate(MatchingEngine.OrderUpdate update) {
        String key = update.order().apiKey();
        for (Session s : sessions.values()) {
            if (key.equals(s.apiKey)) {
                out.execute(() -> data(s, s.format.apply(update)));
            }
        }
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
                    LOG.debug("closing a {} stream failed: {}", venue, e.toString());
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
        out.shutdownNow();
    }
}
