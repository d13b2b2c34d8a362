package io.nija.sim.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.Dialects;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.market.SeededMarkets;
import io.nija.sim.stats.RequestCounts;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone simulator's HTTP side: one Javalin listener per venue on 127.0.0.1, each speaking its exchange's
 * REST dialect over that venue's matching engine, plus the /__sim/ admin routes (docs/simulator.md).
 *
 * <p>Ports: {@code portBase + i} in the contract's order (binance, kraken, coinbase, alpaca, okx, bybit);
 * {@code portBase} 0 gives every listener an ephemeral port (tests).
 *
 * <p>Faults are acted out here, before a request reaches the dialect, on every path except /__sim/: the
 * injector's latency (through its Sleeper), then maintenance, rate-limit storm and HTTP 5xx as the dialect's own
 * errors ({@link Dialect#writeFault}), and connection reset as a dropped connection with no response.
 * Accept-then-timeout happens in the dialects' order handlers ({@link DialectContext#answerLost}).
 */
public final class SimHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimHttpServer.class);
    private static final String HOST = "127.0.0.1";

    private final Map<String, Javalin> listeners;
    /** Each venue's websocket sessions; they stop with the listeners. */
    private final Map<String, StreamHub> hubs;

    private SimHttpServer(Map<String, Javalin> listeners, Map<String, StreamHub> hubs) {
        this.listeners = listeners;
        this.hubs = hubs;
    }

    /** The websocket sessions of one venue (tests count them and their messages). */
    public StreamHub streams(String venue) {
        listener(venue);
        return hubs.get(venue);
    }

    /** Every venue of {@code sim} with the dialects of {@link Dialects}. */
    public static SimHttpServer start(SimulatedExchanges sim, int portBase) {
        return start(sim, portBase, Dialects::forVenue);
    }

    /** Every venue of {@code sim}, with dialects from {@code dialects} (a venue without one gets admin routes only). */
    public static SimHttpServer start(SimulatedExchanges sim, int portBase, Function<String, Optional<Dialect>> dialects) {
        if (portBase < 0 || portBase > 65535) {
            throw new IllegalArgumentException("port base must be 0..65535: " + portBase);
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        Map<String, Javalin> started = new LinkedHashMap<>();
        Map<String, StreamHub> hubs = new LinkedHashMap<>();
        try {
            List<String> venues = ordered(sim.venueNames());
            for (int i = 0; i < venues.size(); i++) {
                String venue = venues.get(i);
                int port = portBase == 0 ? 0 : portBase + i;
                StreamHub hub = new StreamHub(venue, sim.engine(venue), sim.faults(venue));
                hubs.put(venue, hub);
                Javalin app = listener(sim, venue, dialects.apply(venue).orElse(null), json, port, hub);
                started.put(venue, app);
            }
        } catch (RuntimeException e) {
            started.values().forEach(SimHttpServer::stopQuietly);
            hubs.values().forEach(StreamHub::close);
            throw e;
        }
        return new SimHttpServer(started, hubs);
    }

    /** The contract's order first, then any other venues in the simulator's order. */
    private static List<String> ordered(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String v : SeededMarkets.VENUES) {
            if (names.contains(v)) {
                out.add(v);
            }
        }
        for (String v : names) {
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static Javalin listener(SimulatedExchanges sim, String venue, Dialect dialect, ObjectMapper json, int port,
                                    StreamHub hub) {
        FaultInjector faults = sim.faults(venue);
        RequestCounts requests = sim.requests(venue);
        DialectContext context = new DialectContext(sim.spec(venue), sim.engine(venue), faults, sim.clock(), json);
        AdminRoutes admin = new AdminRoutes(sim, venue, json);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = HOST;
            config.jetty.port = port;
            RoutesConfig r = config.routes;
            r.before(ctx -> {
                if (!ctx.path().startsWith(AdminRoutes.PREFIX)) {
                    requests.record(ctx.method().name() + " " + ctx.path());
                }
                applyFaults(ctx, faults, dialect);
            });
            admin.register(r);
            if (dialect != null) {
                dialect.routes(r, context);
                dialect.streams(r, context, hub);
            }
            r.exception(AdminRoutes.AdminException.class,
                    (e, ctx) -> AdminRoutes.writeError(ctx, json, e.status, e.code, e.getMessage()));
            r.exception(VenueException.class, (e, ctx) -> {
                if (dialect != null) {
                    dialect.writeError(ctx, e.kind(), e.getMessage());
                } else {
                    AdminRoutes.writeError(ctx, json, 400, e.kind().wire(), e.getMessage());
                }
            });
            r.exception(Exception.class, (e, ctx) -> {
                LOG.error("simulated {} failed on {} {}", venue, ctx.method(), ctx.path(), e);
                if (ctx.path().startsWith(AdminRoutes.PREFIX) || dialect == null) {
                    AdminRoutes.writeError(ctx, json, 500, "internal_error", String.valueOf(e.getMessage()));
                } else {
                    dialect.writeError(ctx, VenueErrorKind.UNKNOWN, "Internal error; unable to process your request.");
                }
            });
        });
        app.start();
        return app;
    }

    private static void applyFaults(Context ctx, FaultInjector faults, Dialect dialect) {
        if (ctx.path().startsWith(AdminRoutes.PREFIX)) {
            return;
        }
        FaultInjector.Outcome outcome = faults.beforeCall();
        switch (outcome) {
            case PROCEED -> { }
            case CONNECTION_RESET -> Connections.drop(ctx);
            default -> {
                ctx.skipRemainingHandlers();
                if (dialect != null) {
                    dialect.writeFault(ctx, outcome);
                } else {
                    ctx.status(outcome == FaultInjector.Outcome.RATE_LIMITED ? 429 : 503)
                            .contentType("application/json").result("{\"error\":\"" + outcome + "\"}");
                }
            }
        }
    }

    /** The venues listening, in port order. */
    public List<String> venues() {
        return List.copyOf(listeners.keySet());
    }

    public int port(String venue) {
        return listener(venue).port();
    }

    /** {@code http://127.0.0.1:<port>}, with no trailing slash: the exchange's paths go straight after it. */
    public URI baseUrl(String venue) {
        return URI.create("http://" + HOST + ":" + port(venue));
    }

    private Javalin listener(String venue) {
        Javalin app = listeners.get(venue);
        if (app == null) {
            throw new IllegalArgumentException("no listener for venue " + venue + "; known: " + listeners.keySet());
        }
        return app;
    }

    @Override
    public void close() {
        listeners.values().forEach(SimHttpServer::stopQuietly);
        hubs.values().forEach(StreamHub::close);
    }

    private static void stopQuietly(Javalin app) {
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping a simulator listener failed", e);
        }
    }
}
