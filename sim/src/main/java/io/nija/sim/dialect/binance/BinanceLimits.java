package io.nija.sim.dialect.binance;

import java.util.HashMap;
import java.util.Map;

/**
 * Binance's REST limits as the exchange counts them:
 * <ul>
 *   <li>REQUEST_WEIGHT per IP (not per key) in a fixed one-minute window aligned to the minute; every request
 *       adds its weight, also refused ones, and every response carries the IP's total in X-MBX-USED-WEIGHT-1M.
 *       Over the limit: HTTP 429, -1003, Retry-After = seconds to the next minute.</li>
 *   <li>An IP that keeps sending after {@code strikesBeforeBan} 429s is banned: HTTP 418, -1003 "IP banned until",
 *       Retry-After; the ban lasts 2 minutes and doubles with each repeat, up to 3 days.</li>
 *   <li>ORDERS per account: {@code ordersPer10s} per 10 seconds and {@code ordersPerDay} per day, fixed windows;
 *       reported in X-MBX-ORDER-COUNT-10S / -1D; over the limit: HTTP 429, -1015.</li>
 * </ul>
 * Numbers default to what exchangeInfo publishes (6000 weight per minute, 100 orders per 10 s, 200000 per day).
 */
final class BinanceLimits {
    record Config(int weightPerMinute, int ordersPer10s, int ordersPerDay, int strikesBeforeBan) {
        static final Config DEFAULT = new Config(6000, 100, 200_000, 5);
    }

    private static final long MINUTE = 60_000;
    private static final long TEN_SECONDS = 10_000;
    private static final long DAY = 86_400_000;
    private static final long FIRST_BAN = 2 * MINUTE;
    private static final long LONGEST_BAN = 3 * DAY;

    private final Config config;
    private final Map<String, IpState> ips = new HashMap<>();
    private final Map<String, OrderState> accounts = new HashMap<>();

    private static final class IpState {
        long minute = -1;
        int used;
        int strikes;
        long bannedUntil;
        int bans;
    }

    private static final class OrderState {
        long tenSecondWindow = -1;
        int inTenSeconds;
        long day = -1;
        int inDay;
    }

    BinanceLimits(Config config) {
        this.config = config;
    }

    Config config() {
        return config;
    }

    /**
     * Adds {@code weight} to the IP's minute and returns the IP's used weight, or throws the 429/418 Binance answers
     * with (the used weight is still returned through {@link BinanceError} callers via {@link #used}).
     */
    synchronized int charge(String ip, int weight, long nowMillis) {
        IpState s = ips.computeIfAbsent(ip, k -> new IpState());
        long minute = nowMillis / MINUTE;
        if (s.minute != minute) {
            s.minute = minute;
            s.used = 0;
        }
        s.used += weight;
        if (nowMillis < s.bannedUntil) {
            throw banned(s, nowMillis);
        }
        if (s.used > config.weightPerMinute()) {
            s.strikes++;
            if (s.strikes > config.strikesBeforeBan()) {
                long length = Math.min(LONGEST_BAN, FIRST_BAN << Math.min(s.bans, 20));
                s.bans++;
                s.strikes = 0;
                s.bannedUntil = nowMillis + length;
                throw banned(s, nowMillis);
            }
            long retry = Math.max(1, ((minute + 1) * MINUTE - nowMillis + 999) / 1000);
            throw BinanceErrors.weightExceeded(config.weightPerMinute(), retry);
        }
        return s.used;
    }

    private static BinanceError banned(IpState s, long nowMillis) {
        long retry = Math.max(1, (s.bannedUntil - nowMillis + 999) / 1000);
        return BinanceErrors.banned(s.bannedUntil, retry);
    }

    /** The IP's weight in the current minute. */
    synchronized int used(String ip, long nowMillis) {
        IpState s = ips.get(ip);
        return s == null || s.minute != nowMillis / MINUTE ? 0 : s.used;
    }

    /** Counts one new order of the account; returns {10s count, day count} or throws 429 -1015. */
    synchronized int[] order(String apiKey, long nowMillis) {
        OrderState s = accounts.computeIfAbsent(apiKey, k -> new OrderState());
        long window = nowMillis / TEN_SECONDS;
        if (s.tenSecondWindow != window) {
            s.tenSecondWindow = window;
            s.inTenSeconds = 0;
        }
        long day = nowMillis / DAY;
        if (s.day != day) {
            s.day = day;
            s.inDay = 0;
        }
        if (s.inTenSeconds >= config.ordersPer10s()) {
            long retry = Math.max(1, ((window + 1) * TEN_SECONDS - nowMillis + 999) / 1000);
            throw BinanceErrors.tooManyOrders(config.ordersPer10s() + " orders per 10 SECOND", retry);
        }
        if (s.inDay >= config.ordersPerDay()) {
            long retry = Math.max(1, ((day + 1) * DAY - nowMillis + 999) / 1000);
            throw BinanceErrors.tooManyOrders(config.ordersPerDay() + " orders per 1 DAY", retry);
        }
        s.inTenSeconds++;
        s.inDay++;
        return new int[] {s.inTenSeconds, s.inDay};
    }

    /** Takes back an order count when the order was refused before reaching the engine's book. */
    synchronized void unorder(String apiKey) {
        OrderState s = accounts.get(apiKey);
        if (s != null) {
            s.inTenSeconds = Math.max(0, s.inTenSeconds - 1);
            s.inDay = Math.max(0, s.inDay - 1);
        }
    }
}
