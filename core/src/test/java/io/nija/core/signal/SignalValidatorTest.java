package io.nija.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Pair;
import io.nija.core.time.ManualClock;
import io.nija.core.user.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalValidatorTest {
    static final Instant NOW = Instant.parse("2025-01-06T12:00:00Z");
    final ManualClock clock = new ManualClock(NOW);
    final Ids ids = new Ids(clock, 1);
    final SignalValidator validator = new SignalValidator(() -> Set.of(new Pair("BTC", "USD"), new Pair("ETH", "USD")));

    static SignalRequest valid() {
        return new SignalRequest("user-1", "BTC-USD", "buy", "1000", "entry", "trend.v2", "key-1");
    }

    static SignalRequest with(String field, String value) {
        SignalRequest v = valid();
        return switch (field) {
            case "user" -> new SignalRequest(value, v.pair(), v.side(), v.sizeUsd(), v.signalType(), v.strategy(), v.idempotencyKey());
            case "pair" -> new SignalRequest(v.userId(), value, v.side(), v.sizeUsd(), v.signalType(), v.strategy(), v.idempotencyKey());
            case "side" -> new SignalRequest(v.userId(), v.pair(), value, v.sizeUsd(), v.signalType(), v.strategy(), v.idempotencyKey());
            case "size" -> new SignalRequest(v.userId(), v.pair(), v.side(), value, v.signalType(), v.strategy(), v.idempotencyKey());
            case "type" -> new SignalRequest(v.userId(), v.pair(), v.side(), v.sizeUsd(), value, v.strategy(), v.idempotencyKey());
            case "strategy" -> new SignalRequest(v.userId(), v.pair(), v.side(), v.sizeUsd(), v.signalType(), value, v.idempotencyKey());
            case "key" -> new SignalRequest(v.userId(), v.pair(), v.side(), v.sizeUsd(), v.signalType(), v.strategy(), value);
            default -> throw new IllegalArgumentException(field);
        };
    }

    static Stream<Arguments> badInputs() {
        String s65 = "a".repeat(65);
        return Stream.of(
                Arguments.of("user", null, "missing_user"),
                Arguments.of("user", "", "missing_user"),
                Arguments.of("user", "   ", "missing_user"),
                Arguments.of("user", "-starts-with-dash", "invalid_user_id"),
                Arguments.of("user", "has space", "invalid_user_id"),
                Arguments.of("user", "ünïcode", "invalid_user_id"),
                Arguments.of("user", s65, "invalid_user_id"),
                Arguments.of("user", "a/b", "invalid_user_id"),
                Arguments.of("pair", null, "invalid_pair"),
                Arguments.of("pair", "", "invalid_pair"),
                Arguments.of("pair", "BTCXYZ", "invalid_pair"),
                Arguments.of("pair", "EXCHANGE:", "invalid_pair"),
                Arguments.of("pair", "BTC-", "invalid_pair"),
                Arguments.of("pair", "B-USD", "invalid_pair"),
                Arguments.of("pair", "BTC-USD-X", "invalid_pair"),
                Arguments.of("pair", "BT$-USD", "invalid_pair"),
                Arguments.of("pair", "DOGE-USD", "unknown_pair"),
                Arguments.of("pair", "BTC-EUR", "unknown_pair"),
                Arguments.of("size", null, "invalid_size"),
                Arguments.of("size", "", "invalid_size"),
                Arguments.of("size", "abc", "invalid_size"),
                Arguments.of("size", "NaN", "invalid_size"),
                Arguments.of("size", "Infinity", "invalid_size"),
                Arguments.of("size", "-Infinity", "invalid_size"),
                Arguments.of("size", "1,000", "invalid_size"),
                Arguments.of("size", "0x10", "invalid_size"),
                Arguments.of("size", "-5", "invalid_size"),
                Arguments.of("size", "0", "invalid_size"),
                Arguments.of("size", "0.00", "invalid_size"),
                Arguments.of("size", "-0", "invalid_size"),
                Arguments.of("size", "0.000000001", "invalid_size"),
                Arguments.of("size", "10.123456789", "invalid_size"),
                Arguments.of("size", "1e-400", "invalid_size"),
                Arguments.of("size", "100000000.01", "size_too_large"),
                Arguments.of("size", "1e400", "size_too_large"),
                Arguments.of("side", null, "invalid_side"),
                Arguments.of("side", "hold", "invalid_side"),
                Arguments.of("side", "", "invalid_side"),
                Arguments.of("type", null, "invalid_signal_type"),
                Arguments.of("type", "scalp", "invalid_signal_type"),
                Arguments.of("type", "stop-loss", "invalid_signal_type"),
                Arguments.of("strategy", "has space", "invalid_strategy"),
                Arguments.of("strategy", s65, "invalid_strategy"),
                Arguments.of("strategy", "emoji☃", "invalid_strategy"),
                Arguments.of("key", "", "invalid_idempotency_key"),
                Arguments.of("key", "with space", "invalid_idempotency_key"),
                Arguments.of("key", "tab\t", "invalid_idempotency_key"),
                Arguments.of("key", "é", "invalid_idempotency_key"),
                Arguments.of("key", "k".repeat(129), "invalid_idempotency_key"));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @MethodSource("badInputs")
    void everyBadInputIsRejectedWithItsOwnCode(String field, String value, String code) {
        assertThatThrownBy(() -> validator.validate(with(field, value), ids, NOW))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void theFirstProblemIsTheOneReported() {
        SignalRequest allBad = new SignalRequest(null, "nope", "hold", "abc", "scalp", "bad space", "");
        assertThatThrownBy(() -> validator.validate(allBad, ids, NOW))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("missing_user"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC-USD", "btc-usd", "BTCUSDT", "btcusdt", "BINANCE:BTCUSDT", "BTCUSD", "XBT/USD", "BTC_USDC"})
    void everyTickerFormTheWebhookReadsIsReadForADirectSignalToo(String written) {
        assertThat(validator.validate(with("pair", written), ids, NOW).pair()).isEqualTo(new Pair("BTC", "USD"));
    }

    @Test
    void anUnknownPairIsRefusedNamingThePairsThatCanBeTraded() {
        assertThatThrownBy(() -> validator.validate(with("pair", "DOGE-USD"), ids, NOW))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_pair");
                    assertThat(e.getMessage()).isEqualTo("no configured venue trades DOGE-USD; known pairs: BTC-USD, ETH-USD");
                });
    }

    @Test
    void aValidRequestBecomesATradeSignal() {
        TradeSignal s = validator.validate(valid(), ids, NOW);
        assertThat(s.userId()).isEqualTo("user-1");
        assertThat(s.pair()).isEqualTo(new Pair("BTC", "USD"));
        assertThat(s.side()).isEqualTo(Side.BUY);
        assertThat(s.sizeUsd()).isEqualTo(new BigDecimal("1000"));
        assertThat(s.signalType()).isEqualTo(SignalType.ENTRY);
        assertThat(s.strategy()).isEqualTo("trend.v2");
        assertThat(s.idempotencyKey()).isEqualTo("key-1");
        assertThat(s.timestamp()).isEqualTo(NOW);
        assertThat(s.signalId()).startsWith("sig_");
        assertThat(s.priority()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "1000.50,     1000.5",
        "1E+3,        1000",
        "+25,         25",
        "' 42 ',      42",
        "0.00000001,  0.00000001",
        "100000000,   100000000",
        "1.10000000000, 1.1",
    })
    void sizesAreNormalisedToTheirPlainValue(String in, String expected) {
        BigDecimal size = validator.validate(with("size", in), ids, NOW).sizeUsd();
        assertThat(size).isEqualTo(new BigDecimal(expected));
        assertThat(size.scale()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void lenientFormsOfPairSideTypeAreAccepted() {
        TradeSignal s = validator.validate(new SignalRequest("u_1.x", " btc-usdt ", " SELL ", "10", "STOP_LOSS", null, null),
                ids, NOW);
        assertThat(s.pair()).isEqualTo(new Pair("BTC", "USD"));
        assertThat(s.side()).isEqualTo(Side.SELL);
        assertThat(s.signalType()).isEqualTo(SignalType.STOP_LOSS);
        assertThat(s.strategy()).isEqualTo("manual");
        assertThat(s.idempotencyKey()).isNull();
        assertThat(validator.validate(with("strategy", "   "), ids, NOW).strategy()).isEqualTo("manual");
        assertThat(validator.validate(with("pair", "eth-usdc"), ids, NOW).pair()).isEqualTo(new Pair("ETH", "USD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"entry", "exit", "profit_take", "stop_loss"})
    void everySignalTypeParsesAndHasTheDesignPriority(String wire) {
        SignalType t = SignalType.parse(wire);
        assertThat(t.wire()).isEqualTo(wire);
        assertThat(t.priority()).isEqualTo(switch (wire) {
            case "stop_loss" -> 1;
            case "exit" -> 2;
            case "entry" -> 3;
            default -> 4;
        });
    }

    @Test
    void theTradablePairsAreAskedOnEveryCall() {
        java.util.concurrent.atomic.AtomicReference<Set<Pair>> pairs = new java.util.concurrent.atomic.AtomicReference<>(Set.of());
        SignalValidator v = new SignalValidator(pairs::get);
        assertThatThrownBy(() -> v.validate(valid(), ids, NOW)).isInstanceOfSatisfying(SignalRejectedException.class,
                e -> assertThat(e.code()).isEqualTo("unknown_pair"));
        pairs.set(Set.of(new Pair("BTC", "USD")));
        assertThat(v.validate(valid(), ids, NOW).pair()).isEqualTo(new Pair("BTC", "USD"));
    }

    @Test
    void userIdsAtTheLengthLimitAreAccepted() {
        UnaryOperator<String> validate = SignalValidator::validUserId;
        assertThat(validate.apply("a".repeat(64))).hasSize(64);
        assertThat(validate.apply("0")).isEqualTo("0");
        assertThat(validator.validate(with("key", "k".repeat(128)), ids, NOW).idempotencyKey()).hasSize(128);
    }
}
