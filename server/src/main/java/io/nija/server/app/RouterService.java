package io.nija.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.engine.SignalAck;
import io.nija.core.execution.ExecutionStatsView;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalRequest;
import io.nija.core.signal.SignalValidator;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Store;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.VenueAccount;
import io.nija.server.auth.CredentialVault;
import io.nija.server.auth.Principal;
import io.nija.server.auth.Tokens;
import io.nija.server.http.ApiException;
import io.nija.server.metrics.RouterMetrics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's use cases, between the HTTP layer and the engine/store: users and their credentials,
 * limits, signals, orders, positions, venues, the kill switch. Authorization decisions are made here, in
 * one place, so every entry point (HTTP, webhook, CLI demo) applies the same rules.
 */
public final class RouterService {
    private final Store store;
    private final ExecutionEngine engine;
    private final CredentialVault vault;
    private final PaperExchange paper;
    private final RouterMetrics metrics;
    private final String adminToken;
    private final Ids ids;
    private final SignalValidator validator;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConcurrentHashMap<String, VenueAccount> accountCache = new ConcurrentHashMap<>();

    public RouterService(Store store, ExecutionEngine engine, CredentialVault vault, PaperExchange paper,
                         RouterMetrics metrics, String adminToken, Ids ids) {
        this.store = store;
        this.engine = engine;
        this.vault = vault;
        this.paper = paper;
        this.metrics = metrics;
        this.adminToken = adminToken;
        this.ids = ids;
        this.validator = new SignalValidator(engine::tradablePairs);
    }

