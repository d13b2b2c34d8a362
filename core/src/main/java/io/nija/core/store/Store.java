package io.nija.core.store;

import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The port to durable storage. Implemented with JDBC + Flyway in module store (embedded or external
 * PostgreSQL) and in memory for core tests. Every method is safe to call from many threads.
 */
public interface Store extends AutoCloseable {
    // --- users --------------------------------------------------------------------------------------
    /** Creates a user with the hash of its API token; throws {@link DuplicateKeyException} if the id exists. */
    void createUser(User user, String tokenHash);

    Optional<User> findUser(String userId);

    Optional<User> findUserByTokenHash(String tokenHash);

    List<User> listUsers();

    void saveLimits(String userId, UserLimits limits);

    /** Stores a sealed (encrypted) credential blob; the store never sees plaintext secrets. */
    void saveCredential(String userId, String venue, byte[] sealed);

    Optional<byte[]> findCredential(String userId, String venue);

    /**
     * Stores a sealed credential with what may be shown about it (replacing both); throws IllegalArgumentException
     * if there is no such user. {@link #saveCredential(String, String, byte[])} keeps the shown part as it was.
     */
    void saveCredential(String userId, String venue, byte[] sealed, CredentialInfo info);

    /** What may be shown of a user's stored credentials, by venue; empty for an unknown user. */
    List<CredentialInfo> credentialsOf(String userId);

    /** The user's stored mode, or empty when none was stored (users from before modes existed, unknown users). */
    Optional<io.nija.core.user.UserMode> findUserMode(String userId);

    /** Stores a user's mode; throws IllegalArgumentException if there is no such user. */
    void saveUserMode(String userId, io.nija.core.user.UserMode mode);

    /**
     * Replaces every API token of the user with one new token hash in ONE transaction, so the old token stops working
     * the moment the new one exists. {@code newTokenHash} null only revokes. Throws IllegalArgumentException if there
     * is no such user, {@link DuplicateKeyException} if the hash is already in use.
     */
    void replaceToken(String userId, String newTokenHash);

    /**
     * Stores a user's sealed order-event webhook (its URL and signing secret, encrypted by the caller), replacing
     * any earlier one; throws if there is no such user.
     */
    void saveUserWebhook(String userId, byte[] sealed);

    Optional<byte[]> findUserWebhook(String userId);

    /** Removes a user's webhook; true when there was one. */
    boolean deleteUserWebhook(String userId);

    // --- signals and orders -------------------------------------------------------------------------
    Optional<AcceptedSignal> findSignal(String userId, String idempotencyKey);

    /**
     * Stores a signal and its new orders in one transaction: the signal is acknowledged only after this
     * returns. If the (user, idempotency key) already exists nothing is written and the first signal is
     * returned instead.
     */
    AcceptedSignal saveAcceptedSignal(TradeSignal signal, List<Order> orders);

    /**
     * {@link #saveAcceptedSignal} for a signal taken by an instance that does not drive the user: in the same
     * transaction it leaves the owner a {@link io.nija.core.cluster.OwnerTask.Kind#TRADE_RATE} task per new order, so
     * the owner's trade rate decides before the order is routed, whoever stored it and whatever happens to either
     * instance meanwhile.
     */
    AcceptedSignal saveAcceptedSignalForOwner(TradeSignal signal, List<Order> orders);

    /** Leaves the user's owner a {@link io.nija.core.cluster.OwnerTask.Kind#CANCEL} task for the order. */
    void requestCancel(String userId, String orderId, java.time.Instant at);

    /** Every task left for owners and not done yet, oldest first. */
    List<io.nija.core.cluster.OwnerTask> ownerTasks();

    /**
     * The task is done and removed, under this instance's fencing token for the user's shard: an instance that lost
     * the shard cannot remove it (it throws {@link io.nija.core.cluster.StaleLeaseException}), so the new owner does it.
     */
    void completeOwnerTask(io.nija.core.cluster.OwnerTask task);

    /**
     * As {@link #saveAcceptedSignal(TradeSignal, List)}, and when the signal is new also appends {@code accepted} to
     * the audit log; a store that can do both in one transaction does (one commit per signal instead of two).
     */
    default AcceptedSignal saveAcceptedSignal(TradeSignal signal, List<Order> orders, AuditEvent accepted) {
        AcceptedSignal saved = saveAcceptedSignal(signal, orders);
        if (saved.signalId().equals(signal.signalId())) {
            appendAudit(accepted);
        }
        return saved;
    }

    /** Upserts an order, its legs and any fills not stored yet (fills are unique per venue fill id). */
    void saveOrder(Order order);

