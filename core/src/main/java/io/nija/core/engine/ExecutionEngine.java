package io.nija.core.engine;

import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.ShardOwnership;
import io.nija.core.cluster.Shards;
import io.nija.core.execution.ExecutionStatsView;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Pair;
import io.nija.core.lane.UserLane;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.routing.Router;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.risk.KillSwitchState;
import io.nija.core.risk.RiskCheck;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.TradeRateExceededException;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.core.venue.Venue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The execution pipeline: intake stores a signal and its order before acknowledging it, then the user's
 * lane checks risk and routes it, venue executors send the legs, and reports come back to the lane, which
 * updates the order, the positions and the store.
 *
 * <p>No global state: everything lives in this object, so several engines (tests, shards) can coexist.
 */
public final class ExecutionEngine implements AutoCloseable {
    private final EngineConfig config;
    private final Store store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Ids ids;
    private final Executor laneRunner;
    private final MarketData marketData;
    private final ExecutionStats stats;
    private final Map<String, VenueExecutor> executors = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, UserContext> users = new ConcurrentHashMap<>();
    private final AtomicBoolean globalKillSwitch = new AtomicBoolean();
    private volatile KillSwitchState globalKillSwitchState = KillSwitchState.OFF;
    /** Users' kill switches read from the store at start, applied when each user's context is first built. */
    private final Map<String, KillSwitchState> storedKillSwitches = new ConcurrentHashMap<>();
    private final OrderWorkflow workflow;
    private final Reconciler reconciler;
    private final AccountDirectory accounts;
    private volatile boolean accepting = true;
    /** Which users this instance drives: all of them unless it runs in a cluster ({@link #joinCluster}). */
    private volatile ShardOwnership ownership = ShardOwnership.ALL;
    private volatile ClusterBus bus = ClusterBus.NONE;
    /** In a cluster, limits and kill switches are read from the store on use: another instance may have set them. */
    private volatile boolean clustered;

