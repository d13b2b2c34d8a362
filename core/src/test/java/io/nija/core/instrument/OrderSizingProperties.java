package io.nija.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.testing.Cases;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * USD sizes become venue quantities in one place, rounding to the safe side. The expected values here are
 * computed independently of {@link OrderSizing}: the largest lot multiple n·lot with n·lot·price ≤ usd.
 */
class OrderSizingProperties {
    private static final Pair BTC_USD = new Pair("BTC", "USD");

    /** Lots from one unit to one satoshi, ticks from 1 to 0.0001, a minimum of 1..20 lots and 0..100 notional. */
    static Instrument instrument(Cases.Gen g) {
        BigDecimal lot = new BigDecimal(g.oneOf("1", "0.5", "0.25", "0.1", "0.005", "0.001", "0.00001", "0.00000001"));
        BigDecimal tick = new BigDecimal(g.oneOf("1", "0.5", "0.1", "0.05", "0.01", "0.0001"));
        int minLots = g.intBetween(1, 20);
        BigDecimal minNotional = new BigDecimal(g.oneOf("0", "1", "5", "10", "100"));
        return new Instrument("venue", BTC_USD, "BTCUSD", tick, lot, lot.multiply(BigDecimal.valueOf(minLots)), minNotional);
    }

    /** 0.01..1000000 USD in cents. */
    static BigDecimal usd(Cases.Gen g) {
        return g.decimalBetween(new BigDecimal("0.01"), new BigDecimal("1000000"), 2);
    }

    /** Half the time a tiny price (0.0001..10, 6 decimals), half the time a large one (10..200000, 2 decimals). */
    static BigDecimal price(Cases.Gen g) {
        return g.bool()
                ? g.decimalBetween(new BigDecimal("0.0001"), new BigDecimal("10"), 6)
                : g.decimalBetween(new BigDecimal("10"), new BigDecimal("200000"), 2);
    }

    /** -100000..100000 with 9 decimals. */
    static BigDecimal signedValue(Cases.Gen g) {
        return g.decimalBetween(new BigDecimal("-100000"), new BigDecimal("100000"), 9);
    }

    static BigDecimal step(Cases.Gen g) {
        return new BigDecimal(g.oneOf("100", "10", "1", "0.5", "0.25", "0.1", "0.05", "0.01", "0.001", "0.00001", "0.00000001"));
    }

    static LongStream seeds20250106() {
        return Cases.seeds(20250106, 1000);
    }

    static LongStream seeds20250107() {
        return Cases.seeds(20250107, 1000);
    }

    static LongStream seeds20250108() {
        return Cases.seeds(20250108, 1000);
    }

    static LongStream seeds20250109() {
        return Cases.seeds(20250109, 1000);
    }

    /** The largest multiple of the lot that the amount pays for at the price: computed without OrderSizing. */
    private static BigDecimal maxAffordable(Instrument i, BigDecimal usd, BigDecimal price) {
        BigDecimal lots = usd.divide(price.multiply(i.lotSize()), 0, RoundingMode.FLOOR);
        return lots.multiply(i.lotSize());
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds20250106")
    void quantityIsTheLargestLotMultipleThatNeverSpendsMoreThanTheSizeOrIsRejectedWithTheRightCode(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Instrument i = instrument(g);
        BigDecimal usd = usd(g);
        BigDecimal price = price(g);
        Cases.check(seed, "$" + usd + " at " + price + " on " + i, () -> largestAffordableLotMultipleOrRejection(i, usd, price));
    }

    private static void largestAffordableLotMultipleOrRejection(Instrument i, BigDecimal usd, BigDecimal price) {
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

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds20250107")
    void buyLimitPriceIsOnTheTickGridAtOrBelowTheProtectionPriceAndWithinOneTick(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Instrument i = instrument(g);
        BigDecimal protection = price(g);
        Cases.check(seed, protection + " on " + i, () -> {
            BigDecimal limit = OrderSizing.limitPrice(i, protection, true);
            assertThat(Decimals.isMultipleOf(limit, i.tickSize())).isTrue();
            assertThat(limit).isLessThanOrEqualTo(protection);
            assertThat(limit.add(i.tickSize())).isGreaterThan(protection);
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds20250108")
    void sellLimitPriceIsOnTheTickGridAtOrAboveTheProtectionPriceAndWithinOneTick(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Instrument i = instrument(g);
        BigDecimal protection = price(g);
        Cases.check(seed, protection + " on " + i, () -> {
            BigDecimal limit = OrderSizing.limitPrice(i, protection, false);
            assertThat(Decimals.isMultipleOf(limit, i.tickSize())).isTrue();
            assertThat(limit).isGreaterThanOrEqualTo(protection);
            assertThat(limit.subtract(i.tickSize())).isLessThan(protection);
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds20250109")
    void floorAndCeilToStepBracketTheValueWithinOneStep(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        BigDecimal value = signedValue(g);
        BigDecimal step = step(g);
        Cases.check(seed, value + " to a step of " + step, () -> floorAndCeilBracketTheValue(value, step));
    }

    private static void floorAndCeilBracketTheValue(BigDecimal value, BigDecimal step) {
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

    // --- examples -----------------------------------------------------------------------------------

    private static Instrument btc(String minQty, String minNotional) {
        return new Instrument("binance", BTC_USD, "BTCUSDT", new BigDecimal("0.01"), new BigDecimal("0.00001"),
                new BigDecimal(minQty), new BigDecimal(minNotional));
    }

    @Test
    void thousandDollarsAtFiftyThousandIsTwoHundredthsOfABitcoin() {
        assertThat(OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("1000"), new BigDecimal("50000")))
                .isEqualTo(new BigDecimal("0.02000"));
    }

    @Test
    void quantityIsRoundedDownNeverUp() {
        // 1000 / 30000 = 0.0333333...: the lot is 0.00001, so 0.03333 (spends 999.90) and never 0.03334.
        assertThat(OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("1000"), new BigDecimal("30000")))
                .isEqualTo(new BigDecimal("0.03333"));
    }

    @Test
    void sizeBelowTheMinimumQuantityIsRejectedAsBelowMinQuantity() {
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0.001", "0"), new BigDecimal("10"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_quantity"));
        // Less than one lot rounds to zero, which is below any minimum.
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0", "0"), new BigDecimal("0.1"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_quantity"));
    }

    @Test
    void sizeBelowTheMinimumNotionalIsRejectedAsBelowMinNotional() {
        assertThatThrownBy(() -> OrderSizing.quantityFor(btc("0.00001", "5"), new BigDecimal("4"), new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("below_min_notional"));
    }

    @Test
    void nonPositiveSizeOrMissingPriceIsRejected() {
        Instrument i = btc("0.00001", "5");
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, BigDecimal.ZERO, new BigDecimal("50000")))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("invalid_size"));
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, new BigDecimal("100"), null))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("no_price"));
        assertThatThrownBy(() -> OrderSizing.quantityFor(i, new BigDecimal("100"), BigDecimal.ZERO))
                .isInstanceOfSatisfying(SizingException.class, e -> assertThat(e.code()).isEqualTo("no_price"));
    }

    @Test
    void limitPricesRoundTowardTheSafeSide() {
        Instrument i = btc("0.00001", "5");
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("50100.009"), true)).isEqualTo(new BigDecimal("50100.00"));
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("49899.001"), false)).isEqualTo(new BigDecimal("49899.01"));
        assertThat(OrderSizing.limitPrice(i, new BigDecimal("50000"), true)).isEqualTo(new BigDecimal("50000.00"));
    }

    @Test
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
