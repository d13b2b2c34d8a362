package io.nija.server.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.nija.core.cluster.LeaseManager;
import io.nija.core.cluster.RouterInstance;
import io.nija.core.cluster.ShardLease;
import io.nija.core.cluster.Shards;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.server.events.Notifications;
import io.nija.store.JdbcStore;
import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.ClusterTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance as one of several on one PostgreSQL: it leases its share of the user shards, drives only those
 * users, picks up orders stored for them by other instances (woken by LISTEN/NOTIFY, and by a sweep every renewal as
 * the safety net), hands lanes back when a shard goes, and applies kill switches and limits set elsewhere.
 *
 * <p>Renewal runs every third of the lease time, so a dead instance's shards are taken within the lease time plus
 * one renewal (6 s + 2 s with the defaults), and the new owner resumes their orders at once.
 */
public final class ClusterMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    /** The default lease: long enough to ride out a GC pause or a slow database round trip, short enough for 10 s. */
    public static final Duration LEASE_TIME = Duration.ofSeconds(6);

    private final LeaseManager leases;
    private final ClusterTransport bus;
    private final ExecutionEngine engine;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Notifications events;
    private final JdbcStore store;
    /** Where the venues' back-offs told to other instances are applied here (null until shared). */
    private volatile java.util.function.BiConsumer<String, Instant> rateHolds;
    private static final int RELAY_BACKLOG = 10_000;
    private static final int RELAY_BATCH = 200;
    private final java.util.concurrent.ConcurrentLinkedQueue<ClusterBus.OrderEventMessage> relayQueue =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger relayBacklog = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicBoolean relayQueued = new AtomicBoolean();
    private final java.util.concurrent.ThreadPoolExecutor relay = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(RELAY_BACKLOG),
            Thread.ofVirtual().name("cluster-event-relay").factory(),
            new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

    /**
     * @param onSettingsChanged also told when another instance changed a user's settings (null user = the global
     *                          kill switch): the service drops what it caches for the user, such as credentials
     */
    public ClusterMember(JdbcStore store, ExecutionEngine engine, String instanceId, Clock clock, Scheduler scheduler,
                         Duration leaseTime, Consumer<String> onSettingsChanged) {
        this(store, store.clusterBus(instanceId), engine, instanceId, clock, scheduler, leaseTime, onSettingsChanged);
    }

    /** With messages carried by {@code transport} (tests: delivered in virtual time on the caller's thread). */
    public ClusterMember(JdbcStore store, ClusterTransport transport, ExecutionEngine engine, String instanceId,
                         Clock clock, Scheduler scheduler, Duration leaseTime, Consumer<String> onSettingsChanged) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.leases = new LeaseManager(instanceId, store.leases(), clock, leaseTime);
        this.bus = transport;
        store.fenceWith(leases);
        engine.joinCluster(leases, bus);
        leases.listener(new LeaseManager.Listener() {
            @Override
            public void gained(Set<Integer> shards) {
                LOG.info("instance {} took shards {}", instanceId, shards);
                requestSweep();
            }

            @Override
            public void lost(Set<Integer> shards) {
                LOG.info("instance {} gave up shards {}", instanceId, shards);
                engine.releaseShards(shards);
            }
        });
        bus.listen(new ClusterBus() {
            @Override
            public void signalStored(int shard) {
                if (leases.ownsShard(shard)) {
                    requestSweep();
                }
            }

            @Override
            public void cancelRequested(String userId, String orderId) {
                // The cancel is stored as a task for the owner; the sweep does it (and the next owner, if this one dies).
                if (leases.owns(userId)) {
                    requestSweep();
                }
            }

            @Override
            public void orderEvent(String userId, String orderId, String eventId, String eventJson) {
                Notifications n = events;
                if (n != null) {
                    n.publishRelayed(userId, orderId, eventId, eventJson);
                }
            }

            @Override
            public void rateHold(String bucketKey, Instant until) {
                java.util.function.BiConsumer<String, Instant> apply = rateHolds;
                if (apply != null) {
                    apply.accept(bucketKey, until);
                }
            }

            @Override
            public void listening() {
                loadRateHolds();
            }

            @Override
            public void settingsChanged(String userId) {
                engine.storedSettingsChanged(userId);
                onSettingsChanged.accept(userId);
            }
        });
    }

    /**
     * Order events reach every instance's stream clients: this instance's go out through PostgreSQL NOTIFY, and the
     * others' are published to this instance's clients (a client may be connected to any instance).
     */
    public ClusterMember relayEvents(Notifications notifications) {
        this.events = notifications;
        if (bus instanceof io.nija.core.cluster.ClusterEventLog log) {
            notifications.replayFrom(log); // a client may resume on any instance with Last-Event-ID
        }
        // Stored and sent from one thread of its own, in order and in batches (one transaction for what piled up
        // meanwhile): a lane never waits for the database to pass an event on, and a backlog beyond RELAY_BACKLOG
        // is dropped (those events reach the other instances' clients no more; the orders are always readable).
        notifications.relayTo(this::relay);
        return this;
    }

    /**
     * A venue's back-off told to any instance holds here too: {@code apply} gets every hold announced from now on,
     * and at once the holds still running (read after subscribing, so none falls between the two).
     */
    public ClusterMember shareRateHolds(java.util.function.BiConsumer<String, Instant> apply) {
        this.rateHolds = apply;
        loadRateHolds();
        return this;
    }

    private void loadRateHolds() {
        java.util.function.BiConsumer<String, Instant> apply = rateHolds;
        if (apply != null) {
            store.rateHolds(clock::now).running().forEach(apply);
        }
    }

    private void relay(io.nija.server.events.OrderEvent e) {
        if (relayBacklog.incrementAndGet() > RELAY_BACKLOG) {
            relayBacklog.decrementAndGet();
            return;
        }
        relayQueue.add(new ClusterBus.OrderEventMessage(e.userId(), e.orderId(), e.eventId(), e.json()));
        if (relayQueued.compareAndSet(false, true)) {
            relay.execute(this::flushRelay);
        }
    }

    private void flushRelay() {
        relayQueued.set(false);
        List<ClusterBus.OrderEventMessage> batch = new ArrayList<>();
        ClusterBus.OrderEventMessage m;
        while ((m = relayQueue.poll()) != null) {
            relayBacklog.decrementAndGet();
            batch.add(m);
            if (batch.size() == RELAY_BATCH) {
                bus.orderEvents(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            bus.orderEvents(batch);
        }
    }

    /** Takes this instance's first shards now (before the engine resumes orders) and keeps renewing. */
    public ClusterMember start() {
        tickSafely();
        scheduleTicks();
        return this;
    }

    private void scheduleTicks() {
        scheduler.schedule(leases.leaseTime().dividedBy(3), () -> {
            if (closed) {
                return;
            }
            tickSafely();
            // The safety net: a lost notification only delays a pick-up until here.
            requestSweep();
            scheduleTicks();
        });
    }

    private void tickSafely() {
        try {
            leases.tick();
        } catch (RuntimeException e) {
            // The database is unreachable: the leases run out by the clock and fence() refuses writes meanwhile.
            LOG.warn("lease renewal failed: {}", e.toString());
        }
    }

    /** Runs one sweep soon; requests while one is queued are folded into it (a burst of notifications, one read). */
    private void requestSweep() {
        if (closed || !sweepQueued.compareAndSet(false, true)) {
            return;
        }
        scheduler.schedule(Duration.ZERO, () -> {
            sweepQueued.set(false);
            if (closed) {
                return;
            }
            try {
                engine.pickUpStoredOrders();
            } catch (RuntimeException e) {
                LOG.warn("picking up stored orders failed: {}", e.toString());
            }
        });
    }

    public LeaseManager leases() {
        return leases;
    }

    /** The live instances and their shards, as the lease rows show them now. */
    public ClusterStatus status() {
        Instant now = clock.now();
        Map<String, List<Integer>> byOwner = new TreeMap<>();
        for (ShardLease l : leases.store().leases()) {
            if (!l.isFree(now)) {
                byOwner.computeIfAbsent(l.owner(), o -> new ArrayList<>()).add(l.shard());
            }
        }
        List<ClusterStatus.Instance> instances = new ArrayList<>();
        for (RouterInstance i : leases.store().instancesSeenSince(now.minus(leases.leaseTime()))) {
            instances.add(new ClusterStatus.Instance(i.instanceId(), i.startedAt(), i.lastSeen(),
                    byOwner.getOrDefault(i.instanceId(), List.of())));
        }
        return new ClusterStatus("cluster", Shards.COUNT, instances, leases.takeovers());
    }

    /** Metrics: live instances, shards held here, the oldest held lease's age, takeovers. */
    public void bind(MeterRegistry registry) {
        Gauge.builder("nija_cluster_instances", this, m -> m.liveInstances())
                .description("Router instances that renewed within the lease time").register(registry);
        Gauge.builder("nija_cluster_shards_owned", leases, l -> l.held().size())
                .description("User shards this instance holds").register(registry);
        Gauge.builder("nija_cluster_lease_age_seconds", this, ClusterMember::oldestLeaseAgeSeconds)
                .description("Age of the longest-held lease of this instance").register(registry);
        FunctionCounter.builder("nija_cluster_takeovers", leases, LeaseManager::takeovers)
                .description("Shards taken over from an instance that stopped renewing").register(registry);
    }

    private double liveInstances() {
        try {
            return leases.store().instancesSeenSince(clock.now().minus(leases.leaseTime())).size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double oldestLeaseAgeSeconds() {
        Instant now = clock.now();
        return leases.held().values().stream().map(ShardLease::acquiredAt)
                .mapToDouble(a -> Duration.between(a, now).toMillis() / 1000.0).max().orElse(0);
    }

    /** Gives the shards back (the others take them at once) and stops listening. */
    @Override
    public void close() {
        closed = true;
        try {
            leases.stop();
        } catch (RuntimeException e) {
            LOG.warn("could not release the leases; they expire: {}", e.toString());
        }
        relay.shutdown();
        try {
            relay.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.close();
    }
}
