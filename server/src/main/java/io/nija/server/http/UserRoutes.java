package io.nija.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.store.CredentialInfo;
import io.nija.core.user.UserMode;
import io.nija.core.venue.AssetBalance;
import io.nija.server.app.RouterService;
import io.nija.server.auth.Principal;

/**
 * User administration and what a user may see of its own accounts: {@code GET /users}, {@code GET|PUT|DELETE
 * /users/{user_id}}, {@code POST /users/{user_id}/token}, {@code GET /users/{user_id}/credentials} and
 * {@code GET /users/{user_id}/balances}. Who may do what is decided in {@link RouterService}.
 */
final class UserRoutes {
    private final RouterService service;
    private final ObjectMapper mapper;

    UserRoutes(RouterService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/users", ctx -> {
            ArrayNode out = mapper.createArrayNode();
            service.users(principal(ctx)).forEach(u -> out.add(user(u)));
            json(ctx, 200, out);
        });
        r.get("/api/v1/users/{user_id}", ctx -> json(ctx, 200, user(service.user(principal(ctx), ctx.pathParam("user_id")))));
        r.put("/api/v1/users/{user_id}", this::putUser);
        r.delete("/api/v1/users/{user_id}", ctx -> {
            service.deleteUser(principal(ctx), ctx.pathParam("user_id"));
            ctx.status(204);
        });
        r.post("/api/v1/users/{user_id}/token", ctx -> {
            String userId = ctx.pathParam("user_id");
            String token = service.rotateToken(principal(ctx), userId);
            json(ctx, 200, mapper.createObjectNode().put("user_id", userId).put("token", token));
        });
        r.get("/api/v1/users/{user_id}/credentials", this::credentials);
        r.get("/api/v1/users/{user_id}/balances", this::balances);
    }

    static UserMode parseMode(String text) {
        try {
            return UserMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_mode", "mode must be paper or live");
        }
    }

    private void putUser(Context ctx) {
        String userId = ctx.pathParam("user_id");
        Principal p = principal(ctx);
        // The caller's right to change users is settled before the body is looked at.
        if (!p.isAdmin()) {
            throw ApiException.forbidden("this needs the admin token");
        }
        JsonBody body = JsonBody.parse(mapper, ApiServer.text(ctx));
        if (!body.has("mode")) {
            throw ApiException.badRequest("invalid_mode", "mode (paper or live) is required");
        }
        UserMode mode = parseMode(body.string("mode"));
        json(ctx, 200, user(service.putUser(p, userId, mode, body.bool("enabled"))));
    }

    private void credentials(Context ctx) {
        ArrayNode out = mapper.createArrayNode();
        for (CredentialInfo c : service.credentials(principal(ctx), ctx.pathParam("user_id"))) {
            ObjectNode n = out.addObject();
            n.put("venue", c.venue());
            n.put("key_hint", c.keyHint());
            c.permissions().forEach(n.putArray("permissions")::add);
            n.put("validated_at", c.validatedAt() == null ? null : c.validatedAt().toString());
        }
        json(ctx, 200, out);
    }

    /**
     * One row per (venue, asset) with a non-zero amount, as the venue reports it now. A venue that could not be read
     * is named in the {@code X-Unread-Venues} header ({@code venue:error_kind}), so the rows stay a plain list.
     */
    private void balances(Context ctx) {
        ArrayNode out = mapper.createArrayNode();
        StringBuilder unread = new StringBuilder();
        for (RouterService.VenueBalances v : service.balances(principal(ctx), ctx.pathParam("user_id"))) {
            if (v.error() != null) {
                unread.append(unread.isEmpty() ? "" : ",").append(v.venue()).append(':').append(v.error());
            }
            for (AssetBalance b : v.balances()) {
                if (b.free().signum() == 0 && b.locked().signum() == 0) {
                    continue;
                }
                out.addObject().put("venue", v.venue()).put("asset", b.asset())
                        .put("free", JsonViews.dec(b.free())).put("locked", JsonViews.dec(b.locked()));
            }
        }
        if (!unread.isEmpty()) {
            ctx.header("X-Unread-Venues", unread.toString());
        }
        json(ctx, 200, out);
    }

    private ObjectNode user(RouterService.UserView v) {
        ObjectNode n = mapper.createObjectNode();
        n.put("user_id", v.user().userId());
        n.put("role", v.user().role().wire());
        n.put("mode", v.mode().wire());
        n.put("enabled", v.user().limits().enabled());
        n.put("created_at", v.user().createdAt().toString());
        return n;
    }

    private static Principal principal(Context ctx) {
        return ctx.attribute(NotificationRoutes.PRINCIPAL);
    }

    private void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
