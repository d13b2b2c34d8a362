package io.nija.venues.kraken;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * Kraken's two limiters, both kept per API key so users never share them:
 * <ul>
 *   <li>the REST call counter: +1 per call (+2 for trade history and ledgers), decaying per second by tier;
 *       AddOrder and CancelOrder are not counted here;</li>
 *   <li>the trading-engine counter, per key and per pair: +1 per add, and a cancel costs more the younger the
 *       order is (+8 under 5 s down to +1 under 300 s), because cancelling fresh orders is what Kraken discourages.</li>
 * </ul>
 * Public endpoints are limited per IP; Kraken does not publish that figure, so about one call a second with a
 * small burst is assumed.
 */
public final class KrakenRateLimits {
    private final RateLimiter limiter;
    private final KrakenTier tier;
    private final LimitRule rest;
    private final LimitRule trading;
    private final LimitRule publicIp = LimitRule.decaying("kraken-public", LimitScope.IP, 10, 1.0);

    public KrakenRateLimits(RateLimiter limiter, KrakenTier tier) {
        this.limiter = limiter;
        this.tier = tier;
        this.rest = LimitRule.decaying("kraken-rest-counter", LimitScope.API_KEY, tier.restMax, tier.restDecayPerSecond);
        this.trading = LimitRule.decaying("kraken-trading", LimitScope.API_KEY, tier.tradingMax, tier.tradingDecayPerSecond);
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public LimitRule restRule() {
        return rest;
    }

    public LimitRule tradingRule() {
        return trading;
    }

    public LimitRule publicRule() {
        return publicIp;
    }

    List<Charge> publicCall() {
        return List.of(new Charge(publicIp, Charge.SHARED_IP, 1));
    }

    List<Charge> privateCall(VenueAccount account, int cost) {
        return List.of(new Charge(rest, Hashing.fingerprint(account.apiKey()), cost));
    }

    List<Charge> addOrder(VenueAccount account, String pair) {
        return List.of(new Charge(trading, tradingKey(account, pair), 1));
    }

    List<Charge> cancelOrder(VenueAccount account, String pair, Duration restingFor) {
        return List.of(new Charge(trading, tradingKey(account, pair), cancelCost(restingFor)));
    }

    /** Kraken's cancel penalty by order age; unknown age is charged as the worst case. */
    static int cancelCost(Duration age) {
        if (age == null) {
            return 8;
        }
        long s = age.toSeconds();
        if (s < 5) {
            return 8;
        }
        if (s < 10) {
            return 6;
        }
        if (s < 15) {
            return 5;
        }
        if (s < 45) {
            return 4;
        }
        if (s < 90) {
            return 2;
        }
        return s < 300 ? 1 : 0;
    }

    /** How long until the REST counter has room again after Kraken said "EAPI:Rate limit exceeded". */
    Duration restBackOff() {
        return Duration.ofMillis(Math.round(1000 / tier.restDecayPerSecond * 2));
    }

    /** How long until a worst-case cancel fits again after "EOrder:Rate limit exceeded". */
    Duration tradingBackOff() {
        return Duration.ofMillis(Math.round(8000 / tier.tradingDecayPerSecond));
    }

    public static String tradingKey(VenueAccount account, String pair) {
        return Hashing.fingerprint(account.apiKey()) + "|" + pair;
    }
}
