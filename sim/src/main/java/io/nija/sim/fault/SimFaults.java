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
 */
public record SimFaults(double http5xxRate, double acceptThenTimeoutRate, double resetRate, long latencyMs,
                        boolean maintenance, boolean rateLimitStorm) {
    public static final SimFaults NONE = new SimFaults(0, 0, 0, 0, false, false);

    public SimFaults {
        requireRate(http5xxRate, "http_5xx_rate");
        requireRate(acceptThenTimeoutRate, "accept_then_timeout_rate");
        requireRate(resetRate, "reset_rate");
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency_ms must not be negative");
        }
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    public SimFaults withHttp5xxRate(double rate) {
        return new SimFaults(rate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, rateLimitStorm);
    }

    public SimFaults withAcceptThenTimeoutRate(double rate) {
        return new SimFaults(http5xxRate, rate, resetRate, latencyMs, maintenance, rateLimitStorm);
    }

    public SimFaults withResetRate(double rate) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, rate, latencyMs, maintenance, rateLimitStorm);
    }

    public SimFaults withLatencyMs(long ms) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, ms, maintenance, rateLimitStorm);
    }

    public SimFaults withMaintenance(boolean on) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, on, rateLimitStorm);
    }

    public SimFaults withRateLimitStorm(boolean on) {
        return new SimFaults(http5xxRate, acceptThenTimeoutRate, resetRate, latencyMs, maintenance, on);
    }
}
