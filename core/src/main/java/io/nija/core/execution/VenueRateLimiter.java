package io.nija.core.execution;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.nija.core.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request budgets as exchanges count them: one bucket for the whole router (limits counted per IP, shared
 * by every user) and one bucket per API key (limits counted per key, so one user's activity never uses
 * another user's allowance). Bucket4j does the token arithmetic; time comes from the injected clock.
 */
public final class VenueRateLimiter {
    private final TimeMeter time;
    private final Bucket perIp;
    private final int perKeyPerSecond;
    private final ConcurrentHashMap<String, Bucket> perKey = new ConcurrentHashMap<>();

    public VenueRateLimiter(Clock clock, int perIpPerSecond, int perKeyPerSecond) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.perIp = bucket(perIpPerSecond);
        this.perKeyPerSecond = perKeyPerSecond;
    }

    private Bucket bucket(int perSecond) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** The outcome of asking for one request: go now, or wait, and whether the shared budget is the limit. */
    public record Permit(Duration delay, boolean sharedLimit) {
        static final Permit GRANTED = new Permit(Duration.ZERO, false);

        public boolean granted() {
            return delay.isZero();
        }
    }

    /**
     * Takes one request from both budgets if both have one; otherwise takes nothing and says how long to
     * wait. A key's token is given back when the shared budget is the one that is empty.
     */
    public Permit tryAcquire(String apiKey) {
        Bucket keyBucket = perKey.computeIfAbsent(apiKey, k -> bucket(perKeyPerSecond));
        ConsumptionProbe key = keyBucket.tryConsumeAndReturnRemaining(1);
        if (!key.isConsumed()) {
            return new Permit(Duration.ofNanos(Math.max(1, key.getNanosToWaitForRefill())), false);
        }
        ConsumptionProbe ip = perIp.tryConsumeAndReturnRemaining(1);
        if (!ip.isConsumed()) {
            keyBucket.addTokens(1);
            return new Permit(Duration.ofNanos(Math.max(1, ip.getNanosToWaitForRefill())), true);
        }
        return Permit.GRANTED;
    }

    /** Gives back one request taken for a call that was then not made. */
    public void giveBack(String apiKey) {
        Bucket keyBucket = perKey.get(apiKey);
        if (keyBucket != null) {
            keyBucket.addTokens(1);
        }
        perIp.addTokens(1);
    }

    /** Shared requests left right now, for the rate-limit headroom metric. */
    public long sharedHeadroom() {
        return perIp.getAvailableTokens();
    }
}
