package io.nija.venues.common;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.nija.core.time.Clock;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side mirror of an exchange's limits: one Bucket4j bucket per (rule, scope key). A call that would go over
 * is refused before it is sent, with RATE_LIMITED and the time until enough units are back, so nothing is ever
 * sent that the exchange would count against us or (worse, on Binance) answer with an IP ban.
 *
 * <p>Refusing instead of waiting keeps callers in control: the router may fail over or try later, and no thread
 * ever sleeps in here.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private final Clock clock;
    private final ClockTimeMeter meter;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
        this.meter = new ClockTimeMeter(clock);
    }

    /**
     * Takes all charges or none; throws RATE_LIMITED naming the first rule that is exhausted.
     *
     * <p>A charge of zero units (or, by mistake, fewer) is granted without looking at its bucket: the exchange does
     * not count such a call (Kraken's cancel of an order older than 300 s), so it cannot take the counter over, and
     * Bucket4j refuses to consume zero tokens outright, which used to fail such a cancel on every try.
     */
    public void acquire(String venue, List<Charge> charges) {
        Instant now = clock.now();
        for (Charge c : charges) {
            if (isFree(c)) {
                continue;
            }
            Instant until = blockedUntil.get(c.bucketKey());
            if (until != null && now.isBefore(until)) {
                throw new VenueException(VenueErrorKind.RATE_LIMITED, venue + " told us to back off ("
                        + c.rule().name() + ")", Duration.between(now, until), null);
            }
        }
        List<Charge> taken = new ArrayList<>(charges.size());
        for (Charge c : charges) {
            if (isFree(c)) {
                continue;
            }
            ConsumptionProbe probe = bucket(c).tryConsumeAndReturnRemaining(c.units());
            if (!probe.isConsumed()) {
                taken.forEach(t -> bucket(t).addTokens(t.units()));
                throw new VenueException(VenueErrorKind.RATE_LIMITED, venue + " limit " + c.rule().name()
                        + " (" + c.rule().capacity() + " per " + c.rule().period() + ") would be exceeded",
                        Duration.ofNanos(probe.getNanosToWaitForRefill()), null);
            }
            taken.add(c);
        }
    }

    private static boolean isFree(Charge c) {
        return c.units() <= 0;
    }

    /**
     * Gives back units taken by {@link #acquire} for calls that were then not made: a call sequence that reserved
     * its whole cost up front returns what it did not use.
     */
    public void refund(List<Charge> charges) {
        for (Charge c : charges) {
            if (!isFree(c)) {
                bucket(c).addTokens(c.units());
            }
        }
    }

    /**
     * The exchange told us how much of a rule it has counted (Binance's X-MBX-USED-WEIGHT-1M). When it has counted
     * more than we have (other processes on the same IP, or requests we did not see), spend the difference locally.
     */
    public void observeUsed(LimitRule rule, String scopeKey, long usedByExchange) {
        Bucket b = bucket(new Charge(rule, scopeKey, 0));
        long usedLocally = rule.capacity() - b.getAvailableTokens();
        if (usedByExchange > usedLocally) {
            b.consumeIgnoringRateLimits(usedByExchange - usedLocally);
        }
    }

    /** The exchange answered 429/418 or its own rate-limit code: refuse every call on these buckets until then. */
    public void backOff(List<Charge> charges, Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return;
        }
        Instant until = clock.now().plus(retryAfter);
        // Rule names only: scope keys are key fingerprints, but there is no reason to spread even those.
        LOG.warn("exchange asked to back off {} for {}", charges.stream().map(c -> c.rule().name()).toList(), retryAfter);
        for (Charge c : charges) {
            blockedUntil.merge(c.bucketKey(), until, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Units still available in one bucket (for tests and metrics). */
    public long available(LimitRule rule, String scopeKey) {
        return bucket(new Charge(rule, scopeKey, 0)).getAvailableTokens();
    }

    /** Replaces a rule's buckets, e.g. when Binance's exchangeInfo announces a different weight limit. */
    public void forget(LimitRule rule) {
        buckets.keySet().removeIf(k -> k.startsWith(rule.name() + "|"));
    }

    private Bucket bucket(Charge c) {
        return buckets.computeIfAbsent(c.bucketKey(), k -> newBucket(c.rule()));
    }

    private Bucket newBucket(LimitRule rule) {
        Bandwidth bandwidth;
        if (rule.decaying()) {
            bandwidth = Bandwidth.builder().capacity(rule.capacity())
                    .refillGreedy(rule.capacity(), rule.period()).build();
        } else {
            long periodMillis = Math.max(1, rule.period().toMillis());
            long nowMillis = clock.now().toEpochMilli();
            Instant nextBoundary = Instant.ofEpochMilli((nowMillis / periodMillis + 1) * periodMillis);
            bandwidth = Bandwidth.builder().capacity(rule.capacity())
                    .refillIntervallyAligned(rule.capacity(), rule.period(), nextBoundary).build();
        }
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(meter).build();
    }
}
