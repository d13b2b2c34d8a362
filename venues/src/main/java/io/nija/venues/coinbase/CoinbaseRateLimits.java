package io.nija.venues.coinbase;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * Coinbase Advanced Trade: private REST 30 requests per second per user (key), public REST 10 per second per IP.
 * Coinbase may tighten these in volatile markets; a 429 then backs the key (or the IP) off.
 */
public final class CoinbaseRateLimits {
    private final RateLimiter limiter;
    final LimitRule privateRule = LimitRule.window("coinbase-private", LimitScope.API_KEY, 30, Duration.ofSeconds(1));
    final LimitRule publicRule = LimitRule.window("coinbase-public", LimitScope.IP, 10, Duration.ofSeconds(1));

    public CoinbaseRateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    List<Charge> privateCall(VenueAccount a) {
        return List.of(new Charge(privateRule, Hashing.fingerprint(a.apiKey()), 1));
    }

    List<Charge> publicCall() {
        return List.of(new Charge(publicRule, Charge.SHARED_IP, 1));
    }
}
