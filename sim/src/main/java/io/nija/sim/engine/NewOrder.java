package io.nija.sim.engine;

import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order request in domain terms. LIMIT rests until filled or cancelled (GTC); IOC fills what it can at
 * once and expires the rest; MARKET takes liquidity at any price. A market order is sized either in base
 * ({@code quantity}) or in quote ({@code quoteQuantity}, the notional to spend or raise, fees excluded) —
 * the second form is what Binance quoteOrderQty, Coinbase quote_size, OKX tgtCcy=quote_ccy and Alpaca
 * notional send. {@code clientOrderId} may be null: the engine then assigns one, as exchanges do.
 */
public record NewOrder(String symbol, String clientOrderId, Side side, OrderType type, BigDecimal quantity,
                       BigDecimal quoteQuantity, BigDecimal limitPrice) {
    public NewOrder {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        if (clientOrderId != null && clientOrderId.isBlank()) {
            clientOrderId = null;
        }
    }

    public static NewOrder limit(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price) {
        return new NewOrder(symbol, clientOrderId, side, OrderType.LIMIT, quantity, null, price);
    }

    public static NewOrder ioc(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price) {
        return new NewOrder(symbol, clientOrderId, side, OrderType.IOC, quantity, null, price);
    }

    public static NewOrder market(String symbol, String clientOrderId, Side side, BigDecimal quantity) {
        return new NewOrder(symbol, clientOrderId, side, OrderType.MARKET, quantity, null, null);
    }

    /** A market order that spends (buy) or raises (sell) {@code quoteQuantity} of the quote asset. */
    public static NewOrder marketForQuote(String symbol, String clientOrderId, Side side, BigDecimal quoteQuantity) {
        return new NewOrder(symbol, clientOrderId, side, OrderType.MARKET, null, quoteQuantity, null);
    }

    boolean sizedInQuote() {
        return quoteQuantity != null;
    }
}
