package io.nija.core.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.testing.Cases;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Average-cost positions: quantity, average cost, realized and unrealized PnL. */
class PositionProperties {
    private static final Pair BTC_USD = new Pair("BTC", "USD");
    private static final Pair ETH_USD = new Pair("ETH", "USD");

    record F(Side side, BigDecimal qty, BigDecimal price, BigDecimal fee) { }

    /** Up to 30 fills either side: 0.001..5 at 100..100000 (2 decimals) with a 0..10 fee (4 decimals). */
    static List<F> fills(Cases.Gen g) {
        return g.listOf(0, 30, x -> new F(x.oneOf(Side.class), BigDecimal.valueOf(x.intBetween(1, 5000), 3),
                x.decimalBetween(new BigDecimal("100"), new BigDecimal("100000"), 2),
                x.decimalBetween(BigDecimal.ZERO, new BigDecimal("10"), 4)));
    }

    static BigDecimal mark(Cases.Gen g) {
        return g.decimalBetween(new BigDecimal("100"), new BigDecimal("100000"), 2);
    }

    static LongStream seeds4001() {
        return Cases.seeds(4001, 1000);
    }

    static LongStream seeds4002() {
        return Cases.seeds(4002, 1000);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Position pos() {
        return new Position("u1", "binance", BTC_USD);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds4001")
    void quantityIsAlwaysTheSignedSumOfAppliedFills(long seed) {
        List<F> fills = fills(new Cases.Gen(seed));
        Cases.check(seed, fills, () -> {
            Position p = pos();
            BigDecimal sum = BigDecimal.ZERO;
            for (F f : fills) {
                p.apply(f.side(), f.qty(), f.price(), f.fee());
                sum = sum.add(f.side() == Side.BUY ? f.qty() : f.qty().negate());
                assertThat(p.quantity()).isEqualByComparingTo(sum);
                if (p.quantity().signum() == 0) {
                    assertThat(p.averageCost()).isEqualByComparingTo("0");
                } else {
                    assertThat(p.averageCost()).isPositive();
                }
            }
        });
    }

    /**
     * Realized plus unrealized PnL at any mark equals the cash the fills moved plus the open quantity valued at
     * the mark, minus fees. Average cost is kept to 18 decimals, so the two agree to far below a cent.
     */
    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds4002")
    void realizedPlusUnrealizedEqualsTheCashFlowOfTheFills(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        List<F> fills = fills(g);
        BigDecimal mark = mark(g);
        Cases.check(seed, "mark " + mark + ", fills " + fills, () -> {
            Position p = pos();
            BigDecimal cash = BigDecimal.ZERO;
            for (F f : fills) {
                p.apply(f.side(), f.qty(), f.price(), f.fee());
                BigDecimal value = f.qty().multiply(f.price());
                cash = cash.add(f.side() == Side.BUY ? value.negate() : value).subtract(f.fee());
            }
            BigDecimal expected = cash.add(p.quantity().multiply(mark));
            BigDecimal actual = p.realizedPnl().add(p.unrealizedPnl(mark));
            assertThat(actual.subtract(expected).abs()).isLessThan(d("0.000000001"));
        });
    }

    @Test
    void growingALongAveragesTheCost() {
        Position p = pos();
        p.apply(Side.BUY, d("1"), d("100"), BigDecimal.ZERO);
        p.apply(Side.BUY, d("3"), d("200"), BigDecimal.ZERO);
        assertThat(p.quantity()).isEqualByComparingTo("4");
        assertThat(p.averageCost()).isEqualByComparingTo("175");
        assertThat(p.realizedPnl()).isEqualByComparingTo("0");
    }

    @Test
    void reducingALongRealizesAgainstTheAverageAndKeepsTheAverage() {
        Position p = pos();
        p.apply(Side.BUY, d("2"), d("150"), BigDecimal.ZERO);
        p.apply(Side.SELL, d("0.5"), d("180"), BigDecimal.ZERO);
        assertThat(p.quantity()).isEqualByComparingTo("1.5");
        assertThat(p.averageCost()).isEqualByComparingTo("150");
        assertThat(p.realizedPnl()).isEqualByComparingTo("15");
    }

    @Test
    void closingALongRealizesEverythingAndResetsTheAverage() {
        Position p = pos();
        p.apply(Side.BUY, d("2"), d("150"), BigDecimal.ZERO);
        p.apply(Side.SELL, d("0.5"), d("180"), BigDecimal.ZERO);
        p.apply(Side.SELL, d("1.5"), d("140"), BigDecimal.ZERO);
        assertThat(p.quantity()).isEqualByComparingTo("0");
        assertThat(p.averageCost()).isEqualByComparingTo("0");
        assertThat(p.realizedPnl()).isEqualByComparingTo("0"); // +15 then -15
        assertThat(p.unrealizedPnl(d("999"))).isEqualByComparingTo("0");
    }

    @Test
    void flippingALongToAShortRealizesTheLongAndOpensTheShortAtTheFillPrice() {
        Position p = pos();
        p.apply(Side.BUY, d("1"), d("100"), BigDecimal.ZERO);
        p.apply(Side.SELL, d("3"), d("120"), BigDecimal.ZERO);
        assertThat(p.quantity()).isEqualByComparingTo("-2");
        assertThat(p.averageCost()).isEqualByComparingTo("120");
        assertThat(p.realizedPnl()).isEqualByComparingTo("20");
        // and back: covering the short below its cost is a gain
        p.apply(Side.BUY, d("3"), d("110"), BigDecimal.ZERO);
        assertThat(p.realizedPnl()).isEqualByComparingTo("40");
        assertThat(p.quantity()).isEqualByComparingTo("1");
        assertThat(p.averageCost()).isEqualByComparingTo("110");
    }

    @Test
    void aShortGainsWhenThePriceFalls() {
        Position p = pos();
        p.apply(Side.SELL, d("1"), d("100"), BigDecimal.ZERO);
        p.apply(Side.SELL, d("1"), d("80"), BigDecimal.ZERO);
        assertThat(p.quantity()).isEqualByComparingTo("-2");
        assertThat(p.averageCost()).isEqualByComparingTo("90");
        assertThat(p.unrealizedPnl(d("70"))).isEqualByComparingTo("40");
        assertThat(p.unrealizedPnl(d("95"))).isEqualByComparingTo("-10");
        assertThat(p.exposureUsd(d("70"))).isEqualByComparingTo("140");
        assertThat(p.exposureUsd(null)).isEqualByComparingTo("180");
    }

    @Test
    void feesReduceRealizedPnlWhenPaid() {
        Position p = pos();
        p.apply(Side.BUY, d("1"), d("100"), d("0.10"));
        assertThat(p.realizedPnl()).isEqualByComparingTo("-0.10");
        p.apply(Side.SELL, d("1"), d("110"), d("0.11"));
        assertThat(p.realizedPnl()).isEqualByComparingTo("9.79");
    }

    @Test
    void unrealizedPnlIsMeasuredAtTheMarkAndZeroWithoutOne() {
        Position p = pos();
        p.apply(Side.BUY, d("2"), d("150"), BigDecimal.ZERO);
        assertThat(p.unrealizedPnl(d("160"))).isEqualByComparingTo("20");
        assertThat(p.unrealizedPnl(d("140"))).isEqualByComparingTo("-20");
        assertThat(p.unrealizedPnl(null)).isEqualByComparingTo("0");
        assertThat(pos().unrealizedPnl(d("160"))).isEqualByComparingTo("0");
    }

    @Test
    void averageCostOfAThirdIsKeptToEighteenDecimals() {
        Position p = pos();
        p.apply(Side.BUY, d("1"), d("1"), BigDecimal.ZERO);
        p.apply(Side.BUY, d("2"), d("0"), BigDecimal.ZERO);
        assertThat(p.averageCost()).isEqualTo(d("0.333333333333333333"));
    }

    @Test
    void restoreKeepsEveryField() {
        Position p = Position.restore("u1", "kraken", BTC_USD, d("-1.5"), d("123.45"), d("-7"));
        assertThat(p.quantity()).isEqualByComparingTo("-1.5");
        assertThat(p.averageCost()).isEqualByComparingTo("123.45");
        assertThat(p.realizedPnl()).isEqualByComparingTo("-7");
        assertThat(p.venue()).isEqualTo("kraken");
    }

    @Test
    void bookSumsExposureAcrossVenuesAndCountsOpenPairsOnce() {
        PositionBook book = new PositionBook("u1");
        book.get("binance", BTC_USD).apply(Side.BUY, d("1"), d("100"), d("1"));
        book.get("kraken", BTC_USD).apply(Side.SELL, d("2"), d("110"), d("2"));
        book.get("kraken", ETH_USD).apply(Side.BUY, d("1"), d("10"), BigDecimal.ZERO);
        book.get("okx", ETH_USD); // touched but flat
        assertThat(book.exposureUsd(BTC_USD)).isEqualByComparingTo("320");
        assertThat(book.openPositionCount()).isEqualTo(2);
        assertThat(book.realizedPnl()).isEqualByComparingTo("-3");
        assertThat(book.all()).hasSize(4);
        assertThat(book.get("binance", BTC_USD)).isSameAs(book.get("binance", BTC_USD));
        book.put(Position.restore("u1", "binance", BTC_USD, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
        assertThat(book.exposureUsd(BTC_USD)).isEqualByComparingTo("220");
    }
}
