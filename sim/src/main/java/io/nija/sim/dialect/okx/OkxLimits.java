package io.nija.sim.dialect.okx;

import io.nija.core.time.Clock;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Mode;
import java.time.Duration;

/**
 * OKX's rate limits as it counts them: each endpoint on its own, in fixed 2-second windows; trading endpoints per
 * user (here: api key) and instrument, the rest per user, public data per IP. Over a limit: HTTP 429, code 50011.
 * The numbers are the v5 reference's (requests per 2 s).
 */
final class OkxLimits {
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    final WindowLimiter placeOrder;
    final WindowLimiter batchOrders;
    /** All order placements of one user, whatever the endpoint. */
    final WindowLimiter subAccountOrders;
    final WindowLimiter cancelOrder;
    final WindowLimiter batchCancel;
    final WindowLimiter getOrder;
    final WindowLimiter ordersPending;
    final WindowLimiter ordersHistory;
    final WindowLimiter fills;
    final WindowLimiter fillsHistory;
    final WindowLimiter balance;
    final WindowLimiter tradeFee;
    final WindowLimiter currencies;
    final WindowLimiter instruments;
    final WindowLimiter books;
    final WindowLimiter time;

    OkxLimits(Clock clock) {
        placeOrder = limit(60, clock);
        batchOrders = limit(300, clock);
        subAccountOrders = limit(1000, clock);
        cancelOrder = limit(60, clock);
        batchCancel = limit(300, clock);
        getOrder = limit(60, clock);
        ordersPending = limit(60, clock);
        ordersHistory = limit(40, clock);
        fills = limit(60, clock);
        fillsHistory = limit(10, clock);
        balance = limit(10, clock);
        tradeFee = limit(5, clock);
        currencies = limit(6, clock);
        instruments = limit(20, clock);
        books = limit(40, clock);
        time = limit(10, clock);
    }

    private static WindowLimiter limit(int perTwoSeconds, Clock clock) {
        return new WindowLimiter(perTwoSeconds, TWO_SECONDS, Mode.FIXED, clock);
    }

    /** Counts {@code weight} requests against {@code limiter} for {@code key}, or refuses with 50011. */
    static void charge(WindowLimiter limiter, String key, int weight) {
        if (!limiter.acquire(key, weight).allowed()) {
            throw OkxErrors.rateLimited();
        }
    }
}
