package io.nija.sim.fault;

/**
 * The faults a simulated venue injects, as {@code POST /__sim/faults} sets them. Rates are probabilities per
 * call (0 = never, 1 = always); {@link #NONE} is a healthy venue.
 *
 * @param http5xxRate           the venue answers a server error without acting
 * @param acceptThenTimeoutRate an order-changing call is carried out, but the answer is lost (the caller sees a
 *                              timeout and must query to learn what happened)
 * @param resetRate             the connection drops before the request is acted on
 * @param latencyMs             added to every call
 * @param maintenance           every call is refused as "under maintenance"
 * @param rateLimitStorm        every call is refused as rate limited
 * @param visibilityLagMs       how long an accepted order stays invisible to the venue's read endpoints (order
 *                              queries, open and closed lists, fills), as eventually consistent exchange reads are;
 *                              writes (cancels, duplicate client-id checks) always see the truth
 * @param latencyJitterMs       extra latency drawn per call, uniformly in 0..jitter (seeded), on top of latencyMs
 * @param banRetryAfterMs       when positive, a rate-limit storm is a ban (Binance's HTTP 418, Bybit's IP ban): the
 *                              refusal says to come back after this long instead of the storm's second; the in-process
 *                              venue acts it out (the HTTP dialects keep their own 429/418 logic)
 */
public record SimFaults(double http5xxRate, double acceptThenTimeoutRate, double resetRate, long latencyMs,
                        boolean maintenance, boolean rateLimitStorm, long visibilityLagMs, long latencyJitterMs,
                        long banRetryAfterMs) {
    /** The upper bound of every duration field: ten minutes. */
    public static final long MAX_MS = 600_000;
    public static final SimFaults NONE = new SimFaults(0, 0, 0, 0, false, false, 0, 0, 0);

    public SimFaults {
        requireRate(http5xxRate, "http_5xx_rate");
        requireRate(acceptThenTimeoutRate, "accept_then_timeout_rate");
        requireRate(resetRate, "reset_rate");
        requireDuration(latencyMs, "latency_ms");
        requireDuration(visibilityLagMs, "visibility_lag_ms");
        requireDuration(latencyJitterMs, "latency_jitter_ms");
        requireDuration(banRetryAfterMs, "ban_retry_after_ms");
    }

    /** The faults the admin endpoint sets (no ban). */
    public SimFaults(double http5xxRate, double acceptThenTimeoutRate, double resetRate, long latencyMs,
                     boolean maintenance, boolean rateLimitStorm, long visibilityLagMs, long latencyJitterMs) {
        this(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm, visibilityLagMs,
                latencyJitterMs, 0);
    }

    /** The first wave's faults, without visibility lag or jitter. */
    public SimFaults(double http5xxRate, double acceptThenTimeoutRate, double resetRate, long latencyMs,
                     boolean maintenance, boolean rateLimitStorm) {
        this(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm, 0, 0);
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    private static void requireDuration(long ms, String name) {
        if (ms < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        if (ms > MAX_MS) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_MS);
        }
    }

    public SimFaults withHttp5xxRate(double rate) {
        return new SimFaults(rate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm,
                visibilityLagMs, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withAcceptThenTimeoutRate(double rate) {
        return new SimFaults(http5xxRate, rate, resetRate, latencyMs, maintenance, rateLimitStorm, visibilityLagMs,
                latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withResetRate(double rate) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, rate, latencyMs, maintenance, rateLimitStorm,
                visibilityLagMs, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withLatencyMs(long ms) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, ms, maintenance, rateLimitStorm,
                visibilityLagMs, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withMaintenance(boolean on) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, on, rateLimitStorm,
                visibilityLagMs, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withRateLimitStorm(boolean on) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, on,
                visibilityLagMs, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withVisibilityLagMs(long ms) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm,
                ms, latencyJitterMs, banRetryAfterMs);
    }

    public SimFaults withLatencyJitterMs(long ms) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm,
                visibilityLagMs, ms, banRetryAfterMs);
    }

    /** A ban: every call refused as rate limited, to be retried only after {@code ms}. */
    public SimFaults withBan(long ms) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, ms > 0,
                visibilityLagMs, latencyJitterMs, ms);
    }
}
