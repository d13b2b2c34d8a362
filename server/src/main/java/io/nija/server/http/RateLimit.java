package io.nija.server.http;

/**
 * How many API requests one token may make: {@code perSecond} sustained with bursts of up to {@code burst}.
 * {@code perSecond <= 0} switches the limit off. The admin token is not limited.
 *
 * <p>Defaults: 50 requests per second, bursts of 100; env {@code NIJA_API_RATE_PER_SECOND} and
 * {@code NIJA_API_RATE_BURST} (or {@code serve --api-rate / --api-burst}) change them.
 */
public record RateLimit(double perSecond, long burst) {
    public static final RateLimit DEFAULT = new RateLimit(50, 100);
    public static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the API rate must be a finite number");
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("the API burst must be at least 1");
        }
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /** The defaults, overridden by NIJA_API_RATE_PER_SECOND / NIJA_API_RATE_BURST when set. */
    public static RateLimit fromEnvironment() {
        String rate = io.nija.server.config.Environment.system().get("NIJA_API_RATE_PER_SECOND");
        String burst = io.nija.server.config.Environment.system().get("NIJA_API_RATE_BURST");
        double r = rate == null || rate.isBlank() ? DEFAULT.perSecond() : Double.parseDouble(rate.trim());
        long b = burst == null || burst.isBlank() ? Math.max(DEFAULT.burst(), (long) Math.ceil(r)) : Long.parseLong(burst.trim());
        return new RateLimit(r, b);
    }
}
