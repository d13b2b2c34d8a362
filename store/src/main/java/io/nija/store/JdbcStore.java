package io.nija.store;

import com.zaxxer.hikari.HikariDataSource;
import io.nija.core.cluster.Fence;
import io.nija.core.cluster.LeaseStore;
import io.nija.core.cluster.ShardOwnership;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.OrderQuery;
import io.nija.core.store.Store;
import io.nija.core.store.WebhookAttempt;
import io.nija.core.store.WebhookOutboxEvent;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} port on PostgreSQL, through a small HikariCP pool and Jdbi. Every method is one short
 * transaction, safe to call from many (virtual) threads at once. Obtain one from {@link Stores}.
 *
 * <p>Money, prices and quantities are numeric columns read and written as BigDecimal, so values come back
 * with the exact digits and scale they were saved with. Times are kept to the microsecond.
 */
public final class JdbcStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
    private static final String TERMINAL_STATUSES = Arrays.stream(OrderStatus.values())
            .filter(OrderStatus::isTerminal)
            .map(s -> "'" + Sql.wire(s) + "'")
            .collect(Collectors.joining(", "));

    /** Signals stored in one transaction at most: a burst's worth, while one transaction stays short. */
    private static final int SIGNAL_BATCH = 256;
    /** Lane writes (order saves, send intents and outcomes) in one transaction at most. */
    private static final int LANE_BATCH = 256;

    private final HikariDataSource pool;
    private final AutoCloseable server;
    private final String description;
    private final Jdbi jdbi;
    private final UserRows users;
    private final SignalRows signals;
    private final PositionRows positions;
    private final AuditLog audit;
    private final GroupCommit<SignalRows.ToSave, AcceptedSignal> signalWrites;
    /** The lanes' and executors' writes of order state, group-committed (see {@link LaneWrites}). */
    private final GroupCommit<LaneWrites.Item, Long> laneWrites;
    private final VenueRequestRows venueRequests;
    private final StrategyRows strategies;
    private final AlertRows alerts;
    private final KillSwitchRows killSwitches;
    private final BracketRows brackets;
    private final PaperOrderRows paperOrders;
    private final PaperBalanceRows paperBalances;
    private final WebhookOutboxRows outbox;
    /** On a small pool of their own, made on first use (only an instance in a cluster renews leases). */
    private LeaseRows leases;
    private HikariDataSource leasePool;
    private final OwnerTaskRows ownerTasks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StoreCounters counters = new StoreCounters();
    /** Whose order state this instance may write; everyone's (and no check) unless it runs in a cluster. */
    private volatile ShardOwnership fencing = ShardOwnership.ALL;

    /**
     * Exports the connection pool's metrics (hikaricp_connections_active, _idle, _pending, _acquire_seconds, ...,
     * tagged pool="nija-store") to {@code registry}. Once per store: HikariCP takes one metrics tracker per pool.
     */
    public void bindPoolMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        pool.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
    }

    JdbcStore(HikariDataSource pool, AutoCloseable server, String description) {
        this.pool = pool;
        this.server = server;
        this.description = description;
        this.jdbi = Jdbi.create(pool);
        counters.install(jdbi);
        this.users = new UserRows(jdbi);
        this.signals = new SignalRows(jdbi);
        this.positions = new PositionRows(jdbi);
        this.venueRequests = new VenueRequestRows(jdbi);
        this.strategies = new StrategyRows(jdbi);
        this.alerts = new AlertRows(jdbi);
        this.killSwitches = new KillSwitchRows(jdbi);
        this.brackets = new BracketRows(jdbi);
        this.paperBalances = new PaperBalanceRows(jdbi);
        this.paperOrders = new PaperOrderRows(jdbi, paperBalances);
        this.outbox = new WebhookOutboxRows(jdbi);
        this.ownerTasks = new OwnerTaskRows(jdbi);
        this.audit = new AuditLog(jdbi);
        this.signalWrites = new GroupCommit<>("signal-writer", SIGNAL_BATCH, signals::saveAll);
        this.laneWrites = new GroupCommit<>("lane-writer", LANE_BATCH, new LaneWrites(jdbi, () -> fencing)::write);
        log.info("store open: {}", description);
    }

    // --- users --------------------------------------------------------------------------------------

    @Override
    public void createUser(User user, String tokenHash) {
        users.create(user, tokenHash);
    }

    @Override
    public Optional<User> findUser(String userId) {
        return users.find(userId);
    }

    @Override
    public Optional<User> findUserByTokenHash(String tokenHash) {
        return users.findByTokenHash(tokenHash);
    }

    @Override
    public List<User> listUsers() {
        return users.list();
    }

    @Override
    public void saveLimits(String userId, UserLimits limits) {
        users.saveLimits(userId, limits);
    }

    @Override
    public void saveCredential(String userId, String venue, byte[] sealed) {
        users.saveCredential(userId, venue, sealed);
    }

    @Override
    public Optional<byte[]> findCredential(String userId, String venue) {
        return users.findCredential(userId, venue);
    }

    @Override
    public void saveCredential(String userId, String venue, byte[] sealed, io.nija.core.store.CredentialInfo info) {
        users.saveCredential(userId, venue, sealed, info);
    }

    @Override
    public List<io.nija.core.store.CredentialInfo> credentialsOf(String userId) {
        return users.credentialsOf(userId);
    }

    @Override
    public Optional<io.nija.core.user.UserMode> findUserMode(String userId) {
        return users.findMode(userId);
    }

    @Override
    public void saveUserMode(String userId, io.nija.core.user.UserMode mode) {
        users.saveMode(userId, mode);
    }

    @Override
    public void replaceToken(String userId, String newTokenHash) {
        users.replaceToken(userId, newTokenHash);
    }

    @Override
    public void saveUserWebhook(String userId, byte[] sealed) {
        users.saveWebhook(userId, sealed);
    }

    @Override
    public Optional<byte[]> findUserWebhook(String userId) {
        return users.findWebhook(userId);
    }

    @Override
    public boolean deleteUserWebhook(String userId) {
        return users.deleteWebhook(userId);
    }

    // --- signals and orders -------------------------------------------------------------------------

    @Override
    public Optional<AcceptedSignal> findSignal(String userId, String idempotencyKey) {
        return signals.find(userId, idempotencyKey);
    }

    @Override
    public AcceptedSignal saveAcceptedSignal(TradeSignal signal, List<Order> orders) {
        // Group commit: signals arriving together are stored in one transaction; each caller returns once committed.
        return signalWrites.write(new SignalRows.ToSave(signal, orders, null, false));
    }

    @Override
    public AcceptedSignal saveAcceptedSignal(TradeSignal signal, List<Order> orders, AuditEvent accepted) {
        return signalWrites.write(new SignalRows.ToSave(signal, orders, accepted, false));
    }

    @Override
    public AcceptedSignal saveAcceptedSignalForOwner(TradeSignal signal, List<Order> orders) {
        return signalWrites.write(new SignalRows.ToSave(signal, orders, null, true));
    }

    @Override
    public void requestCancel(String userId, String orderId, Instant at) {
        ownerTasks.add(io.nija.core.cluster.OwnerTask.Kind.CANCEL, userId, orderId, at);
    }

    @Override
    public List<io.nija.core.cluster.OwnerTask> ownerTasks() {
        return ownerTasks.all();
    }

    @Override
    public void completeOwnerTask(io.nija.core.cluster.OwnerTask task) {
        underToken(List.of(task.userId()), h -> OwnerTaskRows.remove(h, task.id()));
    }

    // Order state goes through the lane writer: concurrent lanes share a transaction, and each call returns only once
    // its own write is committed (see LaneWrites for which write must precede which call).

    @Override
    public void saveOrder(Order order) {
        saveOrderAndPositions(order, List.of(), null);
    }

    @Override
    public void saveOrder(Order order, AuditEvent event) {
        saveOrderAndPositions(order, List.of(), event);
    }

    @Override
    public void saveOrderAndPositions(Order order, Collection<Position> changed) {
        saveOrderAndPositions(order, changed, null);
    }

    @Override
    public void saveOrderAndPositions(Order order, Collection<Position> changed, AuditEvent event) {
        List<String> users = new java.util.ArrayList<>();
        users.add(order.userId());
        changed.forEach(p -> users.add(p.userId()));
        laneWrites.write(new LaneWrites.OrderSave(List.of(order), List.copyOf(changed), event, fences(users)));
    }

    /** The fences of {@code userIds}' shards, taken before the write: a shard known lost is refused without a round trip. */
    private List<Fence> fences(Collection<String> userIds) {
        return userIds.stream().distinct().map(fencing::fence).filter(f -> f != null).toList();
    }

    // --- cluster ------------------------------------------------------------------------------------

    /**
     * Makes every later write of order state, positions and send intents carry the writer's fencing token for the
     * user's shard, checked in the same transaction: a write for a shard this instance no longer holds throws
     * {@link io.nija.core.cluster.StaleLeaseException} and changes nothing. Signals are not fenced: any instance
     * stores them, and the owner picks them up.
     */
    public void fenceWith(ShardOwnership ownership) {
        this.fencing = ownership;
    }

    /** The shard lease rows, for a {@link io.nija.core.cluster.LeaseManager}. */
    public synchronized LeaseStore leases() {
        if (leases == null) {
            // Renewal must not queue behind request traffic for a connection: a renewal late by more than the lease
            // time loses every shard of a healthy instance. Two connections: the renewal and a status read.
            leasePool = new HikariDataSource();
            leasePool.setPoolName("nija-leases");
            leasePool.setJdbcUrl(pool.getJdbcUrl());
            leasePool.setUsername(pool.getUsername());
            leasePool.setPassword(pool.getPassword());
            leasePool.setSchema(pool.getSchema());
            leasePool.setMaximumPoolSize(2);
            leasePool.setMinimumIdle(1);
            leasePool.setConnectionTimeout(2_000);
            leases = new LeaseRows(Jdbi.create(leasePool));
        }
        return leases;
    }

    /** Rate-limit buckets kept in this database, shared by every instance using it; {@code clock} is Bucket4j's time. */
    public PgRateBuckets rateBuckets(io.github.bucket4j.TimeMeter clock) {
        return new PgRateBuckets(pool, clock);
    }

    /** The exchanges' back-off answers, shared by every instance using this database; {@code now}: their clock. */
    public PgRateHolds rateHolds(java.util.function.Supplier<java.time.Instant> now) {
        return new PgRateHolds(pool, now);
    }

    /** Cluster messages over PostgreSQL LISTEN/NOTIFY on a connection of its own. */
    public PgClusterBus clusterBus(String instanceId) {
        return new PgClusterBus(pool, instanceId);
    }

    /**
     * One transaction that writes state of {@code userIds}' orders under this instance's fencing tokens: each user's
     * shard lease is checked (row-locked) first, so the write commits only while this instance still holds every
     * shard, and a stale owner's write throws {@link io.nija.core.cluster.StaleLeaseException} and changes nothing.
     * The fences are taken before the transaction: a shard already known lost is refused without a round trip.
     * Outside a cluster there are no fences and this is a plain transaction.
     */
    private void underToken(Collection<String> userIds, Consumer<org.jdbi.v3.core.Handle> write) {
        List<Fence> fences = userIds.stream().distinct().map(fencing::fence).filter(f -> f != null).toList();
        jdbi.useTransaction(h -> {
            fences.forEach(f -> LeaseRows.check(h, f));
            write.accept(h);
        });
    }

    @Override
    public Optional<Order> findOrder(String orderId) {
        return readOrders("WHERE order_id = :id", q -> q.bind("id", orderId)).stream().findFirst();
    }

    @Override
    public List<Order> findOrders(OrderQuery query) {
        StringBuilder where = new StringBuilder("WHERE true");
        if (query.userId() != null) {
            where.append(" AND user_id = :user");
        }
        if (query.status() != null) {
            where.append(" AND status = :status");
        }
        if (query.since() != null) {
            where.append(" AND created_at >= :since");
        }
        if (query.until() != null) {
            where.append(" AND created_at < :until");
        }
        if (query.strategy() != null) {
            where.append(" AND strategy = :strategy");
        }
        if (query.after() != null) {
            // A row comparison, so the (created_at, order_id) index serves the keyset page directly.
            where.append(" AND (created_at, order_id) < (:afterAt, :afterId)");
        }
        where.append(" ORDER BY created_at DESC, order_id DESC LIMIT :limit");
        return readOrders(where.toString(), q -> {
            if (query.userId() != null) {
                q.bind("user", query.userId());
            }
            if (query.status() != null) {
                q.bind("status", Sql.wire(query.status()));
            }
            if (query.since() != null) {
                q.bind("since", Sql.ts(query.since()));
            }
            if (query.until() != null) {
                q.bind("until", Sql.ts(query.until()));
            }
            if (query.strategy() != null) {
                q.bind("strategy", query.strategy());
            }
            if (query.after() != null) {
                q.bind("afterAt", Sql.ts(query.after().createdAt())).bind("afterId", query.after().orderId());
            }
            q.bind("limit", query.limit());
        });
    }

    @Override
    public List<Order> findActiveOrders() {
        // Same predicate as the partial index orders_active, so the planner can use it.
        return readOrders("WHERE status NOT IN (" + TERMINAL_STATUSES + ") ORDER BY created_at, order_id", q -> { });
    }

    @Override
    public List<io.nija.core.store.ActiveOrderRef> findActiveOrderRefs() {
        return jdbi.withHandle(h -> h.createQuery("SELECT order_id, user_id FROM orders WHERE status NOT IN ("
                        + TERMINAL_STATUSES + ") ORDER BY created_at, order_id")
                .map((rs, ctx) -> new io.nija.core.store.ActiveOrderRef(rs.getString("order_id"), rs.getString("user_id")))
                .list());
    }

    @Override
    public List<io.nija.core.store.UserFill> findUserFills(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT o.order_id, o.side, l.venue, l.symbol, l.pair, l.tick_size, l.lot_size, l.min_qty,
                               l.min_notional, f.fill_id, f.quantity, f.price, f.fee, f.fee_asset, f.liquidity, f.time
                        FROM fills f JOIN legs l ON l.leg_id = f.leg_id JOIN orders o ON o.order_id = f.order_id
                        WHERE o.user_id = :user ORDER BY f.time, f.seq""")
                .bind("user", userId)
                .map((rs, ctx) -> new io.nija.core.store.UserFill(rs.getString("order_id"),
                        Sql.parse(io.nija.core.signal.Side.class, rs.getString("side")),
                        new io.nija.core.instrument.Instrument(rs.getString("venue"),
                                io.nija.core.instrument.Pair.parse(rs.getString("pair")), rs.getString("symbol"),
                                rs.getBigDecimal("tick_size"), rs.getBigDecimal("lot_size"), rs.getBigDecimal("min_qty"),
                                rs.getBigDecimal("min_notional")),
                        new io.nija.core.order.Fill(rs.getString("fill_id"), rs.getString("venue"),
                                rs.getBigDecimal("quantity"), rs.getBigDecimal("price"), rs.getBigDecimal("fee"),
                                rs.getString("fee_asset"),
                                Sql.parse(io.nija.core.order.Liquidity.class, rs.getString("liquidity")),
                                Sql.instant(rs, "time"))))
                .list());
    }

    private List<Order> readOrders(String whereAndOrder, Consumer<Query> binder) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                h -> OrderReader.query(h, whereAndOrder, binder));
    }

    // --- positions ----------------------------------------------------------------------------------

    @Override
    public void savePositions(Collection<Position> list) {
        if (list.isEmpty()) {
            return;
        }
        laneWrites.write(new LaneWrites.OrderSave(List.of(), List.copyOf(list),
                null, fences(list.stream().map(Position::userId).toList())));
    }

    @Override
    public List<Position> findPositions(String userId) {
        return positions.find(userId);
    }

    // --- audit --------------------------------------------------------------------------------------

    @Override
    public boolean knowsClientOrderId(String venue, String clientOrderId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT EXISTS (SELECT 1 FROM legs WHERE venue = :venue AND client_order_id = :cid)")
                .bind("venue", venue).bind("cid", clientOrderId).mapTo(Boolean.class).one());
    }

    @Override
    public long beginVenueRequest(String legId, String venue, String clientOrderId, String kind, java.time.Instant sentAt) {
        // Returns once committed: the caller sends only after this, so a crash cannot hide a send (see LaneWrites).
        return laneWrites.write(new LaneWrites.RequestBegin(legId, venue, clientOrderId, kind, sentAt));
    }

    @Override
    public void completeVenueRequest(long requestId, String outcome, java.time.Instant at, String detail) {
        // Not waited for: committed with the order save the answer leads to, or before it (see LaneWrites).
        laneWrites.writeLater(new LaneWrites.RequestOutcome(requestId, outcome, at, detail));
    }

    @Override
    public List<io.nija.core.store.VenueRequest> openVenueRequests() {
        laneWrites.write(new LaneWrites.Barrier()); // outcomes queued before this call are read back as written
        return venueRequests.open();
    }

    @Override
    public boolean maySendHaveReachedVenue(String legId) {
        laneWrites.write(new LaneWrites.Barrier());
        return venueRequests.maySendHaveReached(legId);
    }

    @Override
    public void createStrategy(io.nija.core.store.Strategy strategy) {
        strategies.create(strategy);
    }

    @Override
    public Optional<io.nija.core.store.Strategy> findStrategy(String strategy) {
        return strategies.find(strategy);
    }

    @Override
    public void saveSubscription(io.nija.core.store.Subscription subscription) {
        strategies.save(subscription);
    }

    @Override
    public List<io.nija.core.store.Subscription> subscriptionsOf(String userId) {
        return strategies.ofUser(userId);
    }

    @Override
    public List<io.nija.core.store.Subscription> subscribersOf(String strategy) {
        return strategies.subscribersOf(strategy);
    }

    @Override
    public boolean saveAlert(io.nija.core.store.StoredAlert alert) {
        return alerts.save(alert);
    }

    @Override
    public Optional<io.nija.core.store.StoredAlert> findAlert(String alertId) {
        return alerts.find(alertId);
    }

    @Override
    public List<io.nija.core.store.StoredAlert> alertsNotFannedOut() {
        return alerts.notFannedOut();
    }

    @Override
    public void alertFannedOut(String alertId, Instant at) {
        alerts.fannedOut(alertId, at);
    }

    @Override
    public void saveKillSwitch(String userId, io.nija.core.risk.KillSwitchState state) {
        killSwitches.save(userId, state);
    }

    @Override
    public List<io.nija.core.store.StoredKillSwitch> findKillSwitches() {
        return killSwitches.all();
    }

    @Override
    public void saveBracket(io.nija.core.bracket.Bracket bracket) {
        brackets.save(bracket);
    }

    @Override
    public List<io.nija.core.bracket.Bracket> findLiveBrackets() {
        return brackets.live();
    }

    @Override
    public Optional<io.nija.core.bracket.Bracket> findBracket(String entryOrderId) {
        return brackets.find(entryOrderId);
    }

    @Override
    public java.util.Map<String, java.math.BigDecimal> findPaperBalances(String userId, String venue) {
        return paperBalances.find(userId, venue);
    }

    @Override
    public void savePaperBalances(String userId, String venue, java.util.Map<String, java.math.BigDecimal> balances) {
        paperBalances.save(userId, venue, balances);
    }

    @Override
    public void savePaperOrder(io.nija.core.store.PaperOrderRecord order,
                               java.util.Map<String, java.math.BigDecimal> balances) {
        paperOrders.save(order, balances);
    }

    @Override
    public Optional<io.nija.core.store.PaperOrderRecord> findPaperOrder(String userId, String venue, String clientOrderId) {
        return paperOrders.find(userId, venue, clientOrderId);
    }

    @Override
    public List<io.nija.core.store.PaperOrderRecord> findOpenPaperOrders(String userId, String venue) {
        return paperOrders.open(userId, venue);
    }

    // --- webhook outbox -----------------------------------------------------------------------------

    @Override
    public int addWebhookEvents(List<WebhookOutboxEvent> events) {
        return outbox.add(events);
    }

    @Override
    public List<Order> findOrdersMissingWebhookEvent(Instant since, Instant until, String afterOrderId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // orders_updated finds the window; webhook_outbox_order_state answers NOT EXISTS per order.
        return readOrders("""
                        WHERE orders.updated_at >= :since AND orders.updated_at <= :until AND orders.status <> 'pending'
                          AND orders.order_id > :after
                          AND EXISTS (SELECT 1 FROM user_webhooks w WHERE w.user_id = orders.user_id)
                          AND NOT EXISTS (SELECT 1 FROM webhook_outbox o
                                          WHERE o.order_id = orders.order_id AND o.order_status = orders.status
                                            AND o.order_updated_at = orders.updated_at)
                        ORDER BY orders.order_id
                        LIMIT :limit""",
                q -> q.bind("since", Sql.ts(since)).bind("until", Sql.ts(until))
                        .bind("after", afterOrderId == null ? "" : afterOrderId).bind("limit", limit));
    }

    @Override
    public int addWebhookCatchUpEvents(List<WebhookOutboxEvent> events) {
        return outbox.addCatchUp(events);
    }

    @Override
    public List<WebhookOutboxEvent> claimWebhookEvents(String claimant, Instant now, Instant claimedUntil, int limit,
                                                       String userId) {
        return outbox.claim(claimant, now, claimedUntil, limit, userId);
    }

    @Override
    public boolean finishWebhookAttempt(String eventId, String claimant, WebhookAttempt outcome) {
        return outbox.finish(eventId, claimant, outcome);
    }

    @Override
    public int releaseWebhookClaims(String claimant) {
        return outbox.release(claimant);
    }

    @Override
    public Optional<WebhookOutboxEvent> findWebhookEvent(String eventId) {
        return outbox.find(eventId);
    }

    @Override
    public long countPendingWebhookEvents() {
        return outbox.countPending();
    }

    @Override
    public int pruneWebhookEvents(Instant before) {
        return outbox.prune(before);
    }

    // --- audit --------------------------------------------------------------------------------------

    @Override
    public void appendAudit(AuditEvent event) {
        audit.append(event);
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return audit.recent(limit);
    }

    /**
     * Checks the whole audit hash chain. Returns the sequence number of the first row that was altered,
     * inserted or follows a deleted row, or empty when the chain is intact.
     */
    @Override
    public OptionalLong verifyAuditChain() {
        return audit.verify();
    }

    /** How many rows the audit log holds (for {@code nija-router audit verify}). */
    public long auditRowCount() {
        return audit.count();
    }

    // --- health and life cycle ----------------------------------------------------------------------

    @Override
    public boolean isHealthy() {
        if (closed.get()) {
            return false;
        }
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").setQueryTimeout(5).mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            log.warn("store health check failed: {}", e.toString());
            return false;
        }
    }

    /** Transactions and statements this store has run so far (see {@link StoreCounters}). */
    public StoreCounters.Snapshot counters() {
        return counters.snapshot();
    }

    /** Where the data lives, without secrets: for logs and the ready endpoint. */
    public String description() {
        return description;
    }

    /** The pooled connections, for tools and tests in this module. */
    DataSource dataSource() {
        return pool;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            signalWrites.close();
            laneWrites.close();
            audit.close();
            synchronized (this) {
                if (leasePool != null) {
                    leasePool.close();
                }
            }
            pool.close();
        } finally {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("stopping the database server failed", e);
            }
        }
        StoreCounters.Snapshot c = counters.snapshot();
        log.info("store closed: {} ({} transactions committed, {} statements since open)", description, c.commits(),
                c.statements());
    }
}
