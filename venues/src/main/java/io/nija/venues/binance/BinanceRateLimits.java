package io.nija.venues.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Binance counts request weight per IP ("the limits on the API are based on the IPs, not the API keys"), so one
 * weight bucket is shared by every user of this router; orders are counted per account, so those buckets are per
 * key. Defaults are the documented example (6000 weight per minute, 10 orders per second); the live values from
 * exchangeInfo replace them, and the X-MBX-USED-WEIGHT-1M header corrects our count after every response.
 */
public final class BinanceRateLimits {
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private final RateLimiter limiter;
    private final AtomicReference<LimitRule> weight = new AtomicReference<>(
            LimitRule.window("binance-request-weight-1m", LimitScope.IP, 6000, Duration.ofMinutes(1)));
    private final AtomicReference<List<LimitRule>> orders = new AtomicReference<>(List.of(
            LimitRule.window("binance-orders-1s", LimitScope.API_KEY, 10, Duration.ofSeconds(1))));

    public BinanceRateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public LimitRule weightRule() {
        return weight.get();
    }

    /** A call of {@code w} weight; all users share it because Binance counts our IP. */
    public List<Charge> request(int w) {
        return List.of(new Charge(weight.get(), Charge.SHARED_IP, w));
    }

    /** A new order: weight 1 on the IP plus one order on each of this account's order-count windows. */
    public List<Charge> order(VenueAccount account) {
        List<Charge> charges = new ArrayList<>(request(1));
        String key = Hashing.fingerprint(account.apiKey());
        for (LimitRule r : orders.get()) {
            charges.add(new Charge(r, key, 1));
        }
        return charges;
    }

    /** Reads X-MBX-USED-WEIGHT-1M so weight spent by anything else on this IP is counted too. */
    public void observe(HttpReply reply) {
        String used = reply.header(USED_WEIGHT_HEADER);
        if (used == null) {
            return;
        }
        try {
            limiter.observeUsed(weight.get(), Charge.SHARED_IP, Long.parseLong(used.trim()));
        } catch (NumberFormatException ignored) {
            // A malformed header only costs us the correction, never the call.
        }
    }

    /** Adopts exchangeInfo.rateLimits: REQUEST_WEIGHT (per IP) and ORDERS (per account) windows. */
    public void adopt(JsonNode rateLimits) {
        List<LimitRule> orderRules = new ArrayList<>();
        for (JsonNode l : rateLimits) {
            Duration period = interval(l.path("interval").asText(), l.path("intervalNum").asInt(1));
            long limit = l.path("limit").asLong(0);
            if (period == null || limit <= 0) {
                continue;
            }
            switch (l.path("rateLimitType").asText()) {
                case "REQUEST_WEIGHT" -> {
                    if (period.equals(Duration.ofMinutes(1))) {
                        LimitRule next = LimitRule.window("binance-request-weight-1m", LimitScope.IP, limit, period);
                        LimitRule previous = weight.getAndSet(next);
                        if (!previous.equals(next)) {
                            limiter.forget(previous);
                        }
                    }
                }
                case "ORDERS" -> orderRules.add(LimitRule.window(
                        "binance-orders-" + l.path("intervalNum").asInt(1) + l.path("interval").asText(),
                        LimitScope.API_KEY, limit, period));
                default -> { }
            }
        }
        if (!orderRules.isEmpty()) {
            orders.set(List.copyOf(orderRules));
        }
    }

    private static Duration interval(String unit, int n) {
        return switch (unit) {
            case "SECOND" -> Duration.ofSeconds(n);
            case "MINUTE" -> Duration.ofMinutes(n);
            case "HOUR" -> Duration.ofHours(n);
            case "DAY" -> Duration.ofDays(n);
            default -> null;
        };
    }

    /** Weight of GET /api/v3/depth by limit, as documented. */
    static int depthWeight(int limit) {
        if (limit <= 100) {
            return 5;
        }
        if (limit <= 500) {
            return 25;
        }
        return limit <= 1000 ? 50 : 250;
    }
}
