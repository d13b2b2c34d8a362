package io.nija.core.cluster;

import io.nija.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds this instance's share of the shards. Each {@link #tick()} (every third of the lease time) announces the
 * instance, renews what it holds, gives up what is above its fair share while others have less, and takes free or
 * expired shards up to its share. The share is the shard count over the live instances, rounded up, so the shares
 * always cover every shard and no two instances chase the same surplus.
 *
 * <p>Time comes from the injected clock; the store only compares tokens. An instance that was paused past its lease
 * learns on its next tick that the renewal failed and drops the shard; until then the database refuses any write
 * whose token is no longer the shard's. A lease past its expiry that nobody took is still this instance's (its token
 * is unchanged), so a renewal delayed by a busy database does not stop the instance's writes.
 */
public final class LeaseManager implements ShardOwnership {
    /** Told when shards come and go, from the thread that runs {@link #tick()}. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void gained(Set<Integer> shards) {
            }

            @Override
            public void lost(Set<Integer> shards) {
            }
        };

        void gained(Set<Integer> shards);

        void lost(Set<Integer> shards);
    }

    private final String instanceId;
    private final LeaseStore store;
    private final Clock clock;
    private final Duration leaseTime;
    private final Instant startedAt;
    private volatile Listener listener = Listener.NONE;
    private volatile Map<Integer, ShardLease> held = Map.of();
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();
    private final AtomicLong lostCount = new AtomicLong();
    private volatile boolean stopped;

    public LeaseManager(String instanceId, LeaseStore store, Clock clock, Duration leaseTime) {
        this.instanceId = instanceId;
        this.store = store;
        this.clock = clock;
        this.leaseTime = leaseTime;
        this.startedAt = clock.now();
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** One round: announce, renew, rebalance. Safe to call from one timer thread; calls are serialized. */
    public synchronized void tick() {
        if (stopped) {
            return;
        }
        Instant now = clock.now();
        Instant expires = now.plus(leaseTime);
        store.heartbeat(instanceId, startedAt, now);
        Map<Integer, ShardLease> next = new TreeMap<>();
        Set<Integer> lost = new TreeSet<>();
        Map<Integer, Long> tokens = new TreeMap<>();
        held.values().forEach(l -> tokens.put(l.shard(), l.token()));
        Set<Integer> renewed = tokens.isEmpty() ? Set.of() : store.renew(instanceId, tokens, expires);
        for (ShardLease l : held.values()) {
            if (renewed.contains(l.shard())) {
                next.put(l.shard(), new ShardLease(l.shard(), instanceId, l.token(), l.acquiredAt(), expires));
            } else {
                lost.add(l.shard());
            }
        }
        int live = (int) store.instancesSeenSince(now.minus(leaseTime)).stream()
                .filter(i -> !i.instanceId().equals(instanceId)).count() + 1;
        int share = (Shards.COUNT + live - 1) / live;
        // Above the share: give the highest shards back so a newcomer can take them on its next round.
        List<Integer> mine = new ArrayList<>(next.keySet());
        for (int i = mine.size() - 1; i >= 0 && next.size() > share; i--) {
            ShardLease l = next.get(mine.get(i));
            store.release(l.shard(), instanceId, l.token());
            next.remove(l.shard());
            lost.add(l.shard());
        }
        Set<Integer> gained = new TreeSet<>();
        if (next.size() < share) {
            List<ShardLease> leases = new ArrayList<>(store.leases());
            // Start at a place of our own, so instances taking shards at once mostly try different rows.
            Collections.rotate(leases, -Math.floorMod(instanceId.hashCode(), Math.max(1, leases.size())));
            for (ShardLease l : leases) {
                if (next.size() >= share) {
                    break;
                }
                // A lease still under this id is a previous run's of this instance (same data directory): it is dead.
                if (next.containsKey(l.shard()) || !(l.isFree(now) || instanceId.equals(l.owner()))) {
                    continue;
                }
                ShardLease taken = store.acquire(l.shard(), l.token(), instanceId, now, expires);
                if (taken != null) {
                    next.put(taken.shard(), taken);
                    gained.add(taken.shard());
                    acquired.incrementAndGet();
                    if (l.owner() != null && !l.owner().equals(instanceId)) {
                        takeovers.incrementAndGet(); // its holder stopped renewing: this is a takeover, not a hand-over
                    }
                }
            }
        }
        held = Collections.unmodifiableMap(next);
        lostCount.addAndGet(lost.size());
        if (!lost.isEmpty()) {
            listener.lost(lost);
        }
        if (!gained.isEmpty()) {
            listener.gained(gained);
        }
    }

    /** Gives every shard back and leaves (clean shutdown), so the others take over at once instead of after expiry. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Map<Integer, ShardLease> was = held;
        held = Map.of();
        if (!was.isEmpty()) {
            listener.lost(new TreeSet<>(was.keySet()));
        }
        for (ShardLease l : was.values()) {
            store.release(l.shard(), instanceId, l.token());
        }
        store.forget(instanceId);
    }

    @Override
    public boolean owns(String userId) {
        return valid(held.get(Shards.of(userId)));
    }

    @Override
    public Fence fence(String userId) {
        int shard = Shards.of(userId);
        ShardLease l = held.get(shard);
        if (!valid(l)) {
            throw new StaleLeaseException("instance " + instanceId + " does not hold shard " + shard + " (user " + userId + ")");
        }
        return new Fence(shard, instanceId, l.token());
    }

    private static boolean valid(ShardLease l) {
        return l != null;
    }

    public boolean ownsShard(int shard) {
        return valid(held.get(shard));
    }

    /** The shards held now, with their tokens and expiries. */
    public Map<Integer, ShardLease> held() {
        return held;
    }

    public String instanceId() {
        return instanceId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration leaseTime() {
        return leaseTime;
    }

    public LeaseStore store() {
        return store;
    }

    /** Shards taken from an instance that stopped renewing (not handed over), since start. */
    public long takeovers() {
        return takeovers.get();
    }

    public long acquired() {
        return acquired.get();
    }

    public long lost() {
        return lostCount.get();
    }
}