    /**
     * Saves an order and the positions its new fills changed in ONE transaction: a crash can never leave a fill
     * counted in a position but missing from its order (it would be counted again when the fill is re-imported),
     * nor the other way round.
     */
    default void saveOrderAndPositions(Order order, Collection<Position> positions) {
        saveOrder(order);
        savePositions(positions);
    }

    /**
     * {@link #saveOrder(Order)} and, when {@code event} is not null, appends it to the audit log; a store that can do
     * both in one transaction does. Returns once the order is stored: the engine hands a leg to its venue's executor
     * only after the save that created the leg returned, so the send's intent always finds it.
     */
    default void saveOrder(Order order, AuditEvent event) {
        saveOrder(order);
        if (event != null) {
            appendAudit(event);
        }
    }

    /**
     * {@link #saveOrderAndPositions(Order, Collection)} and, when {@code event} is not null, its audit row; a store
     * that can do both in one transaction does. Returns once all of it is stored.
     */
    default void saveOrderAndPositions(Order order, Collection<Position> positions, AuditEvent event) {
        saveOrderAndPositions(order, positions);
        if (event != null) {
            appendAudit(event);
        }
    }

    Optional<Order> findOrder(String orderId);

    List<Order> findOrders(OrderQuery query);

    /**
     * Every fill of one user's orders in the order they happened (fill time, then the order they were stored in):
     * what a replay of the user's trading (PnL by day) starts from.
     */
    List<UserFill> findUserFills(String userId);

    /** True when some leg on {@code venue} carries this client order id (the router sent it). */
    boolean knowsClientOrderId(String venue, String clientOrderId);

    /** Orders not in a terminal state: what a restart or the reconciler must pick up. */
    List<Order> findActiveOrders();

    /** The ids and users of the orders not in a terminal state (a cheap read for the sweep of several instances). */
    default List<ActiveOrderRef> findActiveOrderRefs() {
        return findActiveOrders().stream().map(o -> new ActiveOrderRef(o.orderId(), o.userId())).toList();
    }

    // --- positions ----------------------------------------------------------------------------------
    void savePositions(Collection<Position> positions);

    /** Positions of one user, or of everyone when {@code userId} is null. */
    List<Position> findPositions(String userId);

    // --- write-ahead log of venue requests ----------------------------------------------------------
    /**
     * Records that a request is about to be sent; returns its id for {@link #completeVenueRequest}. Returns only once
     * the record is durable: the request may leave for the venue only after this returned, so that a crash between
     * the two leaves an open request, which recovery resolves by asking the venue (never by sending again).
     */
    long beginVenueRequest(String legId, String venue, String clientOrderId, String kind, java.time.Instant sentAt);

    /**
     * Records what became of a request. A store may commit it after returning (with its next write): nothing may be
     * sent on its strength, and until it is stored the request counts as open, which only makes recovery ask the
     * venue again. Reads of this store ({@link #openVenueRequests}, {@link #maySendHaveReachedVenue}) see it.
     */
    void completeVenueRequest(long requestId, String outcome, java.time.Instant at, String detail);

    /** Requests sent but never completed (crash between send and answer), oldest first. */
    List<VenueRequest> openVenueRequests();

    /**
     * Whether a send of this leg may have reached its venue: a place request was begun and its answer was not a
     * refusal and not "kept back" (rate limit, breaker). After a restart such a leg's order may exist at the venue
     * although the venue's reads do not show it yet.
     */
    boolean maySendHaveReachedVenue(String legId);

    // --- strategies and subscriptions ---------------------------------------------------------------
    /** Creates a strategy; throws {@link DuplicateKeyException} if it exists. */
    void createStrategy(Strategy strategy);

    Optional<Strategy> findStrategy(String strategy);

    /** Creates or replaces a user's subscription to a strategy. */
    void saveSubscription(Subscription subscription);

    List<Subscription> subscriptionsOf(String userId);

    /** Enabled subscriptions of a strategy: the fan-out list of its alerts. */
    List<Subscription> subscribersOf(String strategy);

    /**
     * Stores a strategy alert before it is answered (one row, one transaction). False when an alert with that id is
     * stored already (a repeated delivery): nothing is written.
     */
    boolean saveAlert(StoredAlert alert);

    /** The stored alert with that id. */
    java.util.Optional<StoredAlert> findAlert(String alertId);

    /** Alerts whose fan-out has not finished (after a crash: to run again), oldest first. */
    List<StoredAlert> alertsNotFannedOut();

    /** Marks an alert's fan-out finished. */
    void alertFannedOut(String alertId, java.time.Instant at);

    /** Records a kill switch as set: a user's, or the global one when {@code userId} is null. */
    void saveKillSwitch(String userId, io.nija.core.risk.KillSwitchState state);

    /** Every kill switch as last set, so a restart keeps them. */
    List<StoredKillSwitch> findKillSwitches();