    // --- authentication -----------------------------------------------------------------------------

    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (Tokens.sameToken(token, adminToken)) {
            return Optional.of(Principal.ADMIN);
        }
        return store.findUserByTokenHash(Tokens.hash(token)).map(u -> new Principal(u.userId(), u.role()));
    }

    // --- users --------------------------------------------------------------------------------------

    /** Creates a user and returns its token (shown once); in paper mode also opens funded paper accounts. */
    public String createUser(Principal actor, String userId, Role role, UserLimits limits) {
        requireAdmin(actor);
        try {
            SignalValidator.validUserId(userId);
        } catch (SignalRejectedException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        String token = Tokens.newToken();
        try {
            store.createUser(new User(userId, role, limits, engine.clock().now()), Tokens.hash(token));
        } catch (io.nija.core.store.DuplicateKeyException e) {
            throw new ApiException(409, "user_exists", "user " + userId + " already exists");
        }
        audit(actor, "user", userId, "created", "role " + role.wire());
        if (paper != null) {
            for (VenueAccount a : paper.openPaperAccounts(userId)) {
                saveCredential(a);
            }
        }
        return token;
    }

    public void putCredentials(Principal actor, String userId, String venue, String apiKey, String apiSecret, String passphrase) {
        requireAccess(actor, userId);
        requireUser(userId);
        if (!engine.executors().containsKey(venue)) {
            throw ApiException.badRequest("unknown_venue", "no venue " + venue + " is configured");
        }
        VenueAccount account = new VenueAccount(userId, venue, apiKey, apiSecret, passphrase);
        saveCredential(account);
        if (paper != null) {
            paper.restoreAccount(account);
        }
        audit(actor, "credentials", userId + "/" + venue, "replaced", "key " + account);
    }

    private void saveCredential(VenueAccount a) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("api_key", a.apiKey());
        fields.put("api_secret", a.apiSecret());
        if (a.passphrase() != null) {
            fields.put("passphrase", a.passphrase());
        }
        try {
            byte[] plain = mapper.writeValueAsBytes(fields);
            store.saveCredential(a.userId(), a.venue(), vault.seal(owner(a.userId(), a.venue()), plain));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        accountCache.put(owner(a.userId(), a.venue()), a);
    }

    /** The engine's view of credentials: decrypted on first use and kept in memory only. */
    public Optional<VenueAccount> account(String userId, String venue) {
        String key = owner(userId, venue);
        VenueAccount cached = accountCache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return store.findCredential(userId, venue).map(sealed -> {
            try {
                Map<?, ?> f = mapper.readValue(new String(vault.open(key, sealed), StandardCharsets.UTF_8), Map.class);
                VenueAccount a = new VenueAccount(userId, venue, (String) f.get("api_key"), (String) f.get("api_secret"),
                        (String) f.get("passphrase"));
                accountCache.put(key, a);
                return a;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored credential of " + userId + " on " + venue + " is unreadable", e);
            }
        });
    }

    /** After a restart the in-process simulator is empty: give every stored paper account back to it. */
    public void restorePaperAccounts() {
        if (paper == null) {
            return;
        }
        for (User u : store.listUsers()) {
            for (String venue : paper.venues().keySet()) {
                account(u.userId(), venue).ifPresent(paper::restoreAccount);
            }
        }
    }

    /** The user's limits, or null when there is no such user (internal callers such as the demo). */
    public UserLimits limitsIfExists(String userId) {
        return store.findUser(userId).map(User::limits).orElse(null);
    }

    public UserLimits limits(Principal actor, String userId) {
        requireAccess(actor, userId);
        return requireUser(userId).limits();
    }

    public void putLimits(Principal actor, String userId, UserLimits limits) {
        requireAdmin(actor);
        requireUser(userId);
        store.saveLimits(userId, limits);
        engine.updateLimits(userId, limits);
        audit(actor, "limits", userId, "replaced", limits.toString());
    }

    // --- signals and orders -------------------------------------------------------------------------

    public SignalAck submitSignal(Principal actor, SignalRequest request) {
        String userId = request.userId() == null && !actor.isAdmin() ? actor.userId() : request.userId();
        SignalRequest effective = new SignalRequest(userId, request.pair(), request.side(), request.sizeUsd(),
                request.signalType(), request.strategy(), request.idempotencyKey());
        TradeSignal signal;
        try {
            signal = validator.validate(effective, ids, engine.clock().now());
        } catch (SignalRejectedException e) {
            throw new ApiException(e.code().equals("unknown_pair") ? 422 : 400, e.code(), e.getMessage());
        }
        requireAccess(actor, signal.userId());
        try {
            return engine.submit(signal);
        } catch (SignalRejectedException e) {
            int status = switch (e.code()) {
                case "unknown_user" -> 404;
                case "shutting_down" -> 503;
                default -> 422;
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }

    public Order order(Principal actor, String orderId) {
        Order o = store.findOrder(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId));
        if (!actor.mayActFor(o.userId())) {
            // Someone else's order is answered exactly like a missing one: its existence is not revealed.
            throw ApiException.notFound("order " + orderId);
        }
        return o;
    }

    public List<Order> orders(Principal actor, String userId, io.nija.core.order.OrderStatus status, int limit) {
        String effective = userId == null && !actor.isAdmin() ? actor.userId() : userId;
        if (effective != null) {
            requireAccess(actor, effective);
        }
        return store.findOrders(new OrderQuery(effective, status, limit));
    }

    public Order cancel(Principal actor, String orderId) {
        Order o = order(actor, orderId);
        if (o.status().isTerminal()) {
            throw new ApiException(409, "order_final", "order " + orderId + " is already " + o.status().wire());
        }
        engine.cancel(o.userId(), orderId);
        audit(actor, "order", orderId, "cancel_requested", null);
        return o;
    }

    public List<Position> positions(Principal actor, String userId) {
        String effective = userId == null && !actor.isAdmin() ? actor.userId() : userId;
        if (effective != null) {
            requireAccess(actor, effective);
        }
        return store.findPositions(effective);
    }

    public java.math.BigDecimal unrealizedPnl(Position p) {
        return engine.unrealizedPnl(p);
    }

    public List<ExecutionStatsView> venues() {
        return engine.venueViews();
    }

    /** The fee schedule last read from the venue for any account, for display; null before the first read. */
    public io.nija.core.venue.FeeSchedule displayFees(String venue) {
        return engine.marketData().lastFees(venue);
    }

    public void killSwitch(Principal actor, String userId, boolean on) {
        requireAdmin(actor);
        if (userId != null) {
            requireUser(userId);
        }
        engine.killSwitch(userId, on);
        audit(actor, "kill_switch", userId == null ? "*" : userId, on ? "on" : "off", null);
    }

    // --- operations ---------------------------------------------------------------------------------

    public boolean storeHealthy() {
        return store.isHealthy();
    }

    public Set<String> venueNames() {
        return engine.executors().keySet();
    }

    public String metrics() {
        return metrics.scrape();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private User requireUser(String userId) {
        return store.findUser(userId).orElseThrow(() -> ApiException.notFound("user " + userId));
    }

    private static void requireAdmin(Principal actor) {
        if (!actor.isAdmin()) {
            throw ApiException.forbidden("this needs the admin token");
        }
    }

    private static void requireAccess(Principal actor, String userId) {
        if (!actor.mayActFor(userId)) {
            throw ApiException.forbidden("a user token may only act for its own user");
        }
    }

    private void audit(Principal actor, String type, String id, String action, String detail) {
        store.appendAudit(new AuditEvent(engine.clock().now(), actor.userId(), type, id, action, detail));
    }

    private static String owner(String userId, String venue) {
        return userId + "/" + venue;
    }
}
