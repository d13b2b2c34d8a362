package io.nija.venues.kraken;

/**
 * Kraken's verification tiers set both limiters. REST call counter: max and decay per second (spot-rest-ratelimits).
 * Trading-engine counter per pair: threshold and decay per second (support article; Starter from Kraken's own CLI
 * notes). Starter is the default because it is the most conservative.
 */
public enum KrakenTier {
    STARTER(15, 0.33, 60, 1.0),
    INTERMEDIATE(20, 0.5, 125, 2.34),
    PRO(20, 1.0, 180, 3.75);

    final int restMax;
    final double restDecayPerSecond;
    final int tradingMax;
    final double tradingDecayPerSecond;

    KrakenTier(int restMax, double restDecayPerSecond, int tradingMax, double tradingDecayPerSecond) {
        this.restMax = restMax;
        this.restDecayPerSecond = restDecayPerSecond;
        this.tradingMax = tradingMax;
        this.tradingDecayPerSecond = tradingDecayPerSecond;
    }
}
