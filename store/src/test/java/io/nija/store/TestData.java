package io.nija.store;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test objects built through the core domain API, with ids unique per JVM run. */
final class TestData {
    static final Pair BTC_USD = Pair.parse("BTC-USD");
    static final Instrument BINANCE_BTC = new Instrument("binance", BTC_USD, "BTCUSDT", new BigDecimal("0.01"),
            new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5"));
    static final Instrument KRAKEN_BTC = new Instrument("kraken", BTC_USD, "XBT/USD", new BigDecimal("0.1"),
            new BigDecimal("0.00000001"), new BigDecimal("0.0001"), new BigDecimal("0.5"));
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong COUNTER = new AtomicLong();

    private TestData() {
    }

    /** A fresh id with the given prefix, never repeated in this run nor (practically) across runs. */
    static String id(String prefix) {
        return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }

    static User user(String userId) {
        return new User(userId, Role.USER, UserLimits.defaults(), T0);
    }

    static TradeSignal signal(String signalId, String userId, String key, Instant at) {
        return new TradeSignal(signalId, userId, BTC_USD, Side.BUY, new BigDecimal("1500.25"), SignalType.ENTRY,
                "trend_v2", at, key);
    }

    /** A new order as intake creates it: pending, no legs. */
    static Order pendingOrder(String orderId, String signalId, String userId, Instant createdAt) {
        return new Order(orderId, signalId, userId, BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("1500.25"),
                createdAt);
    }

    static Order pendingOrder(String orderId, String signalId, String userId, Instant createdAt, String strategy) {
        return new Order(orderId, signalId, userId, BTC_USD, Side.BUY, SignalType.ENTRY, new BigDecimal("1500.25"),
                createdAt, strategy);
    }

    /**
     * An order split over two venues: a binance limit leg filled in two fills (one fee in the base asset),
     * a kraken IOC leg still queued with a not-before time. The order is partially filled.
     */
    static Order partiallyFilledOrder(String userId, Instant createdAt) {
        String orderId = id("ord");
        Order order = pendingOrder(orderId, id("sig"), userId, createdAt);
        order.moveTo(OrderStatus.ROUTING, createdAt.plusMillis(1), null);
        OrderLeg binance = new OrderLeg(id("leg"), 0, BINANCE_BTC, OrderType.LIMIT, new BigDecimal("0.01500"),
                new BigDecimal("65000.50"), null, ClientOrderIds.forLeg("binance", orderId, 0, 0));
        OrderLeg kraken = new OrderLeg(id("leg"), 1, KRAKEN_BTC, OrderType.IOC, new BigDecimal("0.00800000"),
                new BigDecimal("65010.1"), createdAt.plusSeconds(30), ClientOrderIds.forLeg("kraken", orderId, 1, 0));
        order.routed(ExecutionMethod.LIMIT, "split: binance depth 0.015, kraken rest; fees 0.1%/0.26%",
                List.of(binance, kraken));
        order.moveTo(OrderStatus.QUEUED, createdAt.plusMillis(2), "queued on 2 venues");
        order.moveTo(OrderStatus.EXECUTING, createdAt.plusMillis(3), null);
        binance.moveTo(OrderStatus.EXECUTING, null);
        binance.venueOrderId("bn-" + orderId);
        binance.applyFill(new Fill(id("fill"), "binance", new BigDecimal("0.01000"), new BigDecimal("65000.50"),
                new BigDecimal("0.650005"), "USD", Liquidity.MAKER, createdAt.plusMillis(40)));
        binance.moveTo(OrderStatus.PARTIAL_FILL, "1 of 2 fills");
        binance.applyFill(new Fill(id("fill"), "binance", new BigDecimal("0.00500"), new BigDecimal("64999.99"),
                new BigDecimal("0.000005"), "BTC", Liquidity.TAKER, createdAt.plusMillis(55)));
        binance.moveTo(OrderStatus.FILLED, "filled");
        order.moveTo(OrderStatus.PARTIAL_FILL, createdAt.plusMillis(60), "binance leg filled, kraken leg waiting");
        return order;
    }

    static Order rejectedOrder(String userId, Instant createdAt) {
        Order order = pendingOrder(id("ord"), id("sig"), userId, createdAt);
        order.reject("max_order_usd", "size 1500.25 exceeds max_order_usd 1000", createdAt.plusMillis(1));
        return order;
    }
}
