package io.nija.core.store.memory;

import io.nija.core.instrument.Pair;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.position.Position;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.DuplicateKeyException;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Store;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link Store} with the behaviour the JDBC store promises: users unique by id and by
 * token hash, signals unique per (user, idempotency key) with the first answer returned on a repeat, orders
 * upserted, fills unique per (leg, venue fill id), positions per (user, venue, pair), an append-only audit log
 * hash-chained as the JDBC store chains it ({@link io.nija.core.store.AuditHash}).
 *
 * <p><b>Orders are kept by reference.</b> {@link #saveOrder} stores the very {@link Order} object it is given
 * (no deep copy), so {@link #findOrder} returns the object the engine's lane keeps mutating. Read simple fields
 * (status) from another thread; avoid iterating legs/fills while the engine may still be changing them. To
 * model a process restart use {@link #reloaded()}, which rebuilds every order through the public restore API,
 * as a database-backed store would. Positions, credentials and fills are copied (they are cheap).
 */
public final class InMemoryStore implements Store {
    /** A stored fill row: unique by (leg, fillId); venues print one trade id for both sides of a trade. */
    public record StoredFill(String orderId, String legId, Fill fill) { }

    private record PositionKey(String userId, String venue, Pair pair) { }

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> tokenHashByUser = new HashMap<>();
    private final Map<String, byte[]> credentials = new HashMap<>();
    private final Map<String, byte[]> webhooks = new HashMap<>();
    /** Shown part of each credential, by user then venue (sorted, as the JDBC store lists them). */
    private final Map<String, java.util.TreeMap<String, io.nija.core.store.CredentialInfo>> credentialInfo = new HashMap<>();
    private final Map<String, io.nija.core.user.UserMode> modes = new HashMap<>();
    private final Map<String, AcceptedSignal> signalsByKey = new HashMap<>();
    private final Map<String, AcceptedSignal> signalsById = new LinkedHashMap<>();
    private final Map<String, TradeSignal> tradeSignals = new HashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    /** The same orders in the order they were first stored, for readers that look at what is new (simulations). */
    private final List<Order> ordersByArrival = new ArrayList<>();
    /** How often an order id was saved with another object than the one stored (a resumed order rebuilt). */
    private long ordersReplaced;
    /** Work left for owners (several engines on one in-memory store, in tests), by id. */
    private final Map<Long, io.nija.core.cluster.OwnerTask> ownerTasks = new java.util.TreeMap<>();
    private long lastOwnerTask;
    private final Map<String, StoredFill> fills = new LinkedHashMap<>();
    private final Map<PositionKey, Position> positions = new LinkedHashMap<>();
    private final List<io.nija.core.store.AuditRecord> audit = new ArrayList<>();
    private final Map<Long, io.nija.core.store.VenueRequest> venueRequests = new LinkedHashMap<>();
    private final Map<String, io.nija.core.store.Strategy> strategies = new LinkedHashMap<>();
    private final Map<String, io.nija.core.store.Subscription> subscriptions = new LinkedHashMap<>();
    /** Kill switches by user id; the global one under "*". */
    private final Map<String, io.nija.core.risk.KillSwitchState> killSwitches = new java.util.TreeMap<>();
    private final Map<String, io.nija.core.bracket.Bracket> brackets = new java.util.TreeMap<>();
    private final Map<String, Map<String, java.math.BigDecimal>> paperBalances = new HashMap<>();
    private final Map<String, io.nija.core.store.PaperOrderRecord> paperOrders = new java.util.LinkedHashMap<>();
    private final Map<String, io.nija.core.store.WebhookOutboxEvent> outbox = new LinkedHashMap<>();
    private long nextRequestId = 1;
    private long nextOutboxSeq = 1;
    private boolean closed;

    // --- users --------------------------------------------------------------------------------------

    private final Map<String, io.nija.core.store.StoredAlert> alerts = new java.util.LinkedHashMap<>();

    @Override
    public synchronized void createUser(User user, String tokenHash) {
        if (users.containsKey(user.userId())) {
            throw new DuplicateKeyException("user " + user.userId() + " exists");
        }
        if (tokenHash != null && tokenHashByUser.containsValue(tokenHash)) {
            throw new DuplicateKeyException("token hash already in use");
        }
        users.put(user.userId(), user);
        if (tokenHash != null) {
            tokenHashByUser.put(user.userId(), tokenHash);
        }
    }

    @Override
    public synchronized Optional<User> findUser(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    @Override
    public synchronized Optional<User> findUserByTokenHash(String tokenHash) {
        return tokenHashByUser.entrySet().stream().filter(e -> e.getValue().equals(tokenHash))
                .map(e -> users.get(e.getKey())).findFirst();
    }

    @Override
    public synchronized List<User> listUsers() {
        return List.copyOf(users.values());
    }

    /** Replaces the limits of an existing user; like an SQL UPDATE, an unknown user changes nothing. */
    @Override
    public synchronized void saveLimits(String userId, UserLimits limits) {
        users.computeIfPresent(userId, (id, u) -> u.withLimits(limits));
    }

    @Override
    public synchronized void saveCredential(String userId, String venue, byte[] sealed) {
        credentials.put(userId + '\u0000' + venue, sealed.clone());
    }

    @Override
    public synchronized Optional<byte[]> findCredential(String userId, String venue) {
        return Optional.ofNullable(credentials.get(userId + '\u0000' + venue)).map(byte[]::clone);
    }

    @Override
    public synchronized void saveCredential(String userId, String venue, byte[] sealed,
                                            io.nija.core.store.CredentialInfo info) {
        requireUser(userId);
        credentials.put(userId + '\u0000' + venue, sealed.clone());
        credentialInfo.computeIfAbsent(userId, u -> new java.util.TreeMap<>()).put(venue, info);
    }

    @Override
    public synchronized List<io.nija.core.store.CredentialInfo> credentialsOf(String userId) {
        // A credential stored without its shown part (paper accounts) is still listed, with no hint or check.
        java.util.TreeMap<String, io.nija.core.store.CredentialInfo> out = new java.util.TreeMap<>();
        String prefix = userId + '\u0000';
        credentials.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .forEach(v -> out.put(v, new io.nija.core.store.CredentialInfo(v, null, List.of(), null)));
        out.putAll(credentialInfo.getOrDefault(userId, new java.util.TreeMap<>()));
        return List.copyOf(out.values());
    }

    @Override
    public synchronized Optional<io.nija.core.user.UserMode> findUserMode(String userId) {
        return Optional.ofNullable(modes.get(userId));
    }

    @Override
    public synchronized void saveUserMode(String userId, io.nija.core.user.UserMode mode) {
        requireUser(userId);
        modes.put(userId, mode);
    }

    @Override
    public synchronized void replaceToken(String userId, String newTokenHash) {
        requireUser(userId);
        if (newTokenHash != null && tokenHashByUser.containsValue(newTokenHash)) {
            throw new DuplicateKeyException("token hash already in use");
        }
        tokenHashByUser.remove(userId);
        if (newTokenHash != null) {
            tokenHashByUser.put(userId, newTokenHash);
        }
    }

    private void requireUser(String userId) {
        if (!users.containsKey(userId)) {
            throw new IllegalArgumentException("no user " + userId);
        }
    }

    @Override
    public synchronized void saveUserWebhook(String userId, byte[] sealed) {
        if (!users.containsKey(userId)) {
            throw new IllegalArgumentException("no user " + userId);
        }
        webhooks.put(userId, sealed.clone());
    }

    @Override
    public synchronized Optional<byte[]> findUserWebhook(String userId) {
        return Optional.ofNullable(webhooks.get(userId)).map(byte[]::clone);
    }

    @Override
    public synchronized boolean deleteUserWebhook(String userId) {
        return webhooks.remove(userId) != null;
    }

    // --- webhook outbox -----------------------------------------------------------------------------

    @Override
    public synchronized int addWebhookEvents(List<io.nija.core.store.WebhookOutboxEvent> events) {
        int added = 0;
        for (io.nija.core.store.WebhookOutboxEvent e : events) {
            if (outbox.containsKey(e.eventId())) {
                continue;
            }
            putNew(e);
            added++;
        }
        return added;
    }

    private void putNew(io.nija.core.store.WebhookOutboxEvent e) {
        outbox.put(e.eventId(), new io.nija.core.store.WebhookOutboxEvent(nextOutboxSeq++, e.eventId(), e.userId(),
                e.payload(), 0, e.nextAttemptAt() != null ? e.nextAttemptAt() : e.createdAt(), null,
                io.nija.core.store.WebhookOutboxStatus.PENDING, e.createdAt(), null, null, null, null, e.order()));
    }

    private boolean describedInOutbox(io.nija.core.store.WebhookOutboxEvent.OrderState state) {
        return outbox.values().stream().anyMatch(e -> state.equals(e.order()));
    }

    private static io.nija.core.store.WebhookOutboxEvent.OrderState stateOf(Order o) {
        return new io.nija.core.store.WebhookOutboxEvent.OrderState(o.orderId(), o.status(), o.updatedAt());
    }

    @Override
    public synchronized List<Order> findOrdersMissingWebhookEvent(java.time.Instant since, java.time.Instant until,
                                                                 String afterOrderId, int limit) {
        return orders.values().stream()
                .filter(o -> webhooks.containsKey(o.userId()))
                .filter(o -> o.status() != io.nija.core.order.OrderStatus.PENDING)
                .filter(o -> !o.updatedAt().isBefore(since) && !o.updatedAt().isAfter(until))
                .filter(o -> afterOrderId == null || o.orderId().compareTo(afterOrderId) > 0)
                .filter(o -> !describedInOutbox(stateOf(o)))
                .sorted(Comparator.comparing(Order::orderId))
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public synchronized int addWebhookCatchUpEvents(List<io.nija.core.store.WebhookOutboxEvent> events) {
        int added = 0;
        for (io.nija.core.store.WebhookOutboxEvent e : events) {
            java.util.Objects.requireNonNull(e.order(), "a catch-up event describes an order state");
            Order current = orders.get(e.order().orderId());
            if (outbox.containsKey(e.eventId()) || describedInOutbox(e.order()) || current == null
                    || !stateOf(current).equals(e.order())) {
                continue;
            }
            putNew(e);
            added++;
        }
        return added;
    }

    @Override
    public synchronized List<io.nija.core.store.WebhookOutboxEvent> claimWebhookEvents(String claimant, java.time.Instant now,
            java.time.Instant claimedUntil, int limit, String userId) {
        Map<String, io.nija.core.store.WebhookOutboxEvent> heads = new LinkedHashMap<>();
        for (io.nija.core.store.WebhookOutboxEvent e : outbox.values()) {
            if (e.status() == io.nija.core.store.WebhookOutboxStatus.PENDING && (userId == null || userId.equals(e.userId()))) {
                heads.merge(e.userId(), e, (a, b) -> a.seq() <= b.seq() ? a : b);
            }
        }
        List<io.nija.core.store.WebhookOutboxEvent> due = heads.values().stream()
                .filter(e -> !e.nextAttemptAt().isAfter(now))
                .filter(e -> e.claimedUntil() == null || !e.claimedUntil().isAfter(now))
                .sorted(Comparator.comparing(io.nija.core.store.WebhookOutboxEvent::nextAttemptAt)
                        .thenComparingLong(io.nija.core.store.WebhookOutboxEvent::seq))
                .limit(Math.max(0, limit))
                .toList();
        List<io.nija.core.store.WebhookOutboxEvent> claimed = new ArrayList<>(due.size());
        for (io.nija.core.store.WebhookOutboxEvent e : due) {
            io.nija.core.store.WebhookOutboxEvent c = e.withClaim(claimant, claimedUntil);
            outbox.put(e.eventId(), c);
            claimed.add(c);
        }
        return claimed;
    }

    @Override
    public synchronized boolean finishWebhookAttempt(String eventId, String claimant, io.nija.core.store.WebhookAttempt o) {
        io.nija.core.store.WebhookOutboxEvent e = outbox.get(eventId);
        if (e == null || e.status() != io.nija.core.store.WebhookOutboxStatus.PENDING || !claimant.equals(e.claimedBy())) {
            return false;
        }
        boolean pending = o.status() == io.nija.core.store.WebhookOutboxStatus.PENDING;
        outbox.put(eventId, new io.nija.core.store.WebhookOutboxEvent(e.seq(), eventId, e.userId(), e.payload(), o.attempts(),
                pending ? o.nextAttemptAt() : e.nextAttemptAt(), o.lastError(), o.status(), e.createdAt(), o.at(),
                o.status() == io.nija.core.store.WebhookOutboxStatus.DELIVERED ? o.at() : null, null, null, e.order()));
        return true;
    }

    @Override
    public synchronized int releaseWebhookClaims(String claimant) {
        int n = 0;
        for (io.nija.core.store.WebhookOutboxEvent e : List.copyOf(outbox.values())) {
            if (claimant.equals(e.claimedBy()) && e.status() == io.nija.core.store.WebhookOutboxStatus.PENDING) {
                outbox.put(e.eventId(), e.withClaim(null, null));
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized Optional<io.nija.core.store.WebhookOutboxEvent> findWebhookEvent(String eventId) {
        return Optional.ofNullable(outbox.get(eventId));
    }

    @Override
    public synchronized long countPendingWebhookEvents() {
        return outbox.values().stream().filter(e -> e.status() == io.nija.core.store.WebhookOutboxStatus.PENDING).count();
    }

    @Override
    public synchronized int pruneWebhookEvents(java.time.Instant before) {
        int before0 = outbox.size();
        outbox.values().removeIf(e -> e.status() != io.nija.core.store.WebhookOutboxStatus.PENDING
                && e.lastAttemptAt() != null && e.lastAttemptAt().isBefore(before));
        return before0 - outbox.size();
    }

    // --- signals and orders -------------------------------------------------------------------------

    @Override
    public synchronized Optional<AcceptedSignal> findSignal(String userId, String idempotencyKey) {
        return Optional.ofNullable(signalsByKey.get(signalKey(userId, idempotencyKey)));
    }

    @Override
    public synchronized AcceptedSignal saveAcceptedSignal(TradeSignal signal, List<Order> newOrders) {
        if (signal.idempotencyKey() != null) {
            AcceptedSignal earlier = signalsByKey.get(signalKey(signal.userId(), signal.idempotencyKey()));
            if (earlier != null) {
                return earlier;
            }
        }
        if (signalsById.containsKey(signal.signalId())) {
            throw new DuplicateKeyException("signal " + signal.signalId() + " exists");
        }
        for (Order o : newOrders) {
            if (orders.containsKey(o.orderId())) {
                throw new DuplicateKeyException("order " + o.orderId() + " exists");
            }
        }
        AcceptedSignal accepted = new AcceptedSignal(signal.signalId(), signal.userId(), signal.idempotencyKey(),
                newOrders.stream().map(Order::orderId).toList(), signal.timestamp());
        signalsById.put(signal.signalId(), accepted);
        tradeSignals.put(signal.signalId(), signal);
        if (signal.idempotencyKey() != null) {
            signalsByKey.put(signalKey(signal.userId(), signal.idempotencyKey()), accepted);
        }
        newOrders.forEach(this::saveOrderLocked);
        return accepted;
    }

    @Override
    public synchronized AcceptedSignal saveAcceptedSignalForOwner(TradeSignal signal, List<Order> newOrders) {
        AcceptedSignal accepted = saveAcceptedSignal(signal, newOrders);
        if (accepted.signalId().equals(signal.signalId())) {
            for (Order o : newOrders) {
                addOwnerTask(io.nija.core.cluster.OwnerTask.Kind.TRADE_RATE, o.userId(), o.orderId(), signal.timestamp());
            }
        }
        return accepted;
    }

    @Override
    public synchronized void requestCancel(String userId, String orderId, java.time.Instant at) {
        addOwnerTask(io.nija.core.cluster.OwnerTask.Kind.CANCEL, userId, orderId, at);
    }

    private void addOwnerTask(io.nija.core.cluster.OwnerTask.Kind kind, String userId, String orderId, java.time.Instant at) {
        long id = ++lastOwnerTask;
        ownerTasks.put(id, new io.nija.core.cluster.OwnerTask(id, kind, userId, orderId, at));
    }

    @Override
    public synchronized List<io.nija.core.cluster.OwnerTask> ownerTasks() {
        return List.copyOf(ownerTasks.values());
    }

    @Override
    public synchronized void completeOwnerTask(io.nija.core.cluster.OwnerTask task) {
        ownerTasks.remove(task.id());
    }

    @Override
    public synchronized void saveOrder(Order order) {
        saveOrderLocked(order);
    }

    private void saveOrderLocked(Order order) {
        Order before = orders.put(order.orderId(), order);
        if (before == null) {
            ordersByArrival.add(order);
        } else if (before != order) {
            ordersByArrival.set(ordersByArrival.indexOf(before), order);
            ordersReplaced++;
        }
        for (OrderLeg leg : order.legs()) {
            for (Fill f : leg.fills()) {
                fills.putIfAbsent(leg.legId() + '\u0000' + f.fillId(), new StoredFill(order.orderId(), leg.legId(), f));
            }
        }
    }

    @Override
    public synchronized Optional<Order> findOrder(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** Newest first (by creation time, then id, which is time-ordered), at most {@code limit}. */
    @Override
    public synchronized List<Order> findOrders(OrderQuery query) {
        return orders.values().stream()
                .filter(o -> query.userId() == null || o.userId().equals(query.userId()))
                .filter(o -> query.status() == null || o.status() == query.status())
                .filter(o -> query.matches(o.createdAt(), o.orderId(), o.strategy()))
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
                .limit(query.limit())
                .toList();
    }

    /** Fill time, then storage order (the list keeps it), as the database's (time, seq). */
    @Override
    public synchronized List<io.nija.core.store.UserFill> findUserFills(String userId) {
        List<io.nija.core.store.UserFill> out = new ArrayList<>();
        for (StoredFill f : fills.values()) {
            Order o = orders.get(f.orderId());
            if (o != null && o.userId().equals(userId)) {
                out.add(new io.nija.core.store.UserFill(o.orderId(), o.side(), o.leg(f.legId()).instrument(), f.fill()));
            }
        }
        out.sort(Comparator.comparing(u -> u.fill().time()));
        return out;
    }

    /** Non-terminal orders, oldest first. */
    @Override
    public synchronized List<Order> findActiveOrders() {
        return orders.values().stream().filter(o -> !o.status().isTerminal())
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId))
                .toList();
    }

    // --- positions ----------------------------------------------------------------------------------

    @Override
    public synchronized void savePositions(Collection<Position> changed) {
        for (Position p : changed) {
            positions.put(new PositionKey(p.userId(), p.venue(), p.pair()), copy(p));
        }
    }

    @Override
    public synchronized List<Position> findPositions(String userId) {
        return positions.values().stream().filter(p -> userId == null || p.userId().equals(userId))
                .map(InMemoryStore::copy).toList();
    }

    // --- audit --------------------------------------------------------------------------------------

    @Override
    public synchronized boolean knowsClientOrderId(String venue, String clientOrderId) {
        return orders.values().stream().flatMap(o -> o.legs().stream())
                .anyMatch(l -> l.venue().equals(venue) && l.clientOrderId().equals(clientOrderId));
    }

    @Override
    public synchronized long beginVenueRequest(String legId, String venue, String clientOrderId, String kind,
                                               java.time.Instant sentAt) {
        long id = nextRequestId++;
        venueRequests.put(id, new io.nija.core.store.VenueRequest(id, legId, venue, clientOrderId, kind, sentAt, null, null, null));
        return id;
    }

    @Override
    public synchronized void completeVenueRequest(long requestId, String outcome, java.time.Instant at, String detail) {
        io.nija.core.store.VenueRequest r = venueRequests.get(requestId);
        if (r != null && r.outcome() == null) {
            venueRequests.put(requestId, new io.nija.core.store.VenueRequest(r.id(), r.legId(), r.venue(), r.clientOrderId(),
                    r.kind(), r.sentAt(), outcome, at, detail));
        }
    }

    @Override
    public synchronized List<io.nija.core.store.VenueRequest> openVenueRequests() {
        return venueRequests.values().stream().filter(r -> r.outcome() == null).toList();
    }

    @Override
    public synchronized boolean maySendHaveReachedVenue(String legId) {
        return venueRequests.values().stream().anyMatch(r -> r.legId().equals(legId) && r.kind().equals("place")
                && (r.outcome() == null || !(r.outcome().equals("refused") || r.outcome().equals("not_sent"))));
    }

    /** Every venue request, completed or not, in the order they were begun. */
    public synchronized List<io.nija.core.store.VenueRequest> venueRequests() {
        return List.copyOf(venueRequests.values());
    }

    @Override
    public synchronized void createStrategy(io.nija.core.store.Strategy strategy) {
        if (strategies.putIfAbsent(strategy.strategy(), strategy) != null) {
            throw new io.nija.core.store.DuplicateKeyException("strategy " + strategy.strategy() + " already exists");
        }
    }

    @Override
    public synchronized Optional<io.nija.core.store.Strategy> findStrategy(String strategy) {
        return Optional.ofNullable(strategies.get(strategy));
    }

    @Override
    public synchronized void saveSubscription(io.nija.core.store.Subscription s) {
        subscriptions.put(s.userId() + "/" + s.strategy(), s);
    }

    @Override
    public synchronized List<io.nija.core.store.Subscription> subscriptionsOf(String userId) {
        return subscriptions.values().stream().filter(s -> s.userId().equals(userId)).toList();
    }

    @Override
    public synchronized boolean saveAlert(io.nija.core.store.StoredAlert alert) {
        return alerts.putIfAbsent(alert.alertId(), alert) == null;
    }

    @Override
    public synchronized Optional<io.nija.core.store.StoredAlert> findAlert(String alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    @Override
    public synchronized List<io.nija.core.store.StoredAlert> alertsNotFannedOut() {
        return alerts.values().stream().filter(a -> a.fannedOut() == null)
                .sorted(java.util.Comparator.comparing(io.nija.core.store.StoredAlert::receivedAt)).toList();
    }

    @Override
    public synchronized void alertFannedOut(String alertId, java.time.Instant at) {
        alerts.computeIfPresent(alertId, (id, a) -> new io.nija.core.store.StoredAlert(a.alertId(), a.strategy(), a.actor(),
                a.pair(), a.side(), a.signalType(), a.sizeUsd(), a.closeAll(), a.signalTime(), a.keys(), a.receivedAt(), at));
    }

    @Override
    public synchronized List<io.nija.core.store.Subscription> subscribersOf(String strategy) {
        return subscriptions.values().stream().filter(s -> s.strategy().equals(strategy) && s.enabled()).toList();
    }

    @Override
    public synchronized void saveKillSwitch(String userId, io.nija.core.risk.KillSwitchState state) {
        killSwitches.put(userId == null ? "*" : userId, state);
    }

    @Override
    public synchronized List<io.nija.core.store.StoredKillSwitch> findKillSwitches() {
        return killSwitches.entrySet().stream().map(e -> new io.nija.core.store.StoredKillSwitch(
                e.getKey().equals("*") ? null : e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized void saveBracket(io.nija.core.bracket.Bracket bracket) {
        brackets.put(bracket.entryOrderId(), bracket);
    }

    @Override
    public synchronized List<io.nija.core.bracket.Bracket> findLiveBrackets() {
        return brackets.values().stream().filter(b -> !b.isFinished()).toList();
    }

    @Override
    public synchronized Optional<io.nija.core.bracket.Bracket> findBracket(String entryOrderId) {
        return Optional.ofNullable(brackets.get(entryOrderId));
    }

    @Override
    public synchronized Map<String, java.math.BigDecimal> findPaperBalances(String userId, String venue) {
        return paperBalances.getOrDefault(userId + "\u0000" + venue, Map.of());
    }

    @Override
    public synchronized void savePaperBalances(String userId, String venue, Map<String, java.math.BigDecimal> balances) {
        paperBalances.put(userId + "\u0000" + venue, Map.copyOf(balances));
    }

    @Override
    public synchronized void savePaperOrder(io.nija.core.store.PaperOrderRecord order,
                                            Map<String, java.math.BigDecimal> balances) {
        paperOrders.put(order.userId() + "\u0000" + order.venue() + "\u0000" + order.clientOrderId(), order);
        if (balances != null) {
            savePaperBalances(order.userId(), order.venue(), balances);
        }
    }

    @Override
    public synchronized Optional<io.nija.core.store.PaperOrderRecord> findPaperOrder(String userId, String venue,
                                                                                   String clientOrderId) {
        return Optional.ofNullable(paperOrders.get(userId + "\u0000" + venue + "\u0000" + clientOrderId));
    }

    @Override
    public synchronized List<io.nija.core.store.PaperOrderRecord> findOpenPaperOrders(String userId, String venue) {
        return paperOrders.values().stream().filter(o -> o.userId().equals(userId) && o.venue().equals(venue)
                && !o.status().isFinal()).toList();
    }

    @Override
    public synchronized java.util.OptionalLong verifyAuditChain() {
        // Nothing outside can alter these rows, but a restart (reloaded) or a change to how rows are appended can
        // break the chain: simulations check it as they would check a database's.
        io.nija.core.store.AuditHash.Verifier chain = new io.nija.core.store.AuditHash.Verifier();
        for (io.nija.core.store.AuditRecord row : audit) {
            if (!chain.accept(row)) {
                return java.util.OptionalLong.of(row.seq());
            }
        }
        return java.util.OptionalLong.empty();
    }

    @Override
    public synchronized void appendAudit(AuditEvent event) {
        java.util.Objects.requireNonNull(event.time(), "audit event time");
        audit.add(io.nija.core.store.AuditRecord.after(audit.isEmpty() ? null : audit.get(audit.size() - 1), event));
    }

    /** The newest {@code limit} events, newest first. */
    @Override
    public synchronized List<AuditEvent> recentAudit(int limit) {
        List<AuditEvent> out = new ArrayList<>(Math.min(limit, audit.size()));
        for (int i = audit.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(audit.get(i).event());
        }
        return out;
    }

    @Override
    public synchronized boolean isHealthy() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // --- for tests and simulations (read back what the engine stored) ----------------------------------------------------------------------------------

    /** Every stored fill row, in the order it was first stored. */
    public synchronized List<StoredFill> storedFills() {
        return List.copyOf(fills.values());
    }

    /** Stored fill rows of one order. */
    public synchronized List<StoredFill> storedFills(String orderId) {
        return fills.values().stream().filter(f -> f.orderId().equals(orderId)).toList();
    }

    /** Every audit event, oldest first. */
    public synchronized List<AuditEvent> auditLog() {
        return audit.stream().map(io.nija.core.store.AuditRecord::event).toList();
    }

    /** The chained audit rows from sequence number {@code fromSeq} on (1 = all), oldest first. */
    public synchronized List<io.nija.core.store.AuditRecord> auditRecordsFrom(long fromSeq) {
        int from = (int) Math.max(0, Math.min(audit.size(), fromSeq - 1));
        return List.copyOf(audit.subList(from, audit.size()));
    }

    public synchronized List<Order> allOrders() {
        return List.copyOf(orders.values());
    }

    /** How many orders the store holds (for simulations: cheaper than {@link #allOrders()}). */
    public synchronized int orderCount() {
        return orders.size();
    }

    /**
     * The orders stored after the first {@code from}, in the order they were first stored ({@link #allOrders()}'s
     * order), so a reader that keeps up with the store reads only what is new. Valid while {@link #ordersReplaced()}
     * has not changed since the reader's last look.
     */
    public synchronized List<Order> ordersFrom(int from) {
        return List.copyOf(ordersByArrival.subList(Math.min(from, ordersByArrival.size()), ordersByArrival.size()));
    }

    /** How many times an order id was saved with a new object in place of the one stored (a resumed order). */
    public synchronized long ordersReplaced() {
        return ordersReplaced;
    }

    public synchronized Optional<TradeSignal> signal(String signalId) {
        return Optional.ofNullable(tradeSignals.get(signalId));
    }

    public synchronized int signalCount() {
        return signalsById.size();
    }

    /**
     * The store as a new process would see it after a restart: the same rows, with every order rebuilt from
     * its saved state through {@link Order#restoreState} and {@link OrderLeg#restore}, so nothing is shared
     * with the objects the previous engine still holds.
     */
    public synchronized InMemoryStore reloaded() {
        InMemoryStore s = new InMemoryStore();
        s.users.putAll(users);
        s.tokenHashByUser.putAll(tokenHashByUser);
        credentials.forEach((k, v) -> s.credentials.put(k, v.clone()));
        webhooks.forEach((k, v) -> s.webhooks.put(k, v.clone()));
        credentialInfo.forEach((k, v) -> s.credentialInfo.put(k, new java.util.TreeMap<>(v)));
        s.modes.putAll(modes);
        s.signalsById.putAll(signalsById);
        s.signalsByKey.putAll(signalsByKey);
        s.tradeSignals.putAll(tradeSignals);
        for (Order o : ordersByArrival) {
            Order c = copy(o);
            s.orders.put(c.orderId(), c);
            s.ordersByArrival.add(c);
        }
        s.fills.putAll(fills);
        positions.forEach((k, p) -> s.positions.put(k, copy(p)));
        s.audit.addAll(audit);
        s.outbox.putAll(outbox);
        s.nextOutboxSeq = nextOutboxSeq;
        // The send journal, strategies and subscriptions are on disk too: a restart reads them back.
        s.venueRequests.putAll(venueRequests);
        s.nextRequestId = nextRequestId;
        s.strategies.putAll(strategies);
        s.subscriptions.putAll(subscriptions);
        s.killSwitches.putAll(killSwitches);
        s.brackets.putAll(brackets);
        s.paperBalances.putAll(paperBalances);
        s.paperOrders.putAll(paperOrders);
        return s;
    }

    /** A deep copy of an order built the way a database-backed store rebuilds one. */
    public static Order copy(Order o) {
        Order c = new Order(o.orderId(), o.signalId(), o.userId(), o.pair(), o.side(), o.signalType(),
                o.requestedUsd(), o.createdAt(), o.strategy());
        c.recordArrivalMid(o.arrivalMid());
        c.recordExpectedPrice(o.expectedPrice());
        c.instructions(o.closeAll(), o.exitQuantity(), o.terms());
        List<OrderLeg> legs = new ArrayList<>(o.legs().size());
        for (OrderLeg l : o.legs()) {
            OrderLeg leg = OrderLeg.restore(l.legId(), l.legIndex(), l.instrument(), l.type(), l.quantity(), l.limitPrice(),
                    l.notBefore(), l.clientOrderId(), l.attemptFamily(), l.status(), l.venueOrderId(),
                    l.statusReason(), List.copyOf(l.fills()));
            leg.restoreSupersededBy(l.supersededBy());
            legs.add(leg);
        }
        c.restoreState(o.status(), o.updatedAt(), o.executionMethod(), o.routeReason(), o.rejectCode(),
                o.statusReason(), legs);
        return c;
    }

    private static Position copy(Position p) {
        return Position.restore(p.userId(), p.venue(), p.pair(), p.quantity(), p.averageCost(), p.realizedPnl());
    }

    private static String signalKey(String userId, String idempotencyKey) {
        return userId + '\u0000' + idempotencyKey;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryStore" + Arrays.asList(users.size() + " users", orders.size() + " orders", fills.size() + " fills");
    }
}
