package io.nija.venues.bybit;

import io.nija.core.venue.VenueAccount;
import io.nija.venues.common.Charge;
import io.nija.venues.common.Hashing;
import io.nija.venues.common.HttpReply;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * Bybit has two layers: 600 requests per 5 s per IP for everything (over it: HTTP 403 and a ban of at least ten
 * minutes), and per-UID limits per endpoint per second (spot defaults: create/cancel 20/s, realtime, history and
 * execution list 50/s). One API key stands for one UID here, so those buckets are per key.
 * {@code X-Bapi-Limit-Status} (remaining this second) is read back into the endpoint's bucket.
 *
 * <p>The IP limit is kept as 50 per clock second, not 600 per aligned 5 s window. Bybit does not say its 5 s
 * window is aligned, and counted over any 5 s (as the simulator does) two aligned windows of 600 back to back let
 * 1 200 requests through and earn the ten-minute ban. Any 5 s span touches at most six clock seconds, so we send at
 * most 300 in it; the other half is headroom, because Bybit counts arrivals, and requests sent a few seconds apart
 * can arrive together (a busy host, a pause of the connection). Overrunning costs ten minutes of a venue, holding
 * back costs a little throughput.
 */
public final class BybitRateLimits {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final RateLimiter limiter;
    final LimitRule ip = LimitRule.window("bybit-ip", LimitScope.IP, 50, SECOND);
    final LimitRule create = LimitRule.window("bybit-order-create", LimitScope.API_KEY, 20, SECOND);
    final LimitRule cancel = LimitRule.window("bybit-order-cancel", LimitScope.API_KEY, 20, SECOND);
    final LimitRule realtime = LimitRule.window("bybit-order-realtime", LimitScope.API_KEY, 50, SECOND);
    final LimitRule history = LimitRule.window("bybit-order-history", LimitScope.API_KEY, 50, SECOND);
    final LimitRule executions = LimitRule.window("bybit-execution-list", LimitScope.API_KEY, 50, SECOND);
    final LimitRule account = LimitRule.window("bybit-account", LimitScope.API_KEY, 10, SECOND);

    public BybitRateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    List<Charge> publicCall() {
        return List.of(new Charge(ip, Charge.SHARED_IP, 1));
    }

    List<Charge> privateCall(LimitRule endpoint, VenueAccount a) {
        return List.of(new Charge(ip, Charge.SHARED_IP, 1), new Charge(endpoint, Hashing.fingerprint(a.apiKey()), 1));
    }

    /** Aligns our count of an endpoint with what Bybit says remains of it this second. */
    void observe(HttpReply reply, List<Charge> charges) {
        String remaining = reply.header("X-Bapi-Limit-Status");
        if (remaining == null || charges.size() < 2) {
            return;
        }
        try {
            Charge endpoint = charges.get(1);
            long used = endpoint.rule().capacity() - Long.parseLong(remaining.trim());
            limiter.observeUsed(endpoint.rule(), endpoint.scopeKey(), used);
        } catch (NumberFormatException ignored) {
            // Only the correction is lost.
        }
    }
}
