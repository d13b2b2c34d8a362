package io.nija.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.engine.SignalAck;
import io.nija.core.execution.ExecutionStatsView;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.risk.KillSwitchState;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalRequest;
import io.nija.core.signal.SignalValidator;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.CredentialInfo;
import io.nija.core.store.DuplicateKeyException;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Store;
import io.nija.core.store.Strategy;
import io.nija.core.store.StoredAlert;
import io.nija.core.store.Subscription;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.user.UserMode;
import io.nija.core.venue.VenueAccount;
import io.nija.server.auth.CredentialVault;
import io.nija.server.auth.Principal;
import io.nija.server.auth.Tokens;
import io.nija.server.http.ApiException;
import io.nija.server.metrics.RouterMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's use cases, between the HTTP layer and the engine/store: users and their credentials,
 * limits, signals, orders, positions, venues, the kill switch. Authorization decisions are made here, in
 * one place, so every entry point (HTTP, webhook, CLI demo) applies the same rules.
 */
public final class RouterService {
    private static final Logger LOG = LoggerFactory.getLogger(RouterService.class);
    /** Strategy names: the same characters a signal's strategy label may have. */
    public static final Pattern STRATEGY_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Order ids are made by {@link Ids}; anything else cannot name an order. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** Compared against when a webhook names no known strategy, so that case takes the same time. */
    private static final String NO_STRATEGY_HASH = Tokens.hash("no strategy has this secret");
    /**
     * Subscribers handled at once by one alert. Their signals are stored by group commit (one transaction for all
     * that arrive together), so this bounds the batch rather than the connections held.
     */
    private static final int FAN_OUT_PARALLELISM = 128;
    /** Up to this many subscribers an alert is fanned out before its answer, which then lists every outcome. */
    static final int FAN_OUT_IN_ANSWER = 50;
    /** A repeated delivery of an alert without an id is recognised within one to two of these windows. */
    static final long ALERT_REPEAT_WINDOW_SECONDS = 60;
    /**
     * In a cluster, how long a token read from the store is trusted without reading it again: rotation and
     * revocation through this instance take effect at once, through another instance within this.
     */
    static final long CLUSTER_TOKEN_CACHE_SECONDS = 5;

    private final Store store;
    private final ExecutionEngine engine;
    private final CredentialVault vault;
    private final PaperExchange paper;
    private final RouterMetrics metrics;
    private final byte[] adminDigest;
    /** Token hash to principal; see {@link TokenCache} for how a rotated token stops working. */
    private final io.nija.server.auth.TokenCache tokens = new io.nija.server.auth.TokenCache(System::nanoTime);
    private final Ids ids;
    private final SignalValidator validator;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConcurrentHashMap<String, VenueAccount> accountCache = new ConcurrentHashMap<>();
    /** Keys stored here lately, still sealed, for their first use (see {@link RecentSealedCredentials}). */
    private final RecentSealedCredentials recentSealed = new RecentSealedCredentials(RecentSealedCredentials.CAPACITY);
    private volatile java.util.function.Supplier<ClusterStatus> clusterStatus = () -> new ClusterStatus("single-node",
            io.nija.core.cluster.Shards.COUNT, List.of(new ClusterStatus.Instance("local", null, null,
            java.util.stream.IntStream.range(0, io.nija.core.cluster.Shards.COUNT).boxed().toList())), 0);
    private final ConcurrentHashMap<String, UserMode> modes = new ConcurrentHashMap<>();
    /** Alerts whose fan-out runs after the answer, on this instance now. */
    private final Set<String> fanOutsRunning = ConcurrentHashMap.newKeySet();
    private final ExecutorService fanOutRunner = Executors.newVirtualThreadPerTaskExecutor();

    public RouterService(Store store, ExecutionEngine engine, CredentialVault vault, PaperExchange paper,
                         RouterMetrics metrics, String adminToken, Ids ids) {
        this.store = store;
        this.engine = engine;
        this.vault = vault;
        this.paper = paper;
        this.metrics = metrics;
        this.adminDigest = Tokens.digest(adminToken);
        this.ids = ids;
        this.validator = new SignalValidator(engine::tradablePairs);
    }

    // --- authentication -----------------------------------------------------------------------------

