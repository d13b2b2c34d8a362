package io.nija.core.execution;

import io.nija.core.time.Clock;
import io.nija.core.venue.CallKind;
import io.nija.core.venue.RequestBudget;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The budget of a venue that keeps none of its own (the in-process simulator, test venues): the executor's configured
 * rates, one request per call of any kind ({@link VenueRateLimiter}), and the venue's rate-limit answers as a pause of
 * the key that got them. Venues behind an adapter bring their exchange's own budget instead.
 */
final class ConfiguredRateBudget implements RequestBudget {
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);
    private final Clock clock;
    private final VenueRateLimiter limiter;
    /** Until when (clock nanos) each API key must send nothing, after the venue answered it with a rate limit. */
    private final ConcurrentHashMap<String, Long> pausedUntil = new ConcurrentHashMap<>();

    ConfiguredRateBudget(Clock clock, ExecutorConfig config) {
        this.clock = clock;
        this.limiter = new VenueRateLimiter(clock, config.venueRequestsPerSecond(), config.perKeyRequestsPerSecond());
    }

    @Override
    public Permit reserve(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        String key = account.apiKey();
        Long until = pausedUntil.get(key);
        if (until != null) {
            long pause = until - clock.nanoTime();
            if (pause > 0) {
                return Permit.refused(Duration.ofNanos(pause), false);
            }
            pausedUntil.remove(key, until);
        }
        VenueRateLimiter.Permit p = limiter.tryAcquire(key);
        return p.granted() ? Permit.granted(key) : Permit.refused(p.delay(), p.sharedLimit());
    }

    @Override
    public void refund(Permit permit) {
        if (permit.granted() && permit.reservation() instanceof String key) {
            limiter.giveBack(key);
        }
    }

    @Override
    public <T> T spend(Permit permit, Supplier<T> call) {
        return call.get();
    }

    /** Honour the venue's Retry-After (1 s when it gives none, at most five minutes) for every call of this key. */
    @Override
    public void rateLimited(VenueAccount account, Duration retryAfter) {
        Duration wait = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        if (wait.compareTo(MAX_PAUSE) > 0) {
            wait = MAX_PAUSE;
        }
        long until = clock.nanoTime() + wait.toNanos();
        pausedUntil.merge(account.apiKey(), until, (a, b) -> b - a > 0 ? b : a);
    }

    @Override
    public long sharedHeadroom() {
        return limiter.sharedHeadroom();
    }
}
