package io.nija.sim.dialect.bybit;

import io.nija.core.time.Clock;
import io.nija.sim.dialect.support.WindowLimiter;
import io.nija.sim.dialect.support.WindowLimiter.Mode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bybit's REST limits as it counts them: every request counts against the IP (600 per rolling 5 s; over it, HTTP 403
 * "access too frequent" and a ban of ten minutes), and each private endpoint per UID (here: api key) in a rolling
 * one-second window, reported in X-Bapi-Limit-Status / X-Bapi-Limit / X-Bapi-Limit-Reset-Timestamp; over it,
 * retCode 10006 "Too many visits!". {@link BybitRoutes} names each route's endpoint limiter.
 */
final class BybitLimits {
    static final Duration IP_BAN = Duration.ofMinutes(10);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Clock clock;
    private final WindowLimiter ip;
    private final Map<String, Long> bannedUntil = new ConcurrentHashMap<>();
    final WindowLimiter create;
    final WindowLimiter cancel;
    final WindowLimiter realtime;
    final WindowLimiter history;
    final WindowLimiter executions;
    final WindowLimiter wallet;
    final WindowLimiter feeRate;
    final WindowLimiter accountInfo;

    BybitLimits(Clock clock) {
        this.clock = clock;
        this.ip = new WindowLimiter(600, Duration.ofSeconds(5), Mode.ROLLING, clock);
        this.create = perSecond(20);
        this.cancel = perSecond(20);
        this.realtime = perSecond(50);
        this.history = perSecond(50);
        this.executions = perSecond(50);
        this.wallet = perSecond(50);
        this.feeRate = perSecond(10);
        this.accountInfo = perSecond(10);
    }

    private WindowLimiter perSecond(int n) {
        return new WindowLimiter(n, SECOND, Mode.ROLLING, clock);
    }

    /** Counts one request of the IP; false when the IP is banned, or is now banned for going over the limit. */
    boolean admitIp(String addr, long nowMillis) {
        Long ban = bannedUntil.get(addr);
        if (ban != null && ban > nowMillis) {
            return false;
        }
        if (!ip.acquire(addr).allowed()) {
            bannedUntil.put(addr, nowMillis + IP_BAN.toMillis());
            return false;
        }
        return true;
    }
}
