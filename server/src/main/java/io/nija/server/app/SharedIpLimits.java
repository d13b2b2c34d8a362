package io.nija.server.app;

import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import io.nija.store.JdbcStore;
import io.nija.store.PgRateBuckets;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.RateLimiter;
import java.util.Map;

/**
 * Several instances: the request budgets an exchange counts per IP are kept in PostgreSQL, so the instances behind
 * one egress address spend them together (Bucket4j buckets under SELECT ... FOR UPDATE) instead of each believing it
 * has the whole budget. PostgreSQL rather than Redis: the instances already share it, and a cluster needs nothing
 * else to run. Limits counted per API key stay in the instance that drives the key's user.
 */
final class SharedIpLimits {
    private SharedIpLimits() {
    }

    static void share(Map<String, Venue> venues, JdbcStore store, Clock clock) {
        PgRateBuckets buckets = store.rateBuckets(RateLimiter.timeMeter(clock));
        for (Venue v : venues.values()) {
            v.budget().filter(LimiterBudget.class::isInstance).map(LimiterBudget.class::cast)
                    .ifPresent(b -> b.limiter().shareIpLimits((key, config) -> buckets.getProxy(key, () -> config)));
        }
    }
}
