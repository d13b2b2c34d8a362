package io.nija.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * USD sizes become venue quantities in one place, rounding to the safe side. The expected values here are
 * computed independently of {@link OrderSizing}: the largest lot multiple n·lot with n·lot·price ≤ usd.
 */
class OrderSizingProperties {
    private static final Pair BTC_USD = new Pair("BTC", "USD");

    @Provide
    Arbitrary<Instrument> instruments() {
        Arbitrary<BigDecimal> lot = Arbitraries.of("1", "0.5", "0.25", "0.1", "0.005", "0.001", "0.00001", "0.00000001")
                .map(BigDecimal::new);
        Arbitrary<BigDecimal> tick = Arbitraries.of("1", "0.5", "0.1", "0.05", "0.01", "0.0001").map(BigDecimal::new);
        Arbitrary<Integer> minLots = Arbitraries.integers().between(1, 20);
        Arbitrary<BigDecimal> minNotional = Arbitraries.of("0", "1", "5", "10", "100").map(BigDecimal::new);
        return Combinators.combine(lot, tick, minLots, minNotional).as((l, t, m, n) ->
                new Instrument("venue", BTC_USD, "BTCUSD", t, l, l.multiply(BigDecimal.valueOf(m)), n));
    }

    @Provide
    Arbitrary<BigDecimal> usd() {
        return Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("1000000")).ofScale(2);
    }

    @Provide
    Arbitrary<BigDecimal> prices() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("0.0001"), new BigDecimal("10")).ofScale(6),
                Arbitraries.bigDecimals().between(new BigDecimal("10"), new BigDecimal("200000")).ofScale(2));
    }

    /** The largest multiple of the lot that the amount pays for at the price: computed without OrderSizing. */
    private static BigDecimal maxAffordable(Instrument i, BigDecimal usd, BigDecimal price) {
        BigDecimal lots = usd.divide(price.multiply(i.lotSize()), 0, RoundingMode.FLOOR);
        return lots.multiply(i.lotSize());
    }

    @Property(seed = "20250106")
    void quantityIsTheLargestLotMultipleThatNeverSpendsMoreThanTheSizeOrIsRejectedWithTheRightCode(
            @ForAll("instruments") Instrument i, @ForAll("usd") BigDecimal usd, @ForAll("prices") BigDecimal price) {
        BigDecimal expected = maxAffordable(i, usd, price);
        boolean belowQty = expected.signum() == 0 || expected.compareTo(i.minQty()) < 0;
        boolean belowNotional = !belowQty && expected.multiply(price).compareTo(i.minNotional()) < 0;
        if (belowQty || belowNotional) {
            SizingException e = catchThrowableOfType(SizingException.class, () -> OrderSizing.quantityFor(i, usd, price));
            assertThat(e).as("rejection for $%s at %s", usd, price).isNotNull();
            assertThat(e.code()).isEqualTo(belowQty ? "below_min_quantity" : "below_min_notional");
            return;
        }
        BigDecimal qty = OrderSizing.quantityFor(i, usd, price);
        assertThat(qty).isEqualByComparingTo(expected);
        assertThat(Decimals.isMultipleOf(qty, i.lotSize())).as("lot multiple").isTrue();
        assertThat(qty.multiply(price)).as("spend").isLessThanOrEqualTo(usd);
        assertThat(qty.add(i.lotSize()).multiply(price)).as("one more lot overspends").isGreaterThan(usd);
        assertThat(qty).isGreaterThanOrEqualTo(i.minQty());
        assertThat(qty.multiply(price)).isGreaterThanOrEqualTo(i.minNotional());
        assertThat(qty.scale()).as("carries the lot's scale").isEqualTo(i.quantityScale());
    }

    @Property(seed = "20250107")
    void buyLimitPriceIsOnTheTickGridAtOrBelowTheProtectionPriceAndWithinOneTick(
            @ForAll("instruments") Instrument i, @ForAll("prices") BigDecimal protection) {
        BigDecimal limit = OrderSizing.limitPrice(i, protection, true);
        assertThat(Decimals.isMultipleOf(limit, i.tickSize())).isTrue();
        assertThat(limit).isLessThanOrEqualTo(protection);
        assertThat(limit.add(i.tickSize())).isGreaterThan(protection);
    }

    @Property(seed = "20250108")
    void sellLimitPriceIsOnTheTickGridAtOrAboveTheProtectionPriceAndWithinOneTick(
            @ForAll("instruments") Instrument i, @ForAll("prices") BigDecimal protection) {
        BigDecimal limit = OrderSizing.limitPrice(i, protection, false);
        assertThat(Decimals.isMultipleOf(limit, i.tickSize())).isTrue();
        assertThat(limit).isGreaterThanOrEqualTo(protection);
        assertThat(limit.subtract(i.tickSize())).isLessThan(protection);
    }

    @Property(seed = "20250109")
    void floorAndCeilToStepBracketTheValueWithinOneStep(
            @ForAll("signedValues") BigDecimal value,
            @ForAll("steps") BigDecimal step) {
        BigDecimal floor = Decimals.floorToStep(value, step);
        BigDecimal ceil = Decimals.ceilToStep(value, step);
        assertThat(Decimals.isMultipleOf(floor, step)).isTrue();
        assertThat(Decimals.isMultipleOf(ceil, step)).isTrue();
        assertThat(floor).isLessThanOrEqualTo(value);
        assertThat(floor.add(step)).isGreaterThan(value);
        assertThat(ceil).isGreaterThanOrEqualTo(value);
        assertThat(ceil.subtract(step)).isLessThan(value);
        if (Decimals.isMultipleOf(value, step)) {
            assertThat(floor).isEqualByComparingTo(value);
            assertThat(ceil).isEqualByComparingTo(value);
        } else {
            assertThat(ceil.subtract(floor)).isEqualByComparingTo(step);
        }
        assertThat(floor.scale()).isEqualTo(Math.max(0, step.stripTrailingZeros().scale()));
    }

    @Provide
    Arbitrary<BigDecimal> signedValues() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-100000"), new BigDecimal("100000")).ofScale(9);
    }

    @Provide
    Arbitrary<BigDecimal> steps() {
        return Arbitraries.of("100", "10", "1", "0.5", "0.25", "0.1", "0.05", "0.01", "0.001", "0.00001", "0.00000001")
                .map(BigDecimal::new);
    }

    // --- examples -----------------------------------------------------------------------------------

    private static Instrument btc(String minQty, String minNotional) {
        return new Instrument("binance", BTC_USD, "BTCUSDT", new BigDecimal("0.01"), new BigDecimal("0.00001"),
                new BigDecimal(minQty), new BigDecimal(minNotional));
    }

    @Example
    void thousandDollarsAtFiftyThousandIsTwoHundredthsOfABitcoin() {
        assertThat(OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("1000"), new BigDecimal("50000")))
                .isEqualTo(new BigDecimal("0.02000"));
    }

    @Example
    void quantityIsRoundedDownNeverUp() {
        // 1000 / 30000 = 0.0333333...: the lot is 0.00001, so 0.03333 (spends 999.90) and never 0.03334.
        assertThat(OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("1000"), new BigDecimal("30000")))
                .isEqualTo(new BigDecimal("0.03333"));
    }

    @Example
    void sizeBelowTheMinimumQuantityIsRejectedAsBelowMinQuantity() {
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0.001", "0"), new BigDecimal("10"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_quantity"));
        // Less than one lot rounds to zero, which is below any minimum.
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0", "0"), new BigDecimal("0.1"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_quantity"));
    }

    @Example
    void sizeBelowTheMinimumNotionalIsRejectedAsBelowMinNotional() {
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("4"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_notional"));
    }

    @Example
    void nonPositiveSizeOrMissingPriceIsRejected() {
        Instrument i = btc("0.00001", "5");
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, BigDecimal.ZERO, new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("invalid_size"));
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, new BigDecimal("100"), null))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("no_price"));
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, new BigDecimal("100"), BigDecimal.ZERO))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("no_price"));
    }

    @Example
    void limitPricesRoundTowardTheSafeSide() {
        Instrument i = btc("0.00001", "5");
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("50100.009"), true)).isEqualTo(new BigDecimal("50100.00"));
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("49899.001"), false)).isEqualTo(new BigDecimal("49899.01"));
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("50000"), true)).isEqualTo(new BigDecimal("50000.00"));
    }

    @Example
    void decimalsHelpersWorkOnExactValues() {
        assertThat(Decimals.floorToStep(new BigDecimal("0.123456"), new BigDecimal("0.001"))).isEqualTo(new BigDecimal("0.123"));
        assertThat(Decimals.ceilToStep(new BigDecimal("0.123456"), new BigDecimal("0.001"))).isEqualTo(new BigDecimal("0.124"));
        assertThat(Decimals.floorToStep(new BigDecimal("7.3"), new BigDecimal("0.5"))).isEqualTo(new BigDecimal("7.0"));
        assertThat(Decimals.ceilToStep(new BigDecimal("7.3"), new BigDecimal("0.5"))).isEqualTo(new BigDecimal("7.5"));
        assertThat(Decimals.floorToStep(new BigDecimal("-0.15"), new BigDecimal("0.1"))).isEqualTo(new BigDecimal("-0.2"));
        assertThat(Decimals.floorToStep(new BigDecimal("1234"), new BigDecimal("100"))).isEqualTo(new BigDecimal("1200"));
        assertThat(Decimals.plain(new BigDecimal("0.001250"))).isEqualTo("0.00125");
        assertThat(Decimals.plain(new BigDecimal("6.5E+4"))).isEqualTo("65000");
        assertThat(Decimals.plain(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(Decimals.plain(null)).isNull();
    }
}
