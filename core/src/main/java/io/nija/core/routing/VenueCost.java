package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one venue is expected to cost for one quantity, in basis points of the arrival mid, all in: the book walked
 * (with what the book cannot fill within the order's limit priced at the limit), the taker fee, and the expected
 * costs of a failed send, of the time in flight and of a part left resting.
 */
public record VenueCost(String venue, BigDecimal quantity, BigDecimal averagePrice, BigDecimal feeRate,
                        BigDecimal priceBps, BigDecimal feeBps, BigDecimal failureBps, BigDecimal latencyBps,
                        BigDecimal restingBps) {
    public BigDecimal totalBps() {
        return priceBps.add(feeBps).add(failureBps).add(latencyBps).add(restingBps);
    }

    /** The total at the precision venues are compared at: closer than 0.01 bps is a tie. */
    public BigDecimal comparable() {
        return totalBps().setScale(2, RoundingMode.HALF_EVEN);
    }

    public String describe() {
        return venue + " " + bps(totalBps()) + " bps [avg " + (averagePrice == null ? "-"
                : Decimals.plain(averagePrice.round(new java.math.MathContext(10))))
                + " (" + bps(priceBps) + " bps), fee " + bps(feeBps) + ", failure " + bps(failureBps)
                + ", latency " + bps(latencyBps) + (restingBps.signum() > 0 ? ", resting " + bps(restingBps) : "") + "]";
    }

    static String bps(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
