package io.nija.venues.alpaca;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * Alpaca's trading API allows 200 requests per minute per API key. Market data is read without a key here, so it
 * is counted against the IP with the same figure.
 */
public final class AlpacaRateLimits {
    private final RateLimiter limiter;
    final LimitRule trading = LimitRule.window("alpaca-trading", LimitScope.API_KEY, 200, Duration.ofMinutes(1));
    final LimitRule data = LimitRule.window("alpaca-data", LimitScope.IP, 200, Duration.ofMinutes(1));

    public AlpacaRateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    List<Charge> privateCall(VenueAccount a) {
        return List.of(new Charge(trading, Hashing.fingerprint(a.apiKey()), 1));
    }

    List<Charge> dataCall() {
        return List.of(new Charge(data, Charge.SHARED_IP, 1));
    }
}