    /** Stores a bracket's state (insert or replace by its entry's order id). */
    void saveBracket(io.nija.core.bracket.Bracket bracket);

    /** Brackets not finished (armed or with an exit working): what a restart must keep watching. */
    List<io.nija.core.bracket.Bracket> findLiveBrackets();

    /** The bracket of an entry, finished or not. */
    Optional<io.nija.core.bracket.Bracket> findBracket(String entryOrderId);

    // --- paper accounts -----------------------------------------------------------------------------
    /** The balances of a user's paper account on a venue, per asset; empty when none were stored. */
    java.util.Map<String, java.math.BigDecimal> findPaperBalances(String userId, String venue);

    /** Replaces the balances of a user's paper account on a venue (in one transaction). */
    void savePaperBalances(String userId, String venue, java.util.Map<String, java.math.BigDecimal> balances);

    /**
     * Stores a paper order as it is now (replacing the row of its user, venue and client order id) and, when
     * {@code balances} is not null, replaces that paper account's balances in the same transaction.
     */
    void savePaperOrder(io.nija.core.store.PaperOrderRecord order, java.util.Map<String, java.math.BigDecimal> balances);

    /** The stored paper order of a user on a venue with this client order id, or empty. */
    java.util.Optional<io.nija.core.store.PaperOrderRecord> findPaperOrder(String userId, String venue, String clientOrderId);

    /** A user's paper orders on a venue that are not final (resting limits), oldest first. */
    java.util.List<io.nija.core.store.PaperOrderRecord> findOpenPaperOrders(String userId, String venue);

    // --- webhook outbox -----------------------------------------------------------------------------
    /**
     * Adds events for users' webhooks in ONE transaction, each pending and due at its {@code nextAttemptAt}; an
     * event id already in the outbox is left as it is. Once this returns the events are durable: the outbox has
     * accepted them. Their {@code seq} numbers follow the list's order. Returns how many were new.
     */
    int addWebhookEvents(List<WebhookOutboxEvent> events);

    /**
     * The catch-up sweep's query: orders of users who have a webhook, updated within {@code [since, until]} and not
     * {@code pending} (a state never announced), whose CURRENT state (status and updated-at, see {@link
     * WebhookOutboxEvent.OrderState}) no outbox row describes. At most {@code limit}, by order id, starting after
     * {@code afterOrderId} (null = from the first): the caller pages with the last id it got.
     */
    List<Order> findOrdersMissingWebhookEvent(Instant since, Instant until, String afterOrderId, int limit);

    /**
     * Adds catch-up events, each describing one order state ({@link WebhookOutboxEvent#order} must be set), in ONE
     * transaction. An event is added only while no outbox row describes its order state yet and the order is still in
     * that state; of concurrent callers (router instances starting together) at most one adds an event per order
     * state. Returns how many were added.
     */
    int addWebhookCatchUpEvents(List<WebhookOutboxEvent> events);

    /**
     * Claims up to {@code limit} due events for {@code claimant} until {@code claimedUntil}, at most one per user and
     * only the user's oldest pending event (so a user's events go out in order, one at a time): an event is due when
     * it is pending, {@code nextAttemptAt <= now}, and nobody holds an unexpired claim on it. Concurrent claimants
     * (other router instances on the same database) never get the same event while a claim is valid; a claim that
     * expired (its holder died) may be taken over. {@code userId} null = any user, else only that user's. Oldest
     * due first.
     */
    List<WebhookOutboxEvent> claimWebhookEvents(String claimant, Instant now, Instant claimedUntil, int limit, String userId);

    /**
     * Records what became of an event {@code claimant} claimed, and drops the claim. False (and nothing written)
     * when the claim was lost meanwhile (it expired and another claimant took the event, or it is no longer pending).
     */
    boolean finishWebhookAttempt(String eventId, String claimant, WebhookAttempt outcome);

    /** Drops every claim {@code claimant} holds (a dispatcher that stops), so others may deliver those events at once. */
    int releaseWebhookClaims(String claimant);

    Optional<WebhookOutboxEvent> findWebhookEvent(String eventId);

    /** How many events are pending, over all users. */
    long countPendingWebhookEvents();

    /** Deletes events that reached a final status before {@code before}; returns how many. */
    int pruneWebhookEvents(Instant before);

    // --- audit --------------------------------------------------------------------------------------
    void appendAudit(AuditEvent event);

    List<AuditEvent> recentAudit(int limit);

    /**
     * Checks the audit log's hash chain: the sequence number of the first row that was altered, inserted or
     * follows a deleted row, or empty when the chain is intact.
     */
    java.util.OptionalLong verifyAuditChain();

    /** True when the store answers a trivial query. */
    boolean isHealthy();

    @Override
    void close();
}
