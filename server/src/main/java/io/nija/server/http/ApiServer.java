package io.nija.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.nija.core.engine.SignalAck;
import io.nija.core.signal.SignalRequest;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.risk.KillSwitchState;
import io.nija.core.store.Subscription;
import io.nija.core.user.Role;
import io.nija.core.user.UserLimits;
import io.nija.server.app.FanOutResult;
import io.nija.server.app.RouterService;
import io.nija.server.app.StrategyAlert;
import io.nija.server.auth.Principal;
import io.nija.server.events.Notifications;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (described by GET /openapi.json) under /api/v1, the TradingView webhook, plus health, readiness,
 * metrics, the OpenAPI document and the dashboard. Every error is {@code {error:{code,message}}} with a 4xx (or
 * 5xx for our own faults); bad input is refused before anything is stored. Each API token (and each strategy's
 * webhook) has its own request budget ({@link RateLimit}); the admin token has none.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** Oversized bodies up to this size are read and dropped so that the client reliably gets its 413. */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    private static final String PRINCIPAL = "principal";

    private final RouterService service;
    /**
     * Strict: exact decimals, and a body with a repeated key or anything after the JSON value is refused rather
     * than read one of several ways.
     */
    private final ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonViews views = new JsonViews(mapper);
    private final ApiRateLimiter rateLimiter;
    private final Javalin app;
    private final NotificationRoutes notificationRoutes;
    private final UserRoutes userRoutes;
    private final PnlRoute pnlRoute;
    private final HttpRequestMetrics httpMetrics;
    /** False from the start of a stop: every request is answered 503 while the lanes drain behind it. */
    private volatile boolean intakeOpen = true;

    public ApiServer(RouterService service, String host, int port) {
        this(service, host, port, RateLimit.DEFAULT);
    }

    public ApiServer(RouterService service, String host, int port, RateLimit rateLimit) {
        this(service, host, port, rateLimit, null);
    }

    /** With {@code notifications}: also GET /api/v1/events and the users' webhook routes. */
    public ApiServer(RouterService service, String host, int port, RateLimit rateLimit, Notifications notifications) {
        this.service = service;
        this.rateLimiter = new ApiRateLimiter(rateLimit);
        this.httpMetrics = new HttpRequestMetrics(service.meterRegistry());
        this.userRoutes = new UserRoutes(service, mapper);
        this.pnlRoute = new PnlRoute(service, mapper);
        this.notificationRoutes = notifications == null ? null : new NotificationRoutes(service, notifications, mapper);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // A method a route does not take (PATCH /orders) is 405 with the methods it does take, not "no route".
            config.http.prefer405over404 = true;
            config.jetty.host = host;
            config.jetty.port = port;
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages.ForServer()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorPages.ForContext()));
            routes(config.routes);
        });
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every route served, as "METHOD /path/{param}" (for tests that check the API description is complete). */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .sorted()
                .toList();
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        // First, so that every answer carries them, refusals by the handlers below included.
        r.before(SecurityHeaders::apply);
        r.before(httpMetrics::started);
        r.before(CorrelationHandlers::before);
        r.after(CorrelationHandlers::after);
        r.after(httpMetrics::finished);
        r.before(ctx -> {
            if (!intakeOpen) {
                ctx.header("Retry-After", "5");
                throw new ApiException(503, "shutting_down", "the router is stopping and takes no new requests");
            }
        });
        r.before("/api/*", this::authenticate);
        r.before("/webhooks/*", ApiServer::checkBodySize);
        r.get("/health", ctx -> json(ctx, 200, mapper.createObjectNode().put("status", "ok")));
        r.get("/ready", this::ready);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(service.metrics()));
        r.get("/openapi.json", ctx -> resource(ctx, "/openapi.json", "application/json"));

        r.post("/api/v1/users", this::createUser);
        r.put("/api/v1/users/{user_id}/credentials/{venue}", this::putCredentials);
        userRoutes.register(r);
        r.get("/api/v1/users/{user_id}/limits", ctx -> json(ctx, 200,
                views.limits(ctx.pathParam("user_id"), service.limits(principal(ctx), ctx.pathParam("user_id")))));
        r.put("/api/v1/users/{user_id}/limits", this::putLimits);
        r.post("/api/v1/signals", this::postSignal);
        r.get("/api/v1/orders", this::listOrders);
        r.get("/api/v1/orders/{order_id}", ctx -> json(ctx, 200, views.order(service.order(principal(ctx), ctx.pathParam("order_id")))));
        r.get("/api/v1/orders/{order_id}/bracket", ctx -> json(ctx, 200,
                views.bracket(service.bracket(principal(ctx), ctx.pathParam("order_id")))));
        r.delete("/api/v1/orders/{order_id}", ctx -> json(ctx, 202, views.order(service.cancel(principal(ctx), ctx.pathParam("order_id")))));
        r.get("/api/v1/positions", this::listPositions);
        r.get("/api/v1/venues", this::listVenues);
        r.post("/api/v1/kill-switch", this::killSwitch);
        r.get("/api/v1/kill-switch", this::getKillSwitch);
        r.get("/api/v1/cluster", this::cluster);
        r.post("/api/v1/strategies", this::createStrategy);
        r.post("/api/v1/strategies/{strategy}/signals", this::publishSignal);
        r.put("/api/v1/users/{user_id}/subscriptions/{strategy}", this::putSubscription);
        r.get("/api/v1/users/{user_id}/subscriptions", this::listSubscriptions);
        r.get("/api/v1/users/{user_id}/pnl", ctx -> json(ctx, 200, pnlRoute.answer(ctx, principal(ctx))));
        r.post("/webhooks/tradingview/{strategy}", this::tradingViewWebhook);
        if (notificationRoutes != null) {
            notificationRoutes.register(r);
        }

        r.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            error(ctx, e.status(), e.code(), e.getMessage());
        });
        r.exception(Exception.class, (e, ctx) -> {
            // The route pattern, not the path: paths carry caller input. Exceptions never hold request bodies.
            LOG.error("unhandled error on {} {}", ctx.method(), routeOf(ctx), e);
            error(ctx, 500, "internal_error", "the router could not complete this request");
        });
        r.error(404, ctx -> {
            // Our own 404s already carry a JSON error; Javalin's "no such route" does not.
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path());
            }
        });
        r.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
        r.error(413, ctx -> error(ctx, 413, "body_too_large", "request body exceeds " + MAX_BODY_BYTES + " bytes"));
    }

    // --- auth ---------------------------------------------------------------------------------------

    private void authenticate(Context ctx) {
        checkBodySize(ctx);
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Principal p = service.authenticate(token)
                .orElseThrow(() -> new ApiException(401, "unauthorized", "a valid bearer token is required"));
        if (!p.isAdmin()) {
            // Keyed by the user the token belongs to (one token per user): no second hash of the token per request.
            rateLimiter.acquire("user:" + p.userId());
        }
        ctx.attribute(PRINCIPAL, p);
    }

    private static void checkBodySize(Context ctx) {
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            if (length <= DRAIN_LIMIT_BYTES) {
                drain(ctx);
            }
            throw new ApiException(413, "body_too_large", "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
    }

    /**
     * Reads and drops a moderately oversized body before refusing it: a server that answers and closes while the
     * client is still sending makes the client's TCP stack reset the connection, and the client never sees the 413.
     */
    private static void drain(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            long left = DRAIN_LIMIT_BYTES;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    // --- handlers -----------------------------------------------------------------------------------

    private void createUser(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        String userId = body.string("user_id");
        if (userId == null) {
            throw ApiException.badRequest("missing_user", "user_id is required");
        }
        Role role = parseRole(body.string("role"));
        io.nija.core.user.UserMode mode = body.has("mode") ? UserRoutes.parseMode(body.string("mode")) : null;
        UserLimits limits = body.has("limits") ? LimitsJson.read(JsonBody.parse(mapper, body.rawObject("limits")),
                UserLimits.defaults()) : UserLimits.defaults();
        String token = service.createUser(principal(ctx), userId, role, limits, mode);
        json(ctx, 201, mapper.createObjectNode().put("user_id", userId).put("token", token).put("role", role.wire())
                .put("mode", (mode == null ? service.defaultMode() : mode).wire()));
    }

    private static Role parseRole(String text) {
        if (text == null) {
            return Role.USER;
        }
        return switch (text) {
            case "user" -> Role.USER;
            case "publisher", "strategy_publisher" -> Role.PUBLISHER;
            default -> throw ApiException.badRequest("invalid_role", "role must be user or publisher");
        };
    }

    private void putCredentials(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        String key = body.string("api_key");
        String secret = body.string("api_secret");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw ApiException.badRequest("invalid_credentials", "api_key and api_secret are required");
        }
        if (key.length() > 512 || secret.length() > 4096) {
            throw ApiException.badRequest("invalid_credentials", "api_key or api_secret is too long");
        }
        java.util.List<String> warnings = service.putCredentials(principal(ctx), ctx.pathParam("user_id"),
                ctx.pathParam("venue"), key, secret, body.string("passphrase"));
        if (warnings.isEmpty()) {
            ctx.status(204); // as before the check existed, so existing clients see no change
            return;
        }
        ObjectNode n = mapper.createObjectNode();
        warnings.forEach(n.putArray("warnings")::add);
        json(ctx, 200, n);
    }

    private void putLimits(Context ctx) {
        String userId = ctx.pathParam("user_id");
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        UserLimits current = service.limits(principal(ctx), userId);
        UserLimits updated = LimitsJson.read(body, current);
        service.putLimits(principal(ctx), userId, updated);
        json(ctx, 200, views.limits(userId, updated));
    }

    private void postSignal(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        SignalRequest request = new SignalRequest(body.string("user_id"), body.string("pair"), body.string("side"),
                body.decimalText("size_usd"), body.string("signal_type"), body.string("strategy"),
                body.string("idempotency_key"), body.bool("close_all"), body.string("signal_time"),
                body.decimalText("limit_price"), body.decimalText("time_in_force_s"),
                body.decimalText("take_profit_price"), body.decimalText("stop_loss_price"));
        SignalAck ack = service.submitSignal(principal(ctx), request);
        ObjectNode n = mapper.createObjectNode();
        n.put("signal_id", ack.signalId());
        n.put("status", ack.status());
        n.put("duplicate", ack.duplicate());
        ArrayNode ids = n.putArray("order_ids");
        ack.orderIds().forEach(ids::add);
        json(ctx, 202, n);
    }

    /**
     * {@code GET /orders}: newest first, filtered; keyset paging with the next page's cursor in {@code X-Next-Cursor}
     * (absent on the last page); JSON or, asked for, CSV.
     */
    private void listOrders(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        OrderListParams params = OrderListParams.read(ctx, limit);
        java.util.List<io.nija.core.order.Order> found = service.orders(principal(ctx), params.query());
        java.util.List<io.nija.core.order.Order> page = found.size() > limit ? found.subList(0, limit) : found;
        if (found.size() > limit) {
            io.nija.core.order.Order last = page.get(page.size() - 1);
            ctx.header("X-Next-Cursor", new io.nija.core.store.OrderCursor(last.createdAt(), last.orderId()).encode());
        }
        java.util.List<ObjectNode> views = page.stream().map(this.views::order).toList();
        if (params.csv()) {
            ctx.status(200).contentType("text/csv; charset=utf-8").result(OrderCsv.write(views));
            return;
        }
        ArrayNode out = mapper.createArrayNode();
        views.forEach(out::add);
        json(ctx, 200, out);
    }

    private void listPositions(Context ctx) {
        ArrayNode out = mapper.createArrayNode();
        service.positions(principal(ctx), blankToNull(ctx.queryParam("user_id")))
                .forEach(p -> out.add(views.position(p, service.unrealizedPnl(p))));
        json(ctx, 200, out);
    }

    private void listVenues(Context ctx) {
        ArrayNode out = mapper.createArrayNode();
        service.venues().forEach(v -> out.add(views.venue(v, service.displayFees(v.venue()))));
        json(ctx, 200, out);
    }

    /**
     * {@code {user_id?, enabled?, mode?}}: the older body {@code {user_id?}} still means on, block_entries.
     */
    private void killSwitch(Context ctx) {
        String raw = text(ctx);
        JsonBody body = raw == null || raw.isBlank() ? JsonBody.parse(mapper, "{}") : JsonBody.parse(mapper, raw);
        Boolean enabled = body.bool("enabled");
        String userId = body.string("user_id");
        KillSwitchMode mode;
        try {
            mode = KillSwitchMode.parse(body.string("mode"));
        } catch (io.nija.core.signal.SignalRejectedException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        KillSwitchState state = service.killSwitch(principal(ctx), userId, enabled == null || enabled, mode);
        json(ctx, 200, killSwitchJson(userId, state, null));
    }

    private void getKillSwitch(Context ctx) {
        String asked = blankToNull(ctx.queryParam("user_id"));
        // A user token without user_id reads its own switch; the admin's reads the global one.
        String userId = asked == null && !principal(ctx).isAdmin() ? principal(ctx).userId() : asked;
        KillSwitchState state = service.killSwitchState(principal(ctx), userId);
        json(ctx, 200, killSwitchJson(userId, state, service.isFlat(principal(ctx), userId)));
    }

    private ObjectNode killSwitchJson(String userId, KillSwitchState state, Boolean flat) {
        ObjectNode n = mapper.createObjectNode();
        n.put("user_id", userId);
        n.put("enabled", state.enabled());
        n.put("mode", state.mode().wire());
        if (state.setAt() == null) {
            n.putNull("set_at");
        } else {
            n.put("set_at", state.setAt().toString());
        }
        if (flat != null) {
            n.put("flat", flat);
        }
        return n;
    }

    // --- strategies, subscriptions, alerts ------------------------------------------------------------

    private void createStrategy(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        var s = service.createStrategy(principal(ctx), body.string("strategy"), body.string("secret"));
        json(ctx, 201, mapper.createObjectNode().put("strategy", s.strategy()).put("created_at", s.createdAt().toString()));
    }

    private void putSubscription(Context ctx) {
        String userId = ctx.pathParam("user_id");
        String strategy = ctx.pathParam("strategy");
        // Who may touch this user's subscriptions is settled before the body is looked at.
        service.requireUserAccess(principal(ctx), userId);
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        Boolean enabled = body.bool("enabled");
        BigDecimal fixed = LimitsJson.usd(body, "fixed_usd");
        BigDecimal fraction = positive(body.decimal("fraction"), "fraction");
        BigDecimal cap = LimitsJson.usd(body, "cap_usd");
        if ((fixed == null) == (fraction == null)) {
            throw ApiException.badRequest("invalid_sizing", "give exactly one of fixed_usd and fraction");
        }
        if (fraction != null && (fraction.compareTo(BigDecimal.valueOf(100)) > 0 || fraction.stripTrailingZeros().scale() > 8)) {
            throw ApiException.badRequest("invalid_field", "fraction must be at most 100 with at most 8 decimals");
        }
        service.putSubscription(principal(ctx), userId, strategy, enabled == null || enabled, fixed,
                fraction == null ? null : fraction.stripTrailingZeros(), cap);
        ctx.status(204);
    }

    private void listSubscriptions(Context ctx) {
        String userId = ctx.pathParam("user_id");
        ArrayNode out = mapper.createArrayNode();
        for (Subscription s : service.subscriptions(principal(ctx), userId)) {
            ObjectNode n = out.addObject();
            n.put("user_id", s.userId());
            n.put("strategy", s.strategy());
            n.put("enabled", s.enabled());
            n.put("fixed_usd", DecimalFormats.usd(s.fixedUsd()));
            n.put("fraction", JsonViews.dec(s.fraction()));
            n.put("cap_usd", DecimalFormats.usd(s.capUsd()));
        }
        json(ctx, 200, out);
    }

    /**
     * {@code POST /webhooks/tradingview/{strategy}}: no bearer token; the alert's {@code secret} must be the
     * strategy's. A wrong or missing secret is a 401 and nothing else happens.
     */
    private void tradingViewWebhook(Context ctx) {
        String strategy = ctx.pathParam("strategy");
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        JsonNode root = body.root();
        service.requireWebhookSecret(strategy, AlertJson.secret(root));
        rateLimiter.acquire("strategy:" + strategy);
        StrategyAlert alert = AlertJson.read(mapper, body, root);
        json(ctx, 202, fanOutJson(service.webhookAlert(strategy, alert), true));
    }

    /** The webhook's equivalent for a token: the admin's, or a publisher's for a strategy it owns. */
    private void publishSignal(Context ctx) {
        String strategy = ctx.pathParam("strategy");
        Principal p = principal(ctx);
        RouterService.requirePublisher(p, strategy);
        JsonBody body = JsonBody.parse(mapper, text(ctx));
        StrategyAlert alert = AlertJson.read(mapper, body, body.root());
        // A publisher learns how its alert went, not who follows it.
        json(ctx, 202, fanOutJson(service.publish(p, strategy, alert), p.isAdmin()));
    }

    private ObjectNode fanOutJson(FanOutResult r, boolean showUsers) {
        ObjectNode n = mapper.createObjectNode();
        n.put("strategy", r.strategy());
        n.put("alert_id", r.alertId());
        n.put("fan_out", r.inProgress() ? "in_progress" : "done");
        n.put("repeat", r.repeat());
        n.put("subscribers", r.subscribers());
        ArrayNode ids = n.putArray("signal_ids");
        r.accepted().forEach(a -> ids.add(a.signalId()));
        n.put("accepted", r.accepted().size());
        n.put("duplicates", r.accepted().stream().filter(FanOutResult.Accepted::duplicate).count());
        ArrayNode refused = n.putArray("refused");
        for (FanOutResult.Refused x : r.refused()) {
            ObjectNode e = refused.addObject();
            if (showUsers) {
                e.put("user_id", x.userId());
            }
            e.put("code", x.code());
        }
        return n;
    }

    private void cluster(Context ctx) {
        io.nija.server.app.ClusterStatus c = service.cluster();
        ObjectNode n = mapper.createObjectNode();
        n.put("mode", c.mode());
        n.put("shards", c.shards());
        n.put("takeovers", c.takeovers());
        ArrayNode instances = n.putArray("instances");
        for (io.nija.server.app.ClusterStatus.Instance i : c.instances()) {
            ObjectNode me = instances.addObject();
            me.put("instance_id", i.instanceId());
            me.put("started_at", i.startedAt() == null ? null : i.startedAt().toString());
            me.put("last_seen", i.lastSeen() == null ? null : i.lastSeen().toString());
            ArrayNode shards = me.putArray("shards");
            i.shards().forEach(shards::add);
        }
        json(ctx, 200, n);
    }

    private void ready(Context ctx) {
        boolean store = service.storeHealthy();
        ObjectNode n = mapper.createObjectNode().put("store", store).put("venues", service.venueNames().size());
        n.put("status", store ? "ready" : "not_ready");
        json(ctx, store ? 200 : 503, n);
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** The body as UTF-8; anything else is refused rather than read with replacement characters. */
    static String text(Context ctx) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(ctx.bodyAsBytes())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid UTF-8");
        }
    }

    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be an integer from " + min + " to " + max);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void error(Context ctx, int status, String code, String message) {
        ObjectNode n = mapper.createObjectNode();
        n.putObject("error").put("code", code).put("message", message);
        json(ctx, status, n);
    }

    private void resource(Context ctx, String path, String type) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw ApiException.notFound(path);
            }
            ctx.contentType(type).result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * First step of a stop: from now on every request is answered 503 {@code shutting_down} (with Retry-After), while
     * the listener stays up so that clients get an answer rather than a refused connection during the drain.
     */
    public void closeIntake() {
        intakeOpen = false;
    }

    @Override
    public void close() {
        intakeOpen = false;
        app.stop();
    }

    static BigDecimal positive(BigDecimal v, String field) {
        if (v != null && v.signum() <= 0) {
            throw ApiException.badRequest("invalid_field", field + " must be positive");
        }
        return v;
    }
}
