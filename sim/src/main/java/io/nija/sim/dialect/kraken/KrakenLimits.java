package io.nija.sim.dialect.kraken;

import io.nija.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kraken's two limiters, counted per API key as Kraken does (spot-rest-ratelimits, spot-ratelimits):
 * <ul>
 *   <li>the REST call counter: every private call adds 1 (trade history and ledger queries add 2), the counter
 *       decays continuously by the tier's rate, and a call that would take it over the tier's maximum is refused
 *       with {@code EAPI:Rate limit exceeded}. AddOrder and CancelOrder do not count here;</li>
 *   <li>the trading-engine counter, per key and per pair: an add costs 1, a cancel costs more the younger the order
 *       (+8 under 5 s down to +1 under 300 s); over the tier's threshold: {@code EOrder:Rate limit exceeded}.</li>
 * </ul>
 * Also the tier's cap on open orders per pair ({@code EOrder:Orders limit exceeded}).
 */
final class KrakenLimits {
    /** Verification tiers: REST max and decay per second, trading threshold and decay, open orders per pair. */
    enum Tier {
        STARTER(15, 0.33, 60, 1.0, 60),
        INTERMEDIATE(20, 0.5, 125, 2.34, 80),
        PRO(20, 1.0, 180, 3.75, 225);

        final double restMax;
        final double restDecay;
        final double tradingMax;
        final double tradingDecay;
        final int maxOpenOrdersPerPair;

        Tier(double restMax, double restDecay, double tradingMax, double tradingDecay, int maxOpenOrdersPerPair) {
            this.restMax = restMax;
            this.restDecay = restDecay;
            this.tradingMax = tradingMax;
            this.tradingDecay = tradingDecay;
            this.maxOpenOrdersPerPair = maxOpenOrdersPerPair;
        }
    }

    private final Tier tier;
    private final Clock clock;
    private final Map<String, DecayingCounter> rest = new ConcurrentHashMap<>();
    private final Map<String, DecayingCounter> trading = new ConcurrentHashMap<>();

    KrakenLimits(Tier tier, Clock clock) {
        this.tier = tier;
        this.clock = clock;
    }

    Tier tier() {
        return tier;
    }

    /** Charges a private REST call; false (nothing charged) when it would exceed the counter's maximum. */
    boolean chargeRest(String apiKey, int cost) {
        return rest.computeIfAbsent(apiKey, k -> new DecayingCounter(tier.restMax, tier.restDecay))
                .tryAdd(cost, clock.now());
    }

    /** Charges a trading-engine transaction on one pair; false when it would exceed the threshold. */
    boolean chargeTrading(String apiKey, String pairKey, int cost) {
        return trading.computeIfAbsent(apiKey + "|" + pairKey,
                k -> new DecayingCounter(tier.tradingMax, tier.tradingDecay)).tryAdd(cost, clock.now());
    }

    /** Kraken's cancel cost by how long the order rested. */
    static int cancelCost(Duration age) {
        long s = age.toSeconds();
        if (s < 5) {
            return 8;
        }
        if (s < 10) {
            return 6;
        }
        if (s < 15) {
            return 5;
        }
        if (s < 45) {
            return 4;
        }
        if (s < 90) {
            return 2;
        }
        return s < 300 ? 1 : 0;
    }

    /** A counter that drains at {@code decayPerSecond} and refuses additions that would take it over {@code max}. */
    static final class DecayingCounter {
        private final double max;
        private final double decayPerSecond;
        private double value;
        private Instant last;

        DecayingCounter(double max, double decayPerSecond) {
            this.max = max;
            this.decayPerSecond = decayPerSecond;
        }

        synchronized boolean tryAdd(int cost, Instant now) {
            if (last != null && now.isAfter(last)) {
                double seconds = Duration.between(last, now).toNanos() / 1e9;
                value = Math.max(0, value - seconds * decayPerSecond);
            }
            if (last == null || now.isAfter(last)) {
                last = now;
            }
            if (value + cost > max + 1e-9) {
                return false;
            }
            value += cost;
            return true;
        }
    }
}
