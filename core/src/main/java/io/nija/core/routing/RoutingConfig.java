package io.nija.core.routing;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Tunables of the router.
 *
 * @param liquidityMultiple  book depth within the band must be at least this multiple of the order (design: 2)
 * @param priceBand          fraction of the touch price that counts as "near" (0.01 = within 1 %)
 * @param twapThresholdUsd   orders above this are worked as TWAP (design: $10 000)
 * @param twapSlices         number of TWAP slices
 * @param twapInterval       time between TWAP slices
 * @param limitProtection    entries go out as limit orders at the touch ± this fraction, so they fill now
 *                           but never chase the book further
 * @param loadScale          queue depth at which the load score reaches zero (design: 100)
 * @param limitPriceBand     how far (fraction of the mid) a signal's own limit price may be from the book before it
 *                           is refused as a mistake ({@code limit_price_out_of_band}); 0.1 = 10 %
 * @param policy             how venues are compared: all-in price (default) or the design's weighted score
 * @param costs              what the price policy adds to a book walk, and when it splits an order
 */
public record RoutingConfig(RoutingWeights weights, BigDecimal liquidityMultiple, BigDecimal priceBand,
                            BigDecimal twapThresholdUsd, int twapSlices, Duration twapInterval,
                            BigDecimal limitProtection, int loadScale, BigDecimal limitPriceBand,
                            RoutingPolicy policy, CostModel costs) {
    public RoutingConfig(RoutingWeights weights, BigDecimal liquidityMultiple, BigDecimal priceBand,
                         BigDecimal twapThresholdUsd, int twapSlices, Duration twapInterval,
                         BigDecimal limitProtection, int loadScale) {
        this(weights, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval, limitProtection,
                loadScale, new BigDecimal("0.1"));
    }

    public RoutingConfig(RoutingWeights weights, BigDecimal liquidityMultiple, BigDecimal priceBand,
                         BigDecimal twapThresholdUsd, int twapSlices, Duration twapInterval,
                         BigDecimal limitProtection, int loadScale, BigDecimal limitPriceBand) {
        this(weights, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval, limitProtection,
                loadScale, limitPriceBand, RoutingPolicy.PRICE, CostModel.defaults());
    }

    /** Routing on price (the default policy). */
    public static RoutingConfig defaults() {
        return new RoutingConfig(RoutingWeights.defaults(), new BigDecimal("2"), new BigDecimal("0.01"),
                new BigDecimal("10000"), 5, Duration.ofSeconds(10), new BigDecimal("0.002"), 100, new BigDecimal("0.1"));
    }

    public RoutingConfig withPolicy(RoutingPolicy p) {
        return new RoutingConfig(weights, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval,
                limitProtection, loadScale, limitPriceBand, p, costs);
    }

    public RoutingConfig withCosts(CostModel c) {
        return new RoutingConfig(weights, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval,
                limitProtection, loadScale, limitPriceBand, policy, c);
    }

    public RoutingConfig withWeights(RoutingWeights w) {
        return new RoutingConfig(w, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval,
                limitProtection, loadScale, limitPriceBand, policy, costs);
    }

    public RoutingConfig withTwap(BigDecimal threshold, int slices, Duration interval) {
        return new RoutingConfig(weights, liquidityMultiple, priceBand, threshold, slices, interval,
                limitProtection, loadScale, limitPriceBand, policy, costs);
    }

    public RoutingConfig withLimitPriceBand(BigDecimal band) {
        return new RoutingConfig(weights, liquidityMultiple, priceBand, twapThresholdUsd, twapSlices, twapInterval,
                limitProtection, loadScale, band, policy, costs);
    }
}