    /**
     * @param laneRunner runs lane work: a virtual-thread-per-task executor in production, the caller's thread
     *                   in deterministic tests
     */
    public ExecutionEngine(EngineConfig config, Store store, Map<String, Venue> venues, AccountDirectory accounts,
                           Clock clock, Scheduler scheduler, Ids ids, Executor laneRunner, EngineListener listener) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = ids;
        this.laneRunner = laneRunner;
        this.accounts = accounts;
        this.stats = new ExecutionStats(config.statsWindow());
        this.marketData = new MarketData(venues, clock, config.bookMaxAge(), config.bookDepth());
        for (Venue v : venues.values()) {
            executors.put(v.name(), new VenueExecutor(v, config.executor(), clock, scheduler, stats,
                    new StoreSendJournal(store, clock, v.name())));
        }
        this.workflow = new OrderWorkflow(config, new Router(config.routing()), store, accounts, marketData, stats,
                executors, clock, scheduler, ids, listener, globalKillSwitch);
        this.reconciler = new Reconciler(store, venues, accounts, clock, config.reconcileAccountsPerPass());
        // Kill switches as last set before a restart: entries stay refused. (What a flatten cancelled and closed is
        // done; it is not repeated.)
        for (io.nija.core.store.StoredKillSwitch s : store.findKillSwitches()) {
            if (s.userId() == null) {
                globalKillSwitchState = s.state();
                globalKillSwitch.set(s.state().enabled());
            } else {
                storedKillSwitches.put(s.userId(), s.state());
            }
        }
    }

    /**
     * One reconciliation pass: every lane asks its venues again about each unfinished leg, and every user's open
     * orders at every venue are checked against the store. Returns how many unknown open orders were found.
     */
    public int reconcile() {
        users.values().forEach(ctx -> ctx.lane.execute(() -> workflow.requery(ctx)));
        return reconciler.scan().size();
    }

    /** Runs {@link #reconcile()} now and then every {@code interval} until the engine closes. */
    public void reconcileEvery(java.time.Duration interval) {
        scheduler.schedule(interval, () -> {
            if (!accepting) {
                return;
            }
            try {
                reconcile();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ExecutionEngine.class).warn("reconciliation pass failed", e);
            }
            reconcileEvery(interval);
        });
    }

    /**
     * Lets the venues' private streams carry order and fill events: while an account's stream is healthy, resting
     * orders there are asked about by REST only every {@code safetyInterval}; a REST answer with fills older than
     * {@code grace} that the stream never pushed reports the stream as stalled; and a place whose answer is only an
     * acknowledgement is not read back while the stream is healthy (the stream pushes that order's state). Feed the
     * streams' events to {@link #orderEvents()}.
     */
    public void orderStreams(io.nija.core.venue.OrderStreams streams, java.time.Duration safetyInterval,
                             java.time.Duration grace) {
        workflow.streamFeed.use(streams, safetyInterval, grace);
        io.nija.core.venue.OrderStreams s = streams == null ? io.nija.core.venue.OrderStreams.NONE : streams;
        executors.values().forEach(e -> e.readBackUnlessStreamed(s::healthy));
    }

    /** Where stream adapters push order states and stream up/down changes; each is handed to the user's lane. */
    public io.nija.core.venue.OrderEvents orderEvents() {
        return new io.nija.core.venue.OrderEvents() {
            @Override
            public void orderState(io.nija.core.venue.VenueAccount account, io.nija.core.venue.VenueOrderState state) {
                UserContext ctx = users.get(account.userId());
                if (ctx != null) { // a user with no lane has no order the engine follows
                    ctx.lane.execute(() -> workflow.onStreamState(ctx, account.venue(), state));
                }
            }

            @Override
            public void streamChanged(io.nija.core.venue.VenueAccount account, boolean up) {
                workflow.streamFeed.streamChanged(account, up);
                UserContext ctx = users.get(account.userId());
                if (ctx != null) {
                    ctx.lane.execute(() -> workflow.streamChanged(ctx, account.venue()));
                }
            }
        };
    }

    /** Open orders found at venues that this router did not send, as "venue/venue order id: user, client id". */
    public List<String> foreignOrders() {
        return reconciler.reported().stream()
                .map(f -> f.venue() + "/" + f.venueOrderId() + ": user " + f.userId() + ", client id " + f.clientOrderId())
                .toList();
    }

    /**
     * Accepts a validated signal: stores it with its order and hands it to the user's lane. Returns only after
     * the store has it, so an acknowledged signal survives a crash. A repeated idempotency key returns the
     * first answer and creates nothing.
     *
     * @throws SignalRejectedException unknown_user when the user does not exist, shutting_down when stopping
     */
    public SignalAck submit(TradeSignal signal) {
        if (!accepting) {
            throw new SignalRejectedException("shutting_down", "the router is shutting down and takes no new signals");
        }
        if (!ownership.owns(signal.userId())) {
            return submitForOwner(signal);
        }
        UserContext ctx = context(signal.userId());
        if (clustered) {
            applyStoredSettings(ctx);
        }
        // No read of the idempotency key first: admission is from memory, and the insert itself finds a repeated key
        // (the store answers with the first signal's row). Only a refusal asks the store, since a repeat of a signal
        // accepted earlier answers with that signal even if the user would be refused now.
        Order order = new Order(ids.next("ord"), signal.signalId(), signal.userId(), signal.pair(), signal.side(),
                signal.signalType(), signal.sizeUsd(), clock.now(), signal.strategy());
        BigDecimal reserved;
        try {
            reserved = admit(ctx, signal, order.orderId());
        } catch (SignalRejectedException refused) {
            Optional<AcceptedSignal> earlier = signal.idempotencyKey() == null ? Optional.empty()
                    : store.findSignal(signal.userId(), signal.idempotencyKey());
            if (earlier.isPresent()) {
                return ackFor(earlier.get(), true);
            }
            throw refused;
        }
        order.instructions(signal.closeAll(), reserved, signal.terms());
        AcceptedSignal accepted;
        ctx.claimed.add(order.orderId());
        try {
            accepted = store.saveAcceptedSignal(signal, List.of(order), acceptedEvent(signal));
        } catch (RuntimeException e) {
            ctx.claimed.remove(order.orderId());
            ctx.exposure.settled(order.orderId());
            throw e;
        }
        if (!accepted.signalId().equals(signal.signalId())) {
            ctx.claimed.remove(order.orderId());
            ctx.exposure.settled(order.orderId());
            if (!signal.reducesPosition()) {
                ctx.giveBackTrade(); // a repeat trades nothing, so it spends none of the user's trade rate
            }
            return ackFor(accepted, true);
        }
        ctx.lane.execute(() -> {
            try {
                workflow.route(ctx, order, signal);
            } finally {
                ctx.claimed.remove(order.orderId());
            }
        });
        return new SignalAck(signal.signalId(), OrderStatus.PENDING.wire(), List.of(order.orderId()), false);
    }

    private void auditAccepted(TradeSignal signal) {
        store.appendAudit(acceptedEvent(signal));
    }

    /** The audit row of an accepted signal; stored with the signal itself, in its transaction where the store can. */
    private AuditEvent acceptedEvent(TradeSignal signal) {
        return new AuditEvent(clock.now(), signal.userId(), "signal", signal.signalId(), "accepted",
                signal.side().wire() + " $" + signal.sizeUsd().toPlainString() + " " + signal.pair() + " " + signal.signalType().wire());
    }

    /**
     * Intake for a user another instance drives: admitted against what the store holds now (the user's limits, the
     * kill switches, the stored positions for exits), stored write-ahead, and the owner woken; the answer does not
     * wait for it. Exposure counted with entries in flight and the per-user trade rate are the owner's: its lane
     * checks exposure again when it routes, and takes a trade from the user's bucket before that (an entry over the
     * rate ends rejected with trade_rate_exceeded, nothing sent).
     */
    private SignalAck submitForOwner(TradeSignal signal) {
        User user = store.findUser(signal.userId())
                .orElseThrow(() -> new SignalRejectedException("unknown_user", "no user " + signal.userId()));
        if (signal.idempotencyKey() != null) {
            Optional<AcceptedSignal> earlier = store.findSignal(signal.userId(), signal.idempotencyKey());
            if (earlier.isPresent()) {
                return ackFor(earlier.get(), true);
            }
        }
        boolean killed = false;
        for (io.nija.core.store.StoredKillSwitch s : store.findKillSwitches()) {
            if (s.userId() == null || s.userId().equals(signal.userId())) {
                killed |= s.state().enabled();
            }
        }
        RiskCheck.checkStatic(signal, user.limits(), killed);
        RiskCheck.checkSignalTime(signal.signalTime(), user.limits().maxSignalAgeMs(), clock.now());
        if (signal.reducesPosition()) {
            java.math.BigDecimal held = store.findPositions(signal.userId()).stream()
                    .filter(p -> p.pair().equals(signal.pair())).map(Position::quantity)
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            RiskCheck.checkReduces(signal, held);
        }
        Order order = new Order(ids.next("ord"), signal.signalId(), signal.userId(), signal.pair(), signal.side(),
                signal.signalType(), signal.sizeUsd(), clock.now(), signal.strategy());
        // Stored with a task for the owner: its trade-rate bucket decides before the order is routed.
        AcceptedSignal accepted = store.saveAcceptedSignalForOwner(signal, List.of(order));
        if (!accepted.signalId().equals(signal.signalId())) {
            return ackFor(accepted, true);
        }
        auditAccepted(signal);
        bus.signalStored(Shards.of(signal.userId()));
        return new SignalAck(signal.signalId(), OrderStatus.PENDING.wire(), List.of(order.orderId()), false);
    }

    // --- several instances --------------------------------------------------------------------------

    /**
     * Makes this engine one instance of several on one store: it drives only the users {@code ownership} gives it,
     * stores other users' signals for their owner and wakes it through {@code bus}, and reads limits and kill
     * switches from the store on use. Call before {@link #recover()}.
     */
    public void joinCluster(ShardOwnership ownership, ClusterBus bus) {
        this.ownership = ownership;
        this.bus = bus;
        this.clustered = true;
    }

    /**
     * Picks up every unfinished order of an owned user that no lane of this engine drives: orders stored by another
     * instance's intake, and a former owner's orders after a takeover. Each is checked again in its user's lane
     * against the store and resumed the way a restart resumes (legs that may have been sent are asked about by client
     * order id first, never sent blind). Returns how many were handed to lanes to check.
     */
    public int pickUpStoredOrders() {
        if (!accepting) {
            return 0;
        }
        // The orders first, then the tasks: an order and its trade-rate task are stored together, so every order read
        // here that still needs its check has its task in the list read after.
        List<io.nija.core.store.ActiveOrderRef> active = store.findActiveOrderRefs();
        Map<String, io.nija.core.cluster.OwnerTask> rateChecks = new java.util.HashMap<>();
        List<io.nija.core.cluster.OwnerTask> cancels = new ArrayList<>();
        for (io.nija.core.cluster.OwnerTask task : store.ownerTasks()) {
            if (!ownership.owns(task.userId())) {
                continue;
            }
            if (task.kind() == io.nija.core.cluster.OwnerTask.Kind.TRADE_RATE) {
                rateChecks.put(task.orderId(), task);
            } else {
                cancels.add(task);
            }
        }
        int n = 0;
        for (io.nija.core.store.ActiveOrderRef stored : active) {
            String userId = stored.userId();
            if (!ownership.owns(userId)) {
                continue;
            }
            UserContext known = users.get(userId);
            if (known != null && drives(known, stored.orderId())) {
                continue;
            }
            UserContext ctx;
            try {
                ctx = context(userId);
            } catch (SignalRejectedException e) {
                continue; // an order of a user that no longer exists
            }
            String orderId = stored.orderId();
            io.nija.core.cluster.OwnerTask rateCheck = rateChecks.remove(orderId);
            ctx.lane.execute(() -> {
                if (drives(ctx, orderId)) {
                    return;
                }
                // Read again inside the lane: it may have finished, or been routed, since the sweep read it.
                Optional<Order> order = store.findOrder(orderId).filter(o -> !o.status().isTerminal());
                if (order.isPresent() && rateCheck != null && !passesTradeRate(ctx, order.get(), rateCheck)) {
                    return;
                }
                order.ifPresent(o -> workflow.resume(ctx, o));
            });
            n++;
        }
        // Tasks of orders not picked up above: finished or gone (nothing left to check), driven here already (checked),
        // or stored after the orders were read (left for the next sweep, which the intake's notification brings).
        for (io.nija.core.cluster.OwnerTask task : rateChecks.values()) {
            UserContext ctx = contextIfUser(task.userId());
            if (ctx == null) {
                continue;
            }
            ctx.lane.execute(() -> {
                boolean open = store.findOrder(task.orderId()).filter(o -> !o.status().isTerminal()).isPresent();
                if (!open || drives(ctx, task.orderId())) {
                    completeSafely(task);
                }
            });
        }
        for (io.nija.core.cluster.OwnerTask cancel : cancels) {
            UserContext ctx;
            try {
                ctx = context(cancel.userId());
            } catch (SignalRejectedException e) {
                continue;
            }
            // After the pick-ups queued above in the same lane, so the order is driven here when the cancel runs.
            ctx.lane.execute(() -> {
                if (ctx.activeOrders.containsKey(cancel.orderId())) {
                    workflow.cancel(ctx, cancel.orderId(), "cancelled by user");
                    completeSafely(cancel);
                } else if (store.findOrder(cancel.orderId()).filter(o -> !o.status().isTerminal()).isEmpty()) {
                    completeSafely(cancel); // finished, or no such order: nothing to cancel
                }
                // Otherwise the order was stored after this sweep read the orders: the next sweep does both.
            });
        }
        return n;
    }

    /**
     * The owner's trade rate for an order another instance stored: an entry takes a trade from the user's bucket or
     * is refused (nothing was routed or sent); an exit takes one only if one is there, as at the owner's own intake.
     * The task is removed before the order goes on, so a crash after this never charges it twice.
     */
    private boolean passesTradeRate(UserContext ctx, Order order, io.nija.core.cluster.OwnerTask task) {
        if (!order.legs().isEmpty()) {
            completeSafely(task); // routed already (checked by a former owner that died before removing the task)
            return true;
        }
        if (order.signalType().reducesPosition()) {
            ctx.takeTradeIfAvailable();
        } else if (!ctx.tryTakeTrade()) {
            UserLimits limits = ctx.limits();
            workflow.refuseUnrouted(order, "trade_rate_exceeded", "more than " + limits.tradesPerSecond()
                    + " trades per second (burst " + limits.tradeBurst() + ") for user " + ctx.userId);
            completeSafely(task);
            return false;
        }
        return completeSafely(task);
    }

    /** Removes a done task; false when this instance lost the user's shard meanwhile (the new owner does it). */
    private boolean completeSafely(io.nija.core.cluster.OwnerTask task) {
        try {
            store.completeOwnerTask(task);
            return true;
        } catch (io.nija.core.cluster.StaleLeaseException e) {
            return false;
        }
    }

    private static boolean drives(UserContext ctx, String orderId) {
        return ctx.activeOrders.containsKey(orderId) || ctx.claimed.contains(orderId);
    }

    /**
     * Shards this instance no longer holds: their users' lanes stop at once and are forgotten (the new owner drives
     * their orders from the store). Sends already queued for them are refused by the fenced send journal.
     */
    public void releaseShards(java.util.Set<Integer> shards) {
        for (var it = users.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (shards.contains(Shards.of(e.getKey()))) {
                e.getValue().lane.retire();
                e.getValue().activeOrders.values().forEach(o -> e.getValue().exposure.settled(o.orderId()));
                it.remove();
            }
        }
    }

    /** This instance stored a change of a user's settings (credentials, mode): tell the others. */
    public void announceSettingsChanged(String userId) {
        bus.settingsChanged(userId);
    }

    /**
     * Another instance changed a kill switch or a user's limits: read them from the store now, and when a switch
     * turned on for users this instance drives, cancel their open orders (entries are refused on the next signal
     * anyway; the instance that took the request already sent any flatten's exits).
     */
    public void storedSettingsChanged(String userId) {
        if (userId == null) {
            for (io.nija.core.store.StoredKillSwitch s : store.findKillSwitches()) {
                if (s.userId() == null) {
                    boolean was = globalKillSwitch.get();
                    globalKillSwitchState = s.state();
                    globalKillSwitch.set(s.state().enabled());
                    if (!was && s.state().enabled()) {
                        users.values().forEach(u -> halt(u, KillSwitchMode.BLOCK_ENTRIES));
                    }
                }
            }
            return;
        }
        UserContext ctx = users.get(userId);
        if (ctx != null) {
            applyStoredSettings(ctx);
        }
    }

    /** The user's limits and kill switch as stored; cancels open orders when the switch has just turned on. */
    private void applyStoredSettings(UserContext ctx) {
        // Only a change replaces them: setting limits starts a fresh trade-rate bucket, and re-reading the same limits
        // on every admission would refill it each time (no rate at all).
        store.findUser(ctx.userId).filter(u -> !u.limits().equals(ctx.limits())).ifPresent(u -> ctx.limits(u.limits()));
        for (io.nija.core.store.StoredKillSwitch s : store.findKillSwitches()) {
            if (s.userId() == null) {
                globalKillSwitchState = s.state();
                globalKillSwitch.set(s.state().enabled());
            } else if (s.userId().equals(ctx.userId)) {
                boolean was = ctx.killSwitch();
                ctx.killSwitch(s.state());
                if (!was && s.state().enabled() && ownership.owns(ctx.userId)) {
                    halt(ctx, KillSwitchMode.BLOCK_ENTRIES);
                }
            }
        }
    }

    /**
     * The one place that decides whether a signal is taken, before anything is stored, so the sender gets the refusal
     * in its answer. Direct signals and each subscriber of an alert come through here alike.
     *
     * <p>Exits, profit takes and stop losses must reduce a position the lane's copy shows open (no_position,
     * side_mismatch); only then do they pass the kill switch and the trade rate, because dropping a stop for the rate
     * would be the costlier mistake. Entries are checked against held positions plus the entries already in flight,
     * and counted in flight in the same step, so a burst cannot pass the limits together. The lane checks again when
     * it routes, against positions as they are then.
     */
    private BigDecimal admit(UserContext ctx, TradeSignal signal, String orderId) {
        UserLimits limits = ctx.limits();
        RiskCheck.checkStatic(signal, limits, globalKillSwitch.get() || ctx.killSwitch());
        RiskCheck.checkSignalTime(signal.signalTime(), limits.maxSignalAgeMs(), clock.now());
        if (signal.reducesPosition()) {
            // The exit's quantity is reserved against the position here, so a second exit admitted together gets
            // only what is left, or no_position now rather than a rejection after its 202.
            BigDecimal wanted = ExitIntake.wantedQuantity(signal, ctx.exposure, marketData);
            BigDecimal reserved = ctx.exposure.reserveExit(orderId, signal.pair(), wanted, signal.terms().ocoGroup(),
                    () -> RiskCheck.checkReduces(signal, ctx.exposure.quantity(signal.pair())));
            ctx.takeTradeIfAvailable();
            return reserved;
        }
        EntryTermsCheck.check(signal, marketData, executors.keySet(), config.routing().limitPriceBand());
        ctx.exposure.admit(orderId, signal.pair(), signal.side(), signal.sizeUsd(), () -> {
            RiskCheck.checkExposure(signal, limits, ctx.exposure, ctx.realizedPnlToday(), orderId);
            if (!ctx.tryTakeTrade()) {
                throw new TradeRateExceededException("more than " + limits.tradesPerSecond()
                        + " trades per second (burst " + limits.tradeBurst()
                        + ") for user " + ctx.userId, ctx.untilNextTrade());
            }
        });
        return null;
    }

    private SignalAck ackFor(AcceptedSignal s, boolean duplicate) {
        String status = s.orderIds().isEmpty() ? "accepted"
                : store.findOrder(s.orderIds().get(0)).map(o -> o.status().wire()).orElse("accepted");
        return new SignalAck(s.signalId(), status, s.orderIds(), duplicate);
    }

    /** Picks up every order the store holds as not finished (after a restart) and drives it on. */
    public int recover() {
        // Read every venue's instruments now, while they answer, rather than on the first signal.
        marketData.tradablePairs();
        if (clustered) {
            return pickUpStoredOrders();
        }
        int n = 0;
        // Best priority first, as the executor's queue would serve them: a stop loss is asked about (and, if it never
        // reached the venue, sent) before the same user's entries.
        List<Order> active = new java.util.ArrayList<>(store.findActiveOrders());
        active.sort(java.util.Comparator.comparingInt(Order::priority).thenComparing(Order::createdAt));
        for (Order order : active) {
            UserContext ctx = context(order.userId());
            ctx.lane.execute(() -> workflow.resume(ctx, order));
            n++;
        }
        return n;
    }

    /** Cancels an order: legs not sent yet are withdrawn, legs at a venue are cancelled there. */
    public void cancel(String userId, String orderId) {
        if (!ownership.owns(userId)) {
            // Another instance drives the order: the request is stored first, so it reaches whoever owns the user
            // next even if the owner dies now; the notification only makes it quick.
            store.requestCancel(userId, orderId, clock.now());
            bus.cancelRequested(userId, orderId);
            return;
        }
        UserContext ctx = context(userId);
        ctx.lane.execute(() -> workflow.cancel(ctx, orderId, "cancelled by user"));
    }

    /** Halts new entries for one user (or everyone when {@code userId} is null) and cancels their open orders. */
    public void killSwitch(String userId, boolean on) {
        killSwitch(userId, on, KillSwitchMode.BLOCK_ENTRIES);
    }

    /**
     * Sets a kill switch. On, it refuses entries and cancels the open orders; {@code flatten} also closes every open
     * position at market on the venue that holds it (one close_all exit per pair, through the same admission as any
     * exit). Off, entries are taken again; nothing that was cancelled or closed comes back.
     */
    public KillSwitchState killSwitch(String userId, boolean on, KillSwitchMode mode) {
        KillSwitchState state = new KillSwitchState(on, mode, clock.now());
        UserContext ctx = userId == null ? null : context(userId); // an unknown user is refused before anything is stored
        // Stored first: once set, a restart keeps refusing entries, and other instances read it from there.
        store.saveKillSwitch(userId, state);
        bus.settingsChanged(userId);
        if (userId == null) {
            globalKillSwitchState = state;
            globalKillSwitch.set(on);
            if (on) {
                if (mode == KillSwitchMode.FLATTEN) {
                    // Every user with a position, also those whose lane has not started since the router did.
                    store.findPositions(null).stream().filter(p -> p.quantity().signum() != 0)
                            .map(Position::userId).distinct().forEach(id -> {
                                UserContext holder = contextIfUser(id);
                                if (holder != null && users.get(id) != holder) {
                                    // Driven by another instance: its exits are stored here and sent there.
                                    Flattening.closeAll(holder, this::submit, ids, clock);
                                }
                            });
                }
                users.values().forEach(u -> halt(u, mode));
            }
            return state;
        }
        ctx.killSwitch(state);
        if (on) {
            halt(ctx, mode);
        }
        return state;
    }

    private UserContext contextIfUser(String userId) {
        try {
            return context(userId);
        } catch (SignalRejectedException e) {
            // A position of a user that no longer exists: nothing to flatten through the API.
            return null;
        }
    }

    private void halt(UserContext ctx, KillSwitchMode mode) {
        ctx.lane.execute(() -> workflow.cancelAll(ctx, "kill switch"));
        if (mode == KillSwitchMode.FLATTEN) {
            Flattening.closeAll(ctx, this::submit, ids, clock);
        }
    }

    /** The kill switch of one user, or the global one when {@code userId} is null. */
    public KillSwitchState killSwitchState(String userId) {
        return userId == null ? globalKillSwitchState : context(userId).killSwitchState();
    }

    /** Whether the user holds nothing at any venue and has no order working (how a flatten reports done). */
    public boolean isFlat(String userId) {
        if (userId == null) {
            return users.values().stream().allMatch(UserContext::isFlat);
        }
        return context(userId).isFlat();
    }

    public boolean globalKillSwitch() {
        return globalKillSwitch.get();
    }

    public void updateLimits(String userId, UserLimits limits) {
        UserContext ctx = users.get(userId);
        if (ctx != null) {
            ctx.limits(limits);
        }
        bus.settingsChanged(userId);
    }

    /**
     * A user just created: its lane is made now, from what is known (no positions, no kill switch of its own), so
     * its first signal is admitted from memory instead of reading the user and its positions from the store.
     */
    public void userCreated(User user) {
        String userId = user.userId();
        if (!ownership.owns(userId)) {
            return;
        }
        users.computeIfAbsent(userId, id -> new UserContext(id, new UserLane(id, laneRunner), user.limits(), List.of(), clock));
    }

    private UserContext context(String userId) {
        UserContext ctx = users.get(userId);
        if (ctx != null) {
            return ctx;
        }
        User user = store.findUser(userId)
                .orElseThrow(() -> new SignalRejectedException("unknown_user", "no user " + userId));
        if (!ownership.owns(userId)) {
            // Driven by another instance: a view from the store for this one request, kept nowhere, so no lane here
            // ever touches the user's orders.
            UserContext view = new UserContext(userId, new UserLane(userId, laneRunner), user.limits(),
                    store.findPositions(userId), clock);
            store.findKillSwitches().stream().filter(s -> userId.equals(s.userId()))
                    .forEach(s -> view.killSwitch(s.state()));
            return view;
        }
        return users.computeIfAbsent(userId, id -> {
            UserContext created = new UserContext(id, new UserLane(id, laneRunner), user.limits(), store.findPositions(id),
                    clock);
            KillSwitchState stored = storedKillSwitches.get(id);
            if (clustered) {
                // Another instance may have set it since this one started.
                stored = store.findKillSwitches().stream().filter(s -> id.equals(s.userId()))
                        .map(io.nija.core.store.StoredKillSwitch::state).findFirst().orElse(null);
            }
            if (stored != null) {
                created.killSwitch(stored);
            }
            return created;
        });
    }

    /** Waits until every lane has drained what it was given so far (graceful shutdown, tests). */
    public boolean awaitLanesIdle(long timeout, TimeUnit unit) throws InterruptedException {
        List<UserContext> all = new ArrayList<>(users.values());
        CountDownLatch latch = new CountDownLatch(all.size());
        all.forEach(ctx -> ctx.lane.execute(latch::countDown));
        return latch.await(timeout, unit);
    }

    public MarketData marketData() {
        return marketData;
    }

    /**
     * The venue-native stop orders {@code venue} places for {@code userId}'s account there (none for a venue this
     * engine does not trade on, a user without an account there, or a paper account).
     */
    public io.nija.core.venue.NativeStops nativeStops(String userId, String venue) {
        VenueExecutor e = executors.get(venue);
        Optional<io.nija.core.venue.VenueAccount> account = e == null ? Optional.empty() : accounts.account(userId, venue);
        return account.map(a -> e.venue().nativeStops(a)).orElse(io.nija.core.venue.NativeStops.NONE);
    }

    public List<ExecutionStatsView> venueViews() {
        List<ExecutionStatsView> views = new ArrayList<>();
        for (VenueExecutor e : executors.values()) {
            var s = stats.venue(e.venueName());
            views.add(new ExecutionStatsView(e.venueName(), !e.isBreakerOpen(), e.breakerState(), e.queueDepth(),
                    s.samples() == 0 ? 1.0 : s.successRate(), s.averageLatencyMs(), s.samples(), e.sharedRateHeadroom()));
        }
        return views;
    }

    public Map<String, VenueExecutor> executors() {
        return Map.copyOf(executors);
    }

    /** Unrealized PnL of a stored position at the venue's current mid. */
    public java.math.BigDecimal unrealizedPnl(Position p) {
        return p.unrealizedPnl(marketData.mark(p.venue(), p.pair()));
    }

    public java.util.Set<Pair> tradablePairs() {
        return marketData.tradablePairs();
    }

    public Clock clock() {
        return clock;
    }

    /** Stops intake; in-flight work continues until {@link #close()}. */
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void close() {
        accepting = false;
        executors.values().forEach(VenueExecutor::close);
    }
}
