package io.nija.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.server.app.RouterService;
import io.nija.server.auth.Principal;
import io.nija.server.events.EventSubscription;
import io.nija.server.events.Notifications;
import io.nija.server.events.OrderEvent;
import io.nija.server.events.UserWebhooks;
import io.nija.server.events.WebhookDispatcher;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events} (Server-Sent Events of the token's user's order events; the admin's token sees every
 * user's) and {@code PUT|GET|DELETE /api/v1/users/{user_id}/webhook} (a user's signed callback for the same events).
 */
final class NotificationRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRoutes.class);
    static final String PRINCIPAL = "principal";

    private final RouterService service;
    private final Notifications notifications;
    private final ObjectMapper mapper;

    NotificationRoutes(RouterService service, Notifications notifications, ObjectMapper mapper) {
        this.service = service;
        this.notifications = notifications;
        this.mapper = mapper;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/events", this::events);
        r.put("/api/v1/users/{user_id}/webhook", this::putWebhook);
        r.get("/api/v1/users/{user_id}/webhook", this::getWebhook);
        r.delete("/api/v1/users/{user_id}/webhook", this::deleteWebhook);
    }

    // --- Server-Sent Events -------------------------------------------------------------------------

    /**
     * Streams until the client goes away or the service stops. Each order event is {@code id: <event_id>},
     * {@code event: order.updated}, {@code data: <event JSON>}; an idle stream gets a comment every keep-alive
     * period; a client that reads too slowly loses the oldest events and is told with an {@code event:
     * stream.dropped} ({@code {"dropped":n}}). A reconnect with {@code Last-Event-ID} replays the recent events after
     * that id; with several instances, on any instance, from the events stored in the last hour.
     */
    private void events(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        long keepAlive = Math.max(10, notifications.keepAlive().toMillis());
        EventSubscription sub = notifications.hub().subscribe(p.isAdmin() ? null : p.userId(), ctx.header("Last-Event-ID"));
        try {
            OutputStream out = res.getOutputStream();
            write(out, "retry: 3000\n: connected as " + (p.isAdmin() ? "admin (all users)" : "user " + p.userId()) + "\n\n");
            while (!sub.isClosed()) {
                OrderEvent e = sub.next(keepAlive);
                long dropped = sub.takeDropped();
                StringBuilder sb = new StringBuilder();
                if (dropped > 0) {
                    sb.append("event: stream.dropped\ndata: {\"dropped\":").append(dropped)
                            .append(",\"message\":\"this client read too slowly; re-read GET /api/v1/orders\"}\n\n");
                }
                if (e != null) {
                    sb.append("id: ").append(e.eventId()).append('\n')
                            .append("event: ").append(e.type()).append('\n')
                            .append("data: ").append(e.json()).append("\n\n");
                } else if (dropped == 0 && !sub.isClosed()) {
                    sb.append(": keep-alive\n\n");
                }
                if (!sb.isEmpty()) {
                    write(out, sb.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("event stream closed by the client: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            notifications.hub().unsubscribe(sub);
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // --- webhook ------------------------------------------------------------------------------------

    private void putWebhook(Context ctx) {
        String userId = ctx.pathParam("user_id");
        Principal p = ctx.attribute(PRINCIPAL);
        // Who may touch this user's webhook is settled before the body is looked at.
        service.requireUserAccess(p, userId);
        JsonBody body = JsonBody.parse(mapper, Bodies.text(ctx));
        URI url = UserWebhooks.parseUrl(body.string("url"));
        // Not into the router's own network (SSRF): checked here and again before every delivery.
        notifications.addressGuard().check(url).ifPresent(r -> {
            throw ApiException.badRequest(r.code(), r.message());
        });
        String secret = body.string("secret");
        UserWebhooks.checkSecret(secret);
        notifications.webhooks().put(p.userId(), userId, url, secret);
        json(ctx, 200, view(userId, url));
    }

    private void getWebhook(Context ctx) {
        String userId = ctx.pathParam("user_id");
        service.requireUserAccess(ctx.attribute(PRINCIPAL), userId);
        UserWebhooks.Settings s = notifications.webhooks().find(userId)
                .orElseThrow(() -> ApiException.notFound("webhook of user " + userId));
        json(ctx, 200, view(userId, s.url()));
    }

    private void deleteWebhook(Context ctx) {
        String userId = ctx.pathParam("user_id");
        Principal p = ctx.attribute(PRINCIPAL);
        service.requireUserAccess(p, userId);
        if (!notifications.webhooks().delete(p.userId(), userId)) {
            throw ApiException.notFound("webhook of user " + userId);
        }
        ctx.status(204);
    }

    /** The webhook as shown: its URL and delivery counts, never the secret. */
    private ObjectNode view(String userId, URI url) {
        WebhookDispatcher.Stats st = notifications.dispatcher().stats(userId);
        ObjectNode n = mapper.createObjectNode();
        n.put("user_id", userId);
        n.put("url", url.toString());
        n.put("delivered", st.delivered());
        n.put("failed", st.failed());
        n.put("dropped", st.dropped());
        n.put("last_error", st.lastError());
        n.put("last_attempt_at", st.lastAttemptAt() == null ? null : st.lastAttemptAt().toString());
        return n;
    }

    private void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
