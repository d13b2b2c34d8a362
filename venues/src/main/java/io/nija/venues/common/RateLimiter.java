package io.nija.venues.common;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
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
    private static final int FORGET_HOLDS_ABOVE = 1_000;
    /**
     * The reservation the current thread's call is paid from, while {@link #spend} runs it. A thread-local rather than a
     * parameter because the charges are decided deep inside each adapter, behind the {@code Venue} port's methods; it is
     * safe because one reserved call runs on one thread from start to end (the executor gives each call its own virtual
     * thread, or runs it inline), and {@code spend} unbinds it in {@code finally}, so no other call, user or thread can
     * ever draw on it. Calls made outside {@code spend} (a credential check, a balance read) find nothing bound and
     * charge themselves as before.
     */
    private final ThreadLocal<Reservation> prepaid = new ThreadLocal<>();

    /** Where buckets of limits counted per IP are kept when they are shared; null: in this process. */
    private volatile SharedBuckets shared;
    /** Where the exchange's "back off" answers are told to the other instances; null: nobody else to tell. */
    private volatile SharedHolds sharedHolds;

    public RateLimiter(Clock clock) {
        this.clock = clock;
        this.meter = new ClockTimeMeter(clock);
    }

    /**
     * Buckets kept outside this process, shared by every router instance that uses the same store (PostgreSQL in
     * module store): the instances behind one egress address together spend one per-IP budget.
     */
    public interface SharedBuckets {
        /** The shared bucket named {@code key}, created with {@code configuration} if it does not exist yet. */
        Bucket bucket(String key, BucketConfiguration configuration);
    }

    /**
     * From now on the limits an exchange counts per IP are drawn from {@code buckets}, shared with the other
     * instances; limits counted per key or account stay here (only the instance driving the user spends them). A
     * back-off the exchange asked for is shared separately ({@link #shareHolds}).
     */
    public void shareIpLimits(SharedBuckets buckets) {
        this.shared = buckets;
        this.buckets.clear(); // called before the first request: nothing spent here yet is lost
    }

    /**
     * The other instances behind the same egress address, told of every back-off this limiter records (a 429/418 with
     * its Retry-After, a ban): the exchange counts the IP, so an instance that kept sending would be banned too.
     */
    public interface SharedHolds {
        /** Every instance should refuse calls on bucket {@code bucketKey} until {@code until}. */
        void hold(String bucketKey, Instant until);
    }

    /**
     * From now on every back-off recorded here is also told through {@code holds}; the holds other instances were
     * told arrive through {@link #heldElsewhere}. Per-key holds are told too: after a takeover the key's new driver
     * must keep waiting as well.
     */
    public void shareHolds(SharedHolds holds) {
        this.sharedHolds = holds;
    }

    /**
     * Another instance was told to back off on {@code bucketKey} until {@code until} (or this instance was, and
     * hears its own message back: merging keeps the later time, so that is harmless). A key of a rule this limiter
     * does not have is kept and never looked at.
     */
    public void heldElsewhere(String bucketKey, Instant until) {
        Instant now = clock.now();
        if (until.isAfter(now)) {
            blockedUntil.merge(bucketKey, until, (a, b) -> a.isAfter(b) ? a : b);
        }
        if (blockedUntil.size() > FORGET_HOLDS_ABOVE) {
            // Every instance's holds arrive here, most for keys this limiter never uses: forget the ended ones.
            blockedUntil.values().removeIf(t -> !t.isAfter(now));
        }
    }

    /** Bucket4j time from the domain clock (for a shared bucket store). */
    public static io.github.bucket4j.TimeMeter timeMeter(Clock clock) {
        return new ClockTimeMeter(clock);
    }

    /**
     * Takes all charges or none; throws RATE_LIMITED naming the first rule that is exhausted.
     *
     * <p>A charge of zero units (or, by mistake, fewer) is granted without looking at its bucket: the exchange does
     * not count such a call (Kraken's cancel of an order older than 300 s), so it cannot take the counter over, and
     * Bucket4j refuses to consume zero tokens outright, which used to fail such a cancel on every try.
     */
    public void acquire(String venue, List<Charge> charges) {
        Reservation paid = prepaid.get();
        if (paid != null && paid.take(charges)) {
            return; // reserved before the call: the budget already counts it
        }
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

    /**
     * Takes all charges or none, like {@link #acquire}, but answers instead of throwing: a reservation holding the
     * units, or the wait until they fit and whether a limit shared by every user (an IP limit) is the one in the way.
     * A back-off the exchange asked for counts as the longest wait among the buckets it blocks.
     */
    public Reserved reserve(List<Charge> charges) {
        Instant now = clock.now();
        Duration blocked = Duration.ZERO;
        boolean blockedShared = false;
        for (Charge c : charges) {
            if (isFree(c)) {
                continue;
            }
            Instant until = blockedUntil.get(c.bucketKey());
            if (until != null && now.isBefore(until)) {
                Duration wait = Duration.between(now, until);
                blockedShared |= c.rule().scope() == LimitScope.IP;
                if (wait.compareTo(blocked) > 0) {
                    blocked = wait;
                }
            }
        }
        if (!blocked.isZero()) {
            return Reserved.refused(blocked, blockedShared);
        }
        List<Charge> taken = new ArrayList<>(charges.size());
        for (Charge c : charges) {
            if (isFree(c)) {
                continue;
            }
            ConsumptionProbe probe = bucket(c).tryConsumeAndReturnRemaining(c.units());
            if (!probe.isConsumed()) {
                taken.forEach(t -> bucket(t).addTokens(t.units()));
                return Reserved.refused(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())),
                        c.rule().scope() == LimitScope.IP);
            }
            taken.add(c);
        }
        return Reserved.granted(new Reservation(taken));
    }

    /**
     * Runs {@code call} paid from {@code reservation}: each charge of the call that the reservation still covers is
     * taken from it instead of from the buckets. Whatever is left when the call returns or throws goes back.
     */
    public <T> T spend(Reservation reservation, java.util.function.Supplier<T> call) {
        Reservation outer = prepaid.get();
        prepaid.set(reservation);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                prepaid.remove();
            } else {
                prepaid.set(outer);
            }
            refund(reservation);
        }
    }

    /** Gives back what a reservation still holds (all of it when its call was never made). */
    public void refund(Reservation reservation) {
        refund(reservation.drain());
    }

    /** The outcome of {@link #reserve}: a reservation, or how long to wait and whether the limit is shared. */
    public record Reserved(Reservation reservation, Duration delay, boolean sharedLimit) {
        static Reserved granted(Reservation r) {
            return new Reserved(r, Duration.ZERO, false);
        }

        static Reserved refused(Duration delay, boolean shared) {
            return new Reserved(null, delay, shared);
        }

        public boolean granted() {
            return reservation != null;
        }
    }

    /**
     * Units taken from buckets ahead of a call. Synchronized although, by {@link #spend}'s design, one thread uses it
     * at a time: it is cheap, and the executor hands it from its dispatcher to the call's thread.
     */
    public static final class Reservation {
        private final java.util.Map<String, Charge> left = new java.util.LinkedHashMap<>();

        Reservation(List<Charge> charges) {
            for (Charge c : charges) {
                left.merge(c.bucketKey(), c, (a, b) -> new Charge(a.rule(), a.scopeKey(), a.units() + b.units()));
            }
        }

        /** Takes a call's charges from what is left, all or none; false when any of them is not covered. */
        synchronized boolean take(List<Charge> charges) {
            java.util.Map<String, Long> need = new java.util.HashMap<>();
            for (Charge c : charges) {
                if (!isFree(c)) {
                    need.merge(c.bucketKey(), c.units(), Long::sum);
                }
            }
            for (var e : need.entrySet()) {
                Charge have = left.get(e.getKey());
                if (have == null || have.units() < e.getValue()) {
                    return false;
                }
            }
            for (var e : need.entrySet()) {
                Charge have = left.get(e.getKey());
                long rest = have.units() - e.getValue();
                if (rest == 0) {
                    left.remove(e.getKey());
                } else {
                    left.put(e.getKey(), new Charge(have.rule(), have.scopeKey(), rest));
                }
            }
            return true;
        }

        synchronized List<Charge> drain() {
            List<Charge> out = List.copyOf(left.values());
            left.clear();
            return out;
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
        SharedHolds tell = sharedHolds;
        for (Charge c : charges) {
            blockedUntil.merge(c.bucketKey(), until, (a, b) -> a.isAfter(b) ? a : b);
            if (tell != null) {
                try {
                    tell.hold(c.bucketKey(), until);
                } catch (RuntimeException e) {
                    // This instance still holds; the others learn of it only by being told off themselves.
                    LOG.warn("could not share the back-off on {} with the other instances: {}", c.rule().name(),
                            e.toString());
                }
            }
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
        SharedBuckets s = shared;
        if (s != null && c.rule().scope() == LimitScope.IP) {
            return buckets.computeIfAbsent(c.bucketKey(), k -> s.bucket(k, configuration(c.rule())));
        }
        return buckets.computeIfAbsent(c.bucketKey(), k -> newBucket(c.rule()));
    }

    private Bucket newBucket(LimitRule rule) {
        return Bucket.builder().addLimit(bandwidth(rule)).withCustomTimePrecision(meter).build();
    }

    private BucketConfiguration configuration(LimitRule rule) {
        return BucketConfiguration.builder().addLimit(bandwidth(rule)).build();
    }

    private Bandwidth bandwidth(LimitRule rule) {
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
        return bandwidth;
    }
}
