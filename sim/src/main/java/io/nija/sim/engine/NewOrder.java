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
                       BigDecimal quoteQuantity, BigDecimal limitPrice, StopTrigger trigger) {
    /** An order without a trigger: it trades (or rests) as soon as it arrives. */
    public NewOrder(String symbol, String clientOrderId, Side side, OrderType type, BigDecimal quantity,
                    BigDecimal quoteQuantity, BigDecimal limitPrice) {
        this(symbol, clientOrderId, side, type, quantity, quoteQuantity, limitPrice, null);
    }

    public NewOrder {
        if (trigger != null && type != OrderType.LIMIT) {
            throw new IllegalArgumentException("a stop trigger carries a limit order");
        }
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

    /**
     * A stop or take-profit limit: waits off the book until the last trade reaches {@code trigger}, then rests at
     * {@code price} (GTC) like any limit order.
     */
    public static NewOrder stopLimit(String symbol, String clientOrderId, Side side, BigDecimal quantity,
                                     BigDecimal price, StopTrigger trigger) {
        return new NewOrder(symbol, clientOrderId, side, OrderType.LIMIT, quantity, null, price,
                java.util.Objects.requireNonNull(trigger, "trigger"));
    }

    boolean sizedInQuote() {
        return quoteQuantity != null;
    }
}
