package io.nija.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.testing.Cases;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random order flow from a few accounts with little money (so rejections happen) against each other and a
 * house maker: no trader's balance may ever go negative, locks must match open orders, and every asset must
 * be conserved across traders, the house and the venue's fee ledger.
 */
class BalanceConservationProperties {
    private static final String SYMBOL = "COINUSDT";
    private static final Instrument COIN = new Instrument("propex", new Pair("COIN", "USD"), SYMBOL,
            new BigDecimal("0.01"), new BigDecimal("0.001"), new BigDecimal("0.001"), new BigDecimal("1"));
    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final BigDecimal START_QUOTE = new BigDecimal("500");
    private static final BigDecimal START_BASE = new BigDecimal("5");

    enum Kind { LIMIT, IOC, MARKET, MARKET_QUOTE, CANCEL }

    /**
     * {@code allInPermille} 0 sizes by {@code lots}/{@code quote}; 990..1000 sizes the order to that share of
     * everything the account holds — the edge where a forgotten fee or a rounding error would overdraw it.
     */
    record Action(int account, Kind kind, Side side, int lots, int ticksFromMid, int quote, int allInPermille) {
    }

    /** Three in four actions sized by lots/quote, one in four all-in at 990..1000 permille. */
    static Action action(Cases.Gen g) {
        return new Action(g.intBetween(0, ACCOUNTS.size() - 1), g.oneOf(Kind.class), g.oneOf(Side.class),
                g.intBetween(10, 1500), g.intBetween(-300, 300), g.intBetween(1, 400),
                g.weighted(3, 1) == 0 ? 0 : g.intBetween(990, 1000));
    }

    /** 10..80 actions, with or without the house maker. */
    record Flow(boolean withHouse, List<Action> actions) {
        static Flow of(long seed) {
            Cases.Gen g = new Cases.Gen(seed);
            return new Flow(g.bool(), g.listOf(10, 80, BalanceConservationProperties::action));
        }
    }

    /** What a flow did, for the coverage check. */
    record Outcome(boolean traded, boolean rested) { }

    private static final int FLOWS = 500;

