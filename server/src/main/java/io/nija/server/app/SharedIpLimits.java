package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.store.JdbcStore;
import io.nija.store.PgRateBuckets;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.RateLimiter;
import io.nija.store.PgRateHolds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Several instances: the request budgets an exchange counts per IP are kept in PostgreSQL, so the instances behind
 * one egress address spend them together (Bucket4j buckets under SELECT ... FOR UPDATE) instead of each believing it
 * has the whole budget. PostgreSQL rather than Redis: the instances already share it, and a cluster needs nothing
 * else to run. Limits counted per API key stay in the instance that drives the key's user.
 */
final class SharedIpLimits {
    private SharedIpLimits() {
    }

    /**
     * Shares the per-IP buckets and every back-off a venue asks for (a 429/418 with Retry-After, a ban; per IP and
     * per key): an instance told to wait stores the hold, and the returned sink applies the holds told to any
     * instance (see {@link ClusterMember#shareRateHolds}) to this instance's limiters.
     */
    static BiConsumer<String, Instant> share(Map<String, Venue> venues, JdbcStore store, Clock clock) {
        PgRateBuckets buckets = store.rateBuckets(RateLimiter.timeMeter(clock));
        PgRateHolds holds = store.rateHolds(clock::now);
        List<RateLimiter> limiters = new ArrayList<>();
        for (Venue v : venues.values()) {
            v.budget().filter(LimiterBudget.class::isInstance).map(LimiterBudget.class::cast).ifPresent(b -> {
                b.limiter().shareIpLimits((key, config) -> buckets.getProxy(key, () -> config));
                b.limiter().shareHolds(holds::hold);
                limiters.add(b.limiter());
            });
        }
        // Bucket keys start with the rule's name, which names its venue: a limiter never reads another's keys.
        return (key, until) -> limiters.forEach(l -> l.heldElsewhere(key, until));
    }
}