    /**
     * The token's principal. One SHA-256 per request: the same digest is compared with the admin token's (constant
     * time) and, hex-encoded, looked up; a user token is found in memory after its first use ({@link TokenCache}).
     */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = Tokens.digest(token);
        if (java.security.MessageDigest.isEqual(digest, adminDigest)) {
            return Optional.of(Principal.ADMIN);
        }
        return tokens.principal(java.util.HexFormat.of().formatHex(digest),
                hash -> store.findUserByTokenHash(hash).map(u -> new Principal(u.userId(), u.role())));
    }

    // --- users --------------------------------------------------------------------------------------

    /** Creates a user and returns its token (shown once); in paper mode also opens funded paper accounts. */
    public String createUser(Principal actor, String userId, Role role, UserLimits limits) {
        return createUser(actor, userId, role, limits, null);
    }

    /**
     * As above with a mode; null takes the default ({@link #defaultMode}). Only paper users get funded simulator
     * accounts; a live user trades with the keys it puts.
     */
    public String createUser(Principal actor, String userId, Role role, UserLimits limits, UserMode mode) {
        requireAdmin(actor);
        try {
            SignalValidator.validUserId(userId);
        } catch (SignalRejectedException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        String token = Tokens.newToken();
        String tokenHash = Tokens.hash(token);
        User created = new User(userId, role, limits, engine.clock().now());
        try {
            store.createUser(created, tokenHash);
        } catch (io.nija.core.store.DuplicateKeyException e) {
            throw new ApiException(409, "user_exists", "user " + userId + " already exists");
        }
        tokens.remember(tokenHash, new Principal(userId, role));
        engine.userCreated(created);
        UserMode effective = mode == null ? defaultMode() : mode;
        store.saveUserMode(userId, effective);
        modes.put(userId, effective);
        audit(actor, "user", userId, "created", "created with role " + role.wire() + ", mode " + effective.wire()
                + ", limits " + limits);
        if (paper != null && effective == UserMode.PAPER) {
            for (VenueAccount a : paper.openPaperAccounts(userId)) {
                saveCredential(a);
            }
        }
        return token;
    }

    /**
     * Checks the key with the venue ({@link CredentialCheck}) and stores it only when the venue accepts it; returns
     * the warnings to show (a key that can withdraw is stored, with a warning). A paper user's key is first opened as
     * a funded account on the in-process simulator when it has none there, as before the check existed.
     */
    public List<String> putCredentials(Principal actor, String userId, String venue, String apiKey, String apiSecret,
                                       String passphrase) {
        requireAccess(actor, userId);
        requireUser(userId);
        if (!engine.executors().containsKey(venue)) {
            throw ApiException.badRequest("unknown_venue", "no venue " + venue + " is configured");
        }
        VenueAccount account = new VenueAccount(userId, venue, apiKey, apiSecret, passphrase);
        if (paper != null && mode(userId) == UserMode.PAPER) {
            paper.restoreAccount(account);
        }
        CredentialCheck.Outcome checked = CredentialCheck.check(engine.executors().get(venue).venue(), account);
        saveCredential(account, new CredentialInfo(venue, keyHint(apiKey), checked.permissions(), engine.clock().now()));
        // The account's toString shows the first characters of the key only; secrets never reach the audit log.
        audit(actor, "credentials", userId + "/" + venue, "replaced", "credentials checked with the venue (permissions "
                + String.join(",", checked.permissions()) + ") and stored encrypted for " + account);
        return checked.warnings();
    }

    /** The key's last four characters: enough to tell keys apart, too little to use (and never the secret). */
    static String keyHint(String apiKey) {
        return apiKey.length() <= 8 ? "****" : apiKey.substring(apiKey.length() - 4);
    }

    public List<CredentialInfo> credentials(Principal actor, String userId) {
        requireAccess(actor, userId);
        requireUser(userId);
        return store.credentialsOf(userId);
    }

    private void saveCredential(VenueAccount a) {
        saveCredential(a, null);
    }

    /** With {@code info} null the shown part of an existing row is kept (paper accounts have none). */
    private void saveCredential(VenueAccount a, CredentialInfo info) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("api_key", a.apiKey());
        fields.put("api_secret", a.apiSecret());
        if (a.passphrase() != null) {
            fields.put("passphrase", a.passphrase());
        }
        try {
            byte[] plain = mapper.writeValueAsBytes(fields);
            byte[] sealed = vault.seal(owner(a.userId(), a.venue()), plain);
            if (info == null) {
                store.saveCredential(a.userId(), a.venue(), sealed);
            } else {
                store.saveCredential(a.userId(), a.venue(), sealed, info);
            }
            // Kept sealed for the first use, which then need not read it back from the store.
            recentSealed.stored(owner(a.userId(), a.venue()), sealed);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Not decrypted here: a user's keys are decrypted on first use (most of a large set of users never trade on
        // most venues), and a replaced key must not be served from the cache.
        accountCache.remove(owner(a.userId(), a.venue()));
        engine.announceSettingsChanged(a.userId()); // other instances drop the key they cached
    }

    /** Drops the user's decrypted keys (another instance stored new ones); the next use reads the store. */
    public void forgetAccounts(String userId) {
        if (userId == null) {
            return;
        }
        recentSealed.forgetUser(userId);
        accountCache.keySet().removeIf(k -> k.startsWith(userId + "/"));
    }

    /** The instances serving this router and the shards each holds. */
    public ClusterStatus cluster() {
        return clusterStatus.get();
    }

    /**
     * Several instances share the store: a token another instance rotated or revoked must stop working here too, so
     * remembered tokens are read again after {@link #CLUSTER_TOKEN_CACHE_SECONDS}.
     */
    public void sharesStoreWithOtherInstances() {
        tokens.expireAfter(java.util.concurrent.TimeUnit.SECONDS.toNanos(CLUSTER_TOKEN_CACHE_SECONDS));
    }

    /** Where {@link #cluster()} reads from (set at start-up). */
    public void clusterStatus(java.util.function.Supplier<ClusterStatus> source) {
        this.clusterStatus = source;
    }

    /** The engine's view of credentials: decrypted on first use and kept in memory only. */
    public Optional<VenueAccount> account(String userId, String venue) {
        if (paper == null && mode(userId) == UserMode.PAPER) {
            // Real venues: a paper user trades on the router's own paper desk in front of each venue.
            return Optional.of(io.nija.core.paper.PaperVenue.account(userId, venue));
        }
        String key = owner(userId, venue);
        VenueAccount cached = accountCache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] recent = recentSealed.take(key);
        Optional<VenueAccount> stored = recent != null ? Optional.of(opened(userId, venue, recent))
                : storedAccount(userId, venue);
        stored.ifPresent(a -> accountCache.put(key, a));
        return stored;
    }

    /** The user's credentials on the venue as stored, decrypted, and kept nowhere. */
    private Optional<VenueAccount> storedAccount(String userId, String venue) {
        return store.findCredential(userId, venue).map(sealed -> opened(userId, venue, sealed));
    }

    /** A sealed credential decrypted (its secrets never logged: only the key's first characters are ever shown). */
    private VenueAccount opened(String userId, String venue, byte[] sealed) {
        String key = owner(userId, venue);
        try {
            Map<?, ?> f = mapper.readValue(new String(vault.open(key, sealed), StandardCharsets.UTF_8), Map.class);
            return new VenueAccount(userId, venue, (String) f.get("api_key"), (String) f.get("api_secret"),
                    (String) f.get("passphrase"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored credential of " + userId + " on " + venue + " is unreadable", e);
        }
    }

    /** After a restart the in-process simulator is empty: give every stored paper account back to it. */
    public void restorePaperAccounts() {
        if (paper == null) {
            return;
        }
        for (User u : store.listUsers()) {
            for (String venue : paper.venues().keySet()) {
                // Read without caching: the keys are decrypted again on first use, so a restart does not hold
                // every user's keys for every venue in memory.
                storedAccount(u.userId(), venue).ifPresent(paper::restoreAccount);
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
        audit(actor, "limits", userId, "replaced", "limits set to " + limits);
    }

    // --- user administration -----------------------------------------------------------------------

    /** A user as the API shows it: never a token or a credential. */
    public record UserView(User user, UserMode mode) { }

    /**
     * The mode a user without a stored one has: paper when this router runs its in-process simulator (every user
     * there trades on funded simulator accounts), live when its venues are real (or a simulator over HTTP).
     */
    public UserMode defaultMode() {
        return paper != null ? UserMode.PAPER : UserMode.LIVE;
    }

    private UserMode mode(String userId) {
        // Read on every order's dispatch (account lookups), so kept here; changed only through this service.
        return modes.computeIfAbsent(userId, id -> store.findUserMode(id).orElseGet(this::defaultMode));
    }

    public List<UserView> users(Principal actor) {
        requireAdmin(actor);
        return store.listUsers().stream().map(u -> new UserView(u, mode(u.userId()))).toList();
    }

    public UserView user(Principal actor, String userId) {
        requireAccess(actor, userId);
        User u = requireUser(userId);
        return new UserView(u, mode(userId));
    }

    /**
     * Sets a user's mode and, when given, whether it may trade (admin only: both change what the user's orders do).
     * Switching a user to paper on a router with the in-process simulator opens funded paper accounts on the venues
     * where it has no credentials yet, as creating a paper user does.
     */
    public UserView putUser(Principal actor, String userId, UserMode mode, Boolean enabled) {
        requireAdmin(actor);
        User u = requireUser(userId);
        UserMode before = mode(userId);
        store.saveUserMode(userId, mode);
        modes.put(userId, mode);
        if (enabled != null && enabled != u.limits().enabled()) {
            UserLimits limits = u.limits().withEnabled(enabled);
            store.saveLimits(userId, limits);
            engine.updateLimits(userId, limits);
            u = u.withLimits(limits);
        }
        if (paper != null && mode == UserMode.PAPER && before != UserMode.PAPER) {
            for (VenueAccount a : paper.openPaperAccounts(userId)) {
                if (account(userId, a.venue()).isEmpty()) {
                    saveCredential(a);
                }
            }
        }
        audit(actor, "user", userId, "updated", "mode " + mode.wire() + (enabled == null ? "" : ", enabled " + enabled));
        return new UserView(u, mode);
    }

    /**
     * Replaces the user's token (admin, or the user itself, e.g. after a leak): the old one stops working the
     * moment the new one is stored. Returns the new token, shown once.
     */
    public String rotateToken(Principal actor, String userId) {
        requireAccess(actor, userId);
        User user = requireUser(userId);
        String token = Tokens.newToken();
        store.replaceToken(userId, Tokens.hash(token));
        tokens.forgetUser(userId);
        tokens.remember(Tokens.hash(token), new Principal(userId, user.role()));
        audit(actor, "user", userId, "token_rotated", "API token replaced; the old token no longer works");
        return token;
    }

    /**
     * Disables the user and revokes its token (admin only). Nothing is deleted: orders, fills, positions, the audit
     * trail and credentials stay, so history can still be read with the admin token.
     */
    public void deleteUser(Principal actor, String userId) {
        requireAdmin(actor);
        User u = requireUser(userId);
        store.replaceToken(userId, null);
        tokens.forgetUser(userId);
        UserLimits limits = u.limits().withEnabled(false);
        store.saveLimits(userId, limits);
        engine.updateLimits(userId, limits);
        audit(actor, "user", userId, "revoked", "user disabled and its token revoked; history kept");
    }

    /** One venue's balances of a user, or why they could not be read (the venue's error kind). */
    public record VenueBalances(String venue, List<io.nija.core.venue.AssetBalance> balances, String error) { }

    /**
     * The user's balances at every venue it has credentials for, read from the venues now (not cached). A venue that
     * cannot be read is reported by name with its error kind rather than failing the whole answer.
     */
    public List<VenueBalances> balances(Principal actor, String userId) {
        requireAccess(actor, userId);
        requireUser(userId);
        List<VenueBalances> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(engine.executors()).entrySet()) {
            Optional<VenueAccount> account = account(userId, e.getKey());
            if (account.isEmpty()) {
                continue;
            }
            try {
                out.add(new VenueBalances(e.getKey(), e.getValue().venue().balanceDetails(account.get()), null));
            } catch (io.nija.core.venue.VenueException x) {
                LOG.warn("balances of {} on {} unreadable: {}", userId, e.getKey(), x.kind().wire());
                out.add(new VenueBalances(e.getKey(), List.of(), x.kind().wire()));
            }
        }
        return out;
    }

    // --- signals and orders -------------------------------------------------------------------------

    public SignalAck submitSignal(Principal actor, SignalRequest request) {
        long arrived = System.nanoTime();
        SignalAck ack = submitSignalTimed(actor, request);
        metrics.signalAcked(System.nanoTime() - arrived);
        return ack;
    }

    private SignalAck submitSignalTimed(Principal actor, SignalRequest request) {
        String userId = request.userId() == null && !actor.isAdmin() ? actor.userId() : request.userId();
        SignalRequest effective = request.forUser(userId);
        TradeSignal signal;
        try {
            signal = validator.validate(effective, ids, engine.clock().now());
        } catch (SignalRejectedException e) {
            throw new ApiException(e.code().equals("unknown_pair") ? 422 : 400, e.code(), e.getMessage());
        }
        requireAccess(actor, signal.userId());
        io.nija.server.logging.Correlation.bindSignal(signal.signalId());
        try {
            return engine.submit(signal);
        } catch (SignalRejectedException e) {
            if (e instanceof io.nija.core.signal.TradeRateExceededException t) {
                throw ApiException.tradeRateExceeded(e.getMessage(), t.retryAfter());
            }
            int status = switch (e.code()) {
                case "unknown_user" -> 404;
                case "shutting_down" -> 503;
                default -> 422; // a limit of the user's refused it: kill_switch, user_disabled, order_too_large, ...
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }

    public Order order(Principal actor, String orderId) {
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            throw ApiException.notFound("order");
        }
        Order o = store.findOrder(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId));
        if (!actor.mayActFor(o.userId())) {
            // Someone else's order is answered exactly like a missing one: its existence is not revealed.
            throw ApiException.notFound("order " + orderId);
        }
        return o;
    }

    /**
     * The bracket of an entry order the actor may see. An entry whose bracket has not been stored yet (nothing happened
     * to it since it was accepted) shows as waiting; an order without take profit or stop loss has none (404).
     */
    public io.nija.core.bracket.Bracket bracket(Principal actor, String orderId) {
        Order o = order(actor, orderId);
        return store.findBracket(o.orderId()).or(() -> o.signalType() == io.nija.core.signal.SignalType.ENTRY
                        && o.terms().hasBracket()
                        ? java.util.Optional.of(io.nija.core.bracket.Bracket.forEntry(o.orderId(), o.userId(), o.pair(),
                        o.side(), o.terms().takeProfitPrice(), o.terms().stopLossPrice(), o.createdAt()))
                        : java.util.Optional.empty())
                .orElseThrow(() -> ApiException.notFound("bracket of order " + orderId));
    }

    public List<Order> orders(Principal actor, String userId, io.nija.core.order.OrderStatus status, int limit) {
        String effective = userId == null && !actor.isAdmin() ? actor.userId() : userId;
        if (effective != null) {
            requireAccess(actor, effective);
            requireValidUserId(effective);
        }
        return store.findOrders(new OrderQuery(effective, status, limit));
    }

    /**
     * Orders by the query's filters; a non-admin's query is always narrowed to its own user (asking for another
     * user's is a 403/404 as everywhere).
     */
    public List<Order> orders(Principal actor, OrderQuery q) {
        String effective = q.userId() == null && !actor.isAdmin() ? actor.userId() : q.userId();
        if (effective != null) {
            requireAccess(actor, effective);
            requireValidUserId(effective);
        }
        return store.findOrders(new OrderQuery(effective, q.status(), q.limit(), q.since(), q.until(), q.strategy(),
                q.after()));
    }

    /**
     * A user's PnL per UTC day from {@code from} to {@code to}, replayed from the stored fills (see {@link
     * io.nija.core.position.PnlReplay}); today is marked at the venues' current mids. Admin or that user only.
     */
    public List<io.nija.core.position.DailyPnl> dailyPnl(Principal actor, String userId, java.time.LocalDate from,
                                                           java.time.LocalDate to) {
        requireAccess(actor, userId);
        requireUser(userId);
        java.time.LocalDate today = java.time.LocalDate.ofInstant(engine.clock().now(), java.time.ZoneOffset.UTC);
        return io.nija.core.position.PnlReplay.byDay(store.findUserFills(userId), from, to, today,
                (venue, pair) -> {
                    try {
                        return engine.marketData().mark(venue, pair);
                    } catch (RuntimeException e) {
                        return null; // a venue that does not answer: marked at its last fill instead
                    }
                });
    }

    /** The current UTC day by the service's clock. */
    public java.time.LocalDate today() {
        return java.time.LocalDate.ofInstant(engine.clock().now(), java.time.ZoneOffset.UTC);
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
            requireValidUserId(effective);
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
        killSwitch(actor, userId, on, KillSwitchMode.BLOCK_ENTRIES);
    }

    /**
     * Sets a user's (or, with no user, the global) kill switch. Kept in memory: it is set again after a restart (see
     * decisions.md). Audited with its mode.
     */
    public KillSwitchState killSwitch(Principal actor, String userId, boolean on, KillSwitchMode mode) {
        // A user may stop its own trading (either mode) but not lift a switch: one the desk set must hold against
        // the user it stops. The global switch and other users' are the admin's.
        boolean own = userId != null && !actor.isAdmin() && userId.equals(actor.userId());
        if (own && !on) {
            throw ApiException.forbidden("only the admin may turn a kill switch off");
        } else if (!own) {
            requireAdmin(actor);
        }
        if (userId != null) {
            requireUser(userId);
        }
        KillSwitchState state = engine.killSwitch(userId, on, mode);
        audit(actor, "kill_switch", userId == null ? "*" : userId, on ? "on" : "off",
                !on ? "trading resumed" : mode == KillSwitchMode.FLATTEN
                        ? "flatten: entries halted, open orders cancelled, positions closed at market"
                        : "block_entries: entries halted, open orders cancelled, exits still pass");
        return state;
    }

    /** The switch of {@code userId}; with none, the global one for the admin and the caller's own for a user. */
    public KillSwitchState killSwitchState(Principal actor, String userId) {
        String effective = effectiveKillSwitchUser(actor, userId);
        return engine.killSwitchState(effective);
    }

    /** Whether the user (everyone for the global switch) holds nothing and has no order working. */
    public boolean isFlat(Principal actor, String userId) {
        return engine.isFlat(effectiveKillSwitchUser(actor, userId));
    }

    private String effectiveKillSwitchUser(Principal actor, String userId) {
        String effective = userId == null && !actor.isAdmin() ? actor.userId() : userId;
        if (effective != null) {
            requireAccess(actor, effective);
            requireUser(effective);
        }
        return effective;
    }

    // --- strategies, subscriptions and alerts -------------------------------------------------------

    /** Creates a strategy; only the SHA-256 of its webhook secret is stored. */
    public Strategy createStrategy(Principal actor, String strategy, String secret) {
        requireAdmin(actor);
        if (strategy == null || !STRATEGY_NAME.matcher(strategy).matches()) {
            throw ApiException.badRequest("invalid_strategy", "strategy must be 1-64 letters, digits or _.:-");
        }
        if (secret == null || secret.length() < 16 || secret.length() > 256) {
            throw ApiException.badRequest("invalid_secret", "secret must be a string of 16 to 256 characters");
        }
        Strategy s = new Strategy(strategy, Tokens.hash(secret), engine.clock().now());
        try {
            store.createStrategy(s);
        } catch (DuplicateKeyException e) {
            throw new ApiException(409, "strategy_exists", "strategy " + strategy + " already exists");
        }
        audit(actor, "strategy", strategy, "created", "strategy created; its webhook secret is kept as a SHA-256 hash");
        return s;
    }

    /** Creates or replaces a user's subscription. Exactly one of {@code fixedUsd} and {@code fraction} is set. */
    public Subscription putSubscription(Principal actor, String userId, String strategy, boolean enabled,
                                        BigDecimal fixedUsd, BigDecimal fraction, BigDecimal capUsd) {
        requireAccess(actor, userId);
        requireUser(userId);
        requireStrategy(strategy);
        Subscription s = new Subscription(userId, strategy, enabled, fixedUsd, fraction, capUsd);
        store.saveSubscription(s);
        audit(actor, "subscription", userId + "/" + strategy, "replaced", (enabled ? "enabled" : "disabled")
                + (fixedUsd != null ? ", fixed_usd " + fixedUsd.toPlainString() : ", fraction " + fraction.toPlainString())
                + (capUsd != null ? ", cap_usd " + capUsd.toPlainString() : ""));
        return s;
    }

    /** Refuses (403) a token that may not act for the user, then (404) a user that does not exist. */
    public void requireUserAccess(Principal actor, String userId) {
        requireAccess(actor, userId);
        requireUser(userId);
    }

    public List<Subscription> subscriptions(Principal actor, String userId) {
        requireAccess(actor, userId);
        requireUser(userId);
        return store.subscriptionsOf(userId);
    }

    /**
     * Checks a webhook's secret against the strategy's stored hash in constant time. An unknown strategy is
     * answered exactly like a wrong secret (and takes as long), so the webhook does not reveal which exist.
     */
    public void requireWebhookSecret(String strategy, String secret) {
        Optional<Strategy> s = strategy != null && STRATEGY_NAME.matcher(strategy).matches()
                ? store.findStrategy(strategy) : Optional.empty();
        String expected = s.map(Strategy::secretHash).orElse(NO_STRATEGY_HASH);
        boolean same = Tokens.sameHash(Tokens.hash(secret == null ? "" : secret), expected);
        if (!same || s.isEmpty() || secret == null) {
            if (LOG.isInfoEnabled()) {
                LOG.info("webhook refused for strategy {}: missing or wrong secret",
                        s.isPresent() ? strategy : "<unknown>");
            }
            throw new ApiException(401, "invalid_secret", "the strategy's secret is missing or wrong");
        }
    }

    /** A TradingView alert whose secret {@link #requireWebhookSecret} accepted: fans out to the subscribers. */
    public FanOutResult webhookAlert(String strategy, StrategyAlert alert) {
        requireStrategy(strategy);
        return fanOut("webhook", strategy, alert);
    }

    /** An alert posted with a token: the admin's, or a publisher's for a strategy it owns. */
    public FanOutResult publish(Principal actor, String strategy, StrategyAlert alert) {
        requirePublisher(actor, strategy);
        requireStrategy(strategy);
        return fanOut(actor.userId(), strategy, alert);
    }

    /** Refuses a token that may not publish for this strategy (checked before anything else is looked at). */
    public static void requirePublisher(Principal actor, String strategy) {
        if (!actor.mayPublish(strategy)) {
            throw ApiException.forbidden("only the admin or the strategy's publisher may post its signals");
        }
    }

    /**
     * One signal per enabled subscriber, each sized by its subscription and put through that user's own checks
     * before it is stored, so a disabled, kill-switched or over-limit subscriber gets no order at all. Every
     * signal carries an idempotency key derived from the alert, the same for all its subscribers: a repeated
     * delivery returns the first signals and trades nothing new.
     *
     * <p>The alert itself is stored first (one row, durably). A strategy with up to {@link #FAN_OUT_IN_ANSWER}
     * subscribers is fanned out before the answer, which then tells each subscriber's outcome. A larger one is
     * answered as soon as the alert is stored and fanned out after the answer (TradingView gives a webhook about
     * three seconds): the answer says {@code fan_out: "in_progress"}. A crash before the fan-out finished leaves
     * the alert unmarked, and {@link #resumeFanOuts} runs it again at start-up; the alert's key makes that add
     * nothing for subscribers whose signal was stored already.
     */
    private FanOutResult fanOut(String actorName, String strategy, StrategyAlert alert) {
        if (!engine.tradablePairs().contains(alert.pair())) {
            throw new ApiException(422, "unknown_pair", io.nija.core.signal.SignalValidator.unknownPair(alert.pair(),
                    engine.tradablePairs()));
        }
        List<String> keys = alertKeys(strategy, alert, engine.clock().now().getEpochSecond());
        StoredAlert stored = new StoredAlert(keys.get(0), strategy, actorName, alert.pair(), alert.side(),
                alert.signalType(), alert.sizeUsd(), alert.closeAll(), alert.signalTime(), keys, engine.clock().now(), null);
        // A delivery repeated across a time window boundary is the alert stored under the previous window's key.
        Optional<StoredAlert> earlier = keys.stream().skip(1).map(store::findAlert).flatMap(Optional::stream).findFirst();
        if (earlier.isPresent()) {
            stored = earlier.get();
        }
        boolean first = earlier.isEmpty() && store.saveAlert(stored);
        List<Subscription> subscribers = store.subscribersOf(strategy);
        if (subscribers.size() <= FAN_OUT_IN_ANSWER) {
            FanOutResult done = fanOutNow(stored, subscribers);
            markFannedOut(stored, done);
            return done.withAlertId(stored.alertId());
        }
        if (first || store.findAlert(stored.alertId()).map(a -> a.fannedOut() == null).orElse(true)) {
            fanOutLater(stored);
        }
        return FanOutResult.inProgress(strategy, stored.alertId(), subscribers.size(), !first);
    }

    /**
     * Runs, after the answer, the fan-out of an alert that is stored; one run per alert at a time on this instance
     * (a repeated delivery while it runs starts nothing).
     */
    private void fanOutLater(StoredAlert alert) {
        if (!fanOutsRunning.add(alert.alertId())) {
            return;
        }
        fanOutRunner.submit(io.nija.server.logging.Correlation.carrying(() -> {
            try {
                markFannedOut(alert, fanOutNow(alert, store.subscribersOf(alert.strategy())));
            } catch (RuntimeException e) {
                // Left unmarked: the next start runs it again (idempotent per alert and user).
                LOG.warn("fan-out of alert {} of strategy {} stopped: {}", alert.alertId(), alert.strategy(), e.toString());
            } finally {
                fanOutsRunning.remove(alert.alertId());
            }
            return null;
        }));
    }

    /**
     * Marks the alert done unless a subscriber could not be handled for a reason of the router's own (stopping, a
     * store failure): then it stays unmarked and the next start runs it again, adding only what is missing.
     */
    private void markFannedOut(StoredAlert alert, FanOutResult result) {
        boolean unfinished = result.refused().stream()
                .anyMatch(r -> r.code().equals("shutting_down") || r.code().equals("internal_error"));
        if (!unfinished) {
            store.alertFannedOut(alert.alertId(), engine.clock().now());
        }
    }

    /**
     * Runs again the fan-out of every stored alert that did not finish (the process stopped after answering it).
     * Called at start-up, after the engine recovered; returns how many alerts it picked up.
     */
    public int resumeFanOuts() {
        List<StoredAlert> unfinished = store.alertsNotFannedOut();
        unfinished.forEach(this::fanOutLater);
        if (!unfinished.isEmpty()) {
            LOG.info("resuming the fan-out of {} stored alerts", unfinished.size());
        }
        return unfinished.size();
    }

    /** True while no fan-out runs after its answer on this instance (tests, shutdown). */
    public boolean fanOutsIdle() {
        return fanOutsRunning.isEmpty();
    }

    /** Every subscriber's signal for the alert, at most {@link #FAN_OUT_PARALLELISM} at once; then the audit row. */
    private FanOutResult fanOutNow(StoredAlert stored, List<Subscription> subscribers) {
        String strategy = stored.strategy();
        StrategyAlert alert = new StrategyAlert(stored.pair(), stored.side(), stored.signalType(), stored.sizeUsd(), null,
                stored.alertId(), stored.closeAll(), stored.signalTime());
        List<String> keys = stored.keys();
        List<Object> outcomes = new ArrayList<>(subscribers.size());
        Semaphore permits = new Semaphore(FAN_OUT_PARALLELISM);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> futures = new ArrayList<>(subscribers.size());
            for (Subscription sub : subscribers) {
                futures.add(pool.submit(io.nija.server.logging.Correlation.carrying(() -> {
                    permits.acquire();
                    try {
                        return fanOutOne(strategy, alert, sub, keys);
                    } finally {
                        permits.release();
                    }
                })));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    LOG.warn("alert of strategy {} for user {} failed: {}", strategy, subscribers.get(i).userId(),
                            e.getCause().toString());
                    outcomes.add(new FanOutResult.Refused(subscribers.get(i).userId(), "internal_error"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiException(503, "interrupted", "the router is shutting down");
                }
            }
        }
        List<FanOutResult.Accepted> accepted = new ArrayList<>();
        List<FanOutResult.Refused> refused = new ArrayList<>();
        for (Object o : outcomes) {
            if (o instanceof FanOutResult.Accepted a) {
                accepted.add(a);
            } else {
                refused.add((FanOutResult.Refused) o);
            }
        }
        long duplicates = accepted.stream().filter(FanOutResult.Accepted::duplicate).count();
        audit(stored.actor(), "strategy", strategy, "alert", alert.side().wire() + " " + alert.pair() + " "
                + alert.signalType().wire() + (alert.sizeUsd() == null ? "" : " $" + alert.sizeUsd().toPlainString())
                + ": " + subscribers.size() + " subscribers, " + (accepted.size() - duplicates) + " new signals, "
                + duplicates + " repeats, " + refused.size() + " refused");
        return new FanOutResult(strategy, subscribers.size(), List.copyOf(accepted), List.copyOf(refused));
    }

    private Object fanOutOne(String strategy, StrategyAlert alert, Subscription sub, List<String> keys) {
        String userId = sub.userId();
        try {
            TradeSignal signal = subscriberSignal(strategy, alert, sub, keys.get(0));
            // The key of the previous time window (the engine itself looks for the current one).
            Optional<FanOutResult.Accepted> earlier = earlierSignal(userId, keys.subList(1, keys.size()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
            io.nija.server.logging.Correlation.bindSignal(signal.signalId());
            warmAccounts(userId);
            SignalAck ack = engine.submit(signal);
            return new FanOutResult.Accepted(userId, ack.signalId(), ack.orderIds(), ack.duplicate());
        } catch (SignalRejectedException e) {
            // A repeated delivery still answers with the first signal, even if the user has since been refused.
            return earlierSignal(userId, keys).<Object>map(a -> a)
                    .orElseGet(() -> new FanOutResult.Refused(userId, e.code()));
        }
    }

    /**
     * Reads the subscriber's keys for every venue into the account cache before its signal goes to its lane. A cold
     * user's first order otherwise reads them (one store round trip per venue) inside routing, and ten thousand
     * lanes routing at once after a large alert wait on the store's pool until routing fails (measured:
     * bench/results/loadtest-fan-out-2026-12-07.md). Here the reads stay under the fan-out's own bound. Only a
     * warm-up: a failure leaves the lane to read them as before.
     */
    private void warmAccounts(String userId) {
        for (String venue : engine.executors().keySet()) {
            try {
                account(userId, venue);
            } catch (RuntimeException e) {
                LOG.debug("keys of {} on {} not read ahead of its lane: {}", userId, venue, e.toString());
                return;
            }
        }
    }

    /**
     * The subscriber's signal for an alert, sized by its subscription and put through the user's own limits before
     * anything is stored (the lane checks them again with live positions).
     */
    private TradeSignal subscriberSignal(String strategy, StrategyAlert alert, Subscription sub, String key) {
        String userId = sub.userId();
        BigDecimal size = sub.sizeFor(alert.sizeUsd());
        if (size == null) {
            throw new SignalRejectedException("missing_size", "the alert has no size_usd for a fraction subscription");
        }
        if (sub.fixedUsd() == null) {
            size = size.setScale(2, RoundingMode.DOWN);
        }
        if (size.signum() <= 0) {
            throw new SignalRejectedException("size_too_small", "the subscription's size is below one cent");
        }
        // No checks of the user's limits here: engine.submit admits each subscriber exactly as a direct signal, against
        // the user's live positions and entries in flight, before anything is stored.
        return validator.validate(new SignalRequest(userId, alert.pair().toString(), alert.side().wire(),
                size.toPlainString(), alert.signalType().wire(), strategy, key, alert.closeAll(), alert.signalTime()),
                ids, engine.clock().now());
    }

    private Optional<FanOutResult.Accepted> earlierSignal(String userId, List<String> keys) {
        for (String key : keys) {
            Optional<AcceptedSignal> earlier = store.findSignal(userId, key);
            if (earlier.isPresent()) {
                return Optional.of(new FanOutResult.Accepted(userId, earlier.get().signalId(), earlier.get().orderIds(), true));
            }
        }
        return Optional.empty();
    }

    /**
     * The idempotency keys of an alert, the one to store first. With an alert id: one key from it. Without: the
     * hash of the alert's body in the current time window, then in the previous one, so a delivery repeated
     * within a window is recognised even across a window boundary, while the same alert fired again minutes
     * later trades again.
     */
    static List<String> alertKeys(String strategy, StrategyAlert alert, long epochSecond) {
        if (alert.alertId() != null) {
            return List.of("tv-" + Tokens.hash(strategy + "\n" + "id\n" + alert.alertId()));
        }
        long window = Math.floorDiv(epochSecond, ALERT_REPEAT_WINDOW_SECONDS);
        return List.of("tv-" + Tokens.hash(strategy + "\n" + alert.bodyHash() + "\n" + window),
                "tv-" + Tokens.hash(strategy + "\n" + alert.bodyHash() + "\n" + (window - 1)));
    }

    // --- operations ---------------------------------------------------------------------------------

    public boolean storeHealthy() {
        return store.isHealthy();
    }

    public Set<String> venueNames() {
        return engine.executors().keySet();
    }

    /** Where the HTTP layer records its request metrics, beside the engine's. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    public String metrics() {
        return metrics.scrape();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private User requireUser(String userId) {
        if (userId == null || !SignalValidator.USER_ID.matcher(userId).matches()) {
            throw ApiException.notFound("user");
        }
        return store.findUser(userId).orElseThrow(() -> ApiException.notFound("user " + userId));
    }

    private static void requireValidUserId(String userId) {
        if (!SignalValidator.USER_ID.matcher(userId).matches()) {
            throw ApiException.badRequest("invalid_user_id", "user_id must be 1-64 letters, digits or _.- and start with a letter or digit");
        }
    }

    private Strategy requireStrategy(String strategy) {
        if (strategy == null || !STRATEGY_NAME.matcher(strategy).matches()) {
            throw ApiException.notFound("strategy");
        }
        return store.findStrategy(strategy).orElseThrow(() -> ApiException.notFound("strategy " + strategy));
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
        audit(actor.userId(), type, id, action, detail);
    }

    private void audit(String actor, String type, String id, String action, String detail) {
        store.appendAudit(new AuditEvent(engine.clock().now(), actor, type, id, action, detail));
    }

    private static String owner(String userId, String venue) {
        return userId + "/" + venue;
    }
}