    static LongStream flowSeeds() {
        return Cases.seeds(9001, FLOWS);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("flowSeeds")
    void randomOrderFlowNeverMakesABalanceNegativeAndConservesEveryAsset(long seed) {
        Flow flow = Flow.of(seed);
        Cases.check(seed, flow, () -> run(flow));
    }

    /** The property above must not pass vacuously: most of its flows have to trade. */
    @Test
    void mostRandomOrderFlowsTradeSoConservationIsNotCheckedVacuously() {
        int traded = 0;
        int rested = 0;
        for (long seed : flowSeeds().toArray()) {
            Flow flow = Flow.of(seed);
            Outcome[] outcome = new Outcome[1];
            Cases.check(seed, flow, () -> outcome[0] = run(flow));
            traded += outcome[0].traded() ? 1 : 0;
            rested += outcome[0].rested() ? 1 : 0;
        }
        assertThat(100.0 * traded / FLOWS).as("%% of %d flows that traded (%d had an order rest)", FLOWS, rested)
                .isGreaterThan(85);
    }

    private static Outcome run(Flow flow) {
        List<Action> actions = flow.actions();
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
        LiquidityProfile liquidity = flow.withHouse() ? new LiquidityProfile(new BigDecimal("100"), new BigDecimal("5"),
                new BigDecimal("5"), 6, new BigDecimal("300"), new BigDecimal("0.8")) : null;
        // Rates with more decimals than price x quantity, so fees always need rounding.
        MatchingEngine engine = new MatchingEngine("propex", new FeeSchedule(new BigDecimal("0.00075"), new BigDecimal("0.00225")),
                IdStyle.NUMERIC, List.of(new Listing(COIN, "USDT", liquidity)), clock, 3);
        for (String key : ACCOUNTS) {
            engine.openAccount(key, key, null, Map.of("USDT", START_QUOTE, "COIN", START_BASE));
        }
        // Uneven rates so fee rounding differs between the two sides of a trade.
        engine.setFees("c", new FeeSchedule(new BigDecimal("0.0016"), new BigDecimal("0.0026")));

        for (Action action : actions) {
            apply(engine, action);
            assertNoTraderIsNegative(engine);
        }
        assertConserved(engine);
        boolean traded = engine.collectedFees().values().stream().anyMatch(f -> f.signum() > 0);
        boolean rested = engine.acceptedOrders().stream().anyMatch(o -> o.type() == OrderType.LIMIT);
        for (String key : ACCOUNTS) {
            engine.openOrders(key).forEach(o -> engine.cancel(key, o.clientOrderId()));
            Map<String, Balance> balances = engine.balances(key);
            balances.values().forEach(b -> assertThat(b.locked()).as(key + " " + b.asset() + " locked with no open order").isZero());
        }
        assertConserved(engine);
        for (OrderView order : engine.acceptedOrders()) {
            BigDecimal fillSum = order.fills().stream().map(AccountFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(fillSum).isEqualByComparingTo(order.filledQty());
            if (order.quantity() != null) {
                assertThat(order.filledQty()).isLessThanOrEqualTo(order.quantity());
            }
        }
        return new Outcome(traded, rested);
    }

    private static void apply(MatchingEngine engine, Action a) {
        String key = ACCOUNTS.get(a.account());
        BigDecimal price = new BigDecimal("100").add(new BigDecimal(a.ticksFromMid()).movePointLeft(2));
        BigDecimal qty = new BigDecimal(a.lots()).movePointLeft(3);
        BigDecimal quote = new BigDecimal(a.quote());
        if (a.allInPermille() > 0) {
            BigDecimal share = new BigDecimal(a.allInPermille()).movePointLeft(3);
            Map<String, Balance> b = engine.balances(key);
            BigDecimal freeQuote = b.get("USDT").available().multiply(share);
            BigDecimal freeBase = b.get("COIN").available().multiply(share);
            BigDecimal touch = engine.book(SYMBOL, 1).touch(a.side());
            BigDecimal valuation = a.kind() == Kind.MARKET && touch != null ? touch : price;
            qty = a.side() == Side.BUY ? freeQuote.divide(valuation, 3, java.math.RoundingMode.DOWN)
                    : freeBase.setScale(3, java.math.RoundingMode.DOWN);
            quote = a.side() == Side.BUY ? freeQuote.setScale(2, java.math.RoundingMode.DOWN)
                    : freeBase.multiply(valuation).setScale(2, java.math.RoundingMode.DOWN);
            if (qty.signum() == 0 || quote.signum() == 0) {
                return;
            }
        }
        try {
            switch (a.kind()) {
                case LIMIT -> engine.place(key, NewOrder.limit(SYMBOL, null, a.side(), qty, price));
                case IOC -> engine.place(key, NewOrder.ioc(SYMBOL, null, a.side(), qty, price));
                case MARKET -> engine.place(key, NewOrder.market(SYMBOL, null, a.side(), qty));
                case MARKET_QUOTE -> engine.place(key, NewOrder.marketForQuote(SYMBOL, null, a.side(), quote));
                case CANCEL -> engine.openOrders(key).stream().findFirst().ifPresent(o -> engine.cancel(key, o.clientOrderId()));
            }
        } catch (VenueException e) {
            // Rejections (funds, minimums) are part of the flow; only the user-side kinds may happen.
            assertThat(e.kind().isUserSide()).as(e.getMessage()).isTrue();
        }
    }

    private static void assertNoTraderIsNegative(MatchingEngine engine) {
        for (String key : ACCOUNTS) {
            for (Balance b : engine.balances(key).values()) {
                assertThat(b.available()).as(key + " available " + b.asset()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(b.locked()).as(key + " locked " + b.asset()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            }
        }
    }

    private static void assertConserved(MatchingEngine engine) {
        Map<String, BigDecimal> total = new TreeMap<>();
        for (String key : ACCOUNTS) {
            engine.balances(key).values().forEach(b -> total.merge(b.asset(), b.total(), BigDecimal::add));
        }
        engine.houseBalances().values().forEach(b -> total.merge(b.asset(), b.total(), BigDecimal::add));
        engine.collectedFees().forEach((asset, fee) -> total.merge(asset, fee, BigDecimal::add));
        BigDecimal n = BigDecimal.valueOf(ACCOUNTS.size());
        assertThat(total.get("USDT")).isEqualByComparingTo(START_QUOTE.multiply(n));
        assertThat(total.get("COIN")).isEqualByComparingTo(START_BASE.multiply(n));
    }
}
