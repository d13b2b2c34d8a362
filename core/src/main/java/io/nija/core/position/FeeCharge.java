package io.nija.core.position;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.function.BiFunction;

/**
 * What one fill's fee does to a position. A fee in the quote asset costs its amount. A fee in the base asset
 * (Binance and Kraken may take a buy's fee from the coin bought) is taken out of the coins themselves: the position
 * holds that much less, and its value at the fill price is the cost. A fee in a third asset (BNB on Binance) is paid
 * from a balance the position does not hold: it costs its value in the quote asset when a price for it is known,
 * and nothing is added to the quote fees as if it were quote.
 *
 * @param quoteValue   the fee's cost in the quote asset (zero when a third asset cannot be valued)
 * @param baseQuantity the part of the fee paid in the base asset (zero otherwise)
 */
public record FeeCharge(BigDecimal quoteValue, BigDecimal baseQuantity) {

    /**
     * @param priceOf price of an asset in a quote asset (asset, quote), or null when none is known
     */
    public static FeeCharge of(Fill fill, Instrument instrument, BiFunction<String, String, BigDecimal> priceOf) {
        String asset = fill.feeAsset();
        String base = instrument.pair().base();
        String quote = instrument.pair().quote();
        if (fill.fee().signum() == 0 || asset == null || instrument.pair().isQuote(asset)) {
            return new FeeCharge(fill.fee(), BigDecimal.ZERO);
        }
        if (asset.equals(base)) {
            return new FeeCharge(fill.fee().multiply(fill.price()), fill.fee());
        }
        BigDecimal price = priceOf.apply(asset, quote);
        return new FeeCharge(price == null ? BigDecimal.ZERO : fill.fee().multiply(price), BigDecimal.ZERO);
    }

    /** The quantity the position moves by for a fill of {@code fillQty} on {@code side}, net of a base-asset fee. */
    public BigDecimal positionQuantity(Side side, BigDecimal fillQty) {
        return side == Side.BUY ? fillQty.subtract(baseQuantity) : fillQty.add(baseQuantity);
    }
}
