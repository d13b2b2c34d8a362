package io.nija.sim.dialect.alpaca;

import io.javalin.http.Context;
import io.nija.core.time.Clock;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Decision;
import io.nija.sim.dialect.support.WindowLimiter.Mode;
import java.time.Duration;

/**
 * Alpaca's limits: 200 requests per minute per key on the trading API and, separately, on market data (per key, or
 * per IP without one); every answer carries X-RateLimit-Limit / -Remaining / -Reset (unix seconds).
 */
final class AlpacaLimits {
    final WindowLimiter trading;
    final WindowLimiter data;

    AlpacaLimits(Clock clock) {
        this.trading = new WindowLimiter(200, Duration.ofMinutes(1), Mode.FIXED, clock);
        this.data = new WindowLimiter(200, Duration.ofMinutes(1), Mode.FIXED, clock);
    }

    /** Counts the call against {@code limiter} with the rate headers; going over is Alpaca's 429. */
    static void admit(WindowLimiter limiter, String apiKey, Context c) {
        Decision d = limiter.acquire(apiKey != null ? "key:" + apiKey : "ip:" + c.ip());
        headers(c, d);
        if (!d.allowed()) {
            throw AlpacaErrors.rateLimited();
        }
    }

    static void headers(Context c, Decision d) {
        c.header("X-RateLimit-Limit", Integer.toString(d.limit()));
        c.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        c.header("X-RateLimit-Reset", Long.toString(Math.floorDiv(d.resetAtMillis() + 999, 1000)));
    }
}
