package io.nija.server.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller key (the user an API token belongs to, or a strategy for its webhook), so one busy
 * client cannot starve the others. Keys are only created for callers that authenticated, which bounds the map
 * by the number of tokens and strategies.
 */
final class ApiRateLimiter {
    private final RateLimit limit;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimiter(RateLimit limit) {
        this.limit = limit;
    }

    /** Takes one request from the key's budget; throws a 429 {@link ApiException} with Retry-After when spent. */
    void acquire(String key) {
        if (!limit.enabled()) {
            return;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw ApiException.rateLimited(seconds);
        }
    }

    private Bucket newBucket() {
        // Refill per 1000 s so fractional rates (0.5/s) stay exact; greedy refill spreads tokens evenly.
        long perThousandSeconds = Math.max(1, Math.round(limit.perSecond() * 1000));
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst())
                        .refillGreedy(perThousandSeconds, Duration.ofSeconds(1000)).build())
                .build();
    }
}
