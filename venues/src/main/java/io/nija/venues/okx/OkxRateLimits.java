package io.nija.venues.okx;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * OKX limits each endpoint separately, in 2-second windows, counted per user id (one API key stands for one UID
 * here) and for trading endpoints per user id and instrument. Place order: 60 per 2 s per UID + instId, shared
 * by REST and WebSocket, plus at most 1000 order requests per 2 s per (sub-)account. The other figures are
 * OKX's per-endpoint defaults as listed in the v5 reference; public market data is counted per IP.
 */
public final class OkxRateLimits {
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    private final RateLimiter limiter;
    final LimitRule place = LimitRule.window("okx-place-order", LimitScope.API_KEY, 60, TWO_SECONDS);
    final LimitRule subAccountOrders = LimitRule.window("okx-subaccount-orders", LimitScope.API_KEY, 1000, TWO_SECONDS);
    final LimitRule cancel = LimitRule.window("okx-cancel-order", LimitScope.API_KEY, 60, TWO_SECONDS);
    final LimitRule queryOrder = LimitRule.window("okx-get-order", LimitScope.API_KEY, 60, TWO_SECONDS);
    final LimitRule pending = LimitRule.window("okx-orders-pending", LimitScope.API_KEY, 60, TWO_SECONDS);
    final LimitRule fills = LimitRule.window("okx-fills", LimitScope.API_KEY, 60, TWO_SECONDS);
    final LimitRule fillsHistory = LimitRule.window("okx-fills-history", LimitScope.API_KEY, 10, TWO_SECONDS);
    final LimitRule tradeFee = LimitRule.window("okx-trade-fee", LimitScope.API_KEY, 5, TWO_SECONDS);
    final LimitRule balance = LimitRule.window("okx-balance", LimitScope.API_KEY, 10, TWO_SECONDS);
    final LimitRule accountConfig = LimitRule.window("okx-account-config", LimitScope.API_KEY, 5, TWO_SECONDS);
    final LimitRule books = LimitRule.window("okx-books", LimitScope.IP, 40, TWO_SECONDS);
    final LimitRule instruments = LimitRule.window("okx-instruments", LimitScope.IP, 20, TWO_SECONDS);

    public OkxRateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    List<Charge> placeOrder(VenueAccount a, String instId) {
        return List.of(new Charge(place, perInstrument(a, instId), 1), new Charge(subAccountOrders, key(a), 1));
    }

    List<Charge> perInstrument(LimitRule rule, VenueAccount a, String instId) {
        return List.of(new Charge(rule, perInstrument(a, instId), 1));
    }

    List<Charge> perKey(LimitRule rule, VenueAccount a) {
        return List.of(new Charge(rule, key(a), 1));
    }

    List<Charge> perIp(LimitRule rule) {
        return List.of(new Charge(rule, Charge.SHARED_IP, 1));
    }

    static String key(VenueAccount a) {
        return Hashing.fingerprint(a.apiKey());
    }

    static String perInstrument(VenueAccount a, String instId) {
        return key(a) + "|" + instId;
    }
}
