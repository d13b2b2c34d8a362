package io.nija.core.signal;

import io.nija.core.instrument.Pair;
import io.nija.core.instrument.SymbolMapping;
import io.nija.core.user.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns outside input into a {@link TradeSignal} or a {@link SignalRejectedException} whose code names the
 * first problem: missing_user, invalid_user_id, invalid_pair, unknown_pair, invalid_size, size_too_large,
 * invalid_side, invalid_signal_type, invalid_strategy, invalid_idempotency_key, invalid_close_all,
 * invalid_signal_time, invalid_limit_price, invalid_time_in_force, invalid_take_profit, invalid_stop_loss,
 * invalid_bracket. How old a signal may be is the user's limit, checked at admission (RiskCheck).
 */
public final class SignalValidator {
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern STRATEGY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final BigDecimal MAX_SIZE_USD = new BigDecimal("100000000");
    private static final int MAX_SIZE_DECIMALS = 8;

    private final Supplier<Set<Pair>> tradablePairs;

    /** @param tradablePairs the canonical pairs at least one configured venue lists (asked on every call) */
    public SignalValidator(Supplier<Set<Pair>> tradablePairs) {
        this.tradablePairs = tradablePairs;
    }

    public TradeSignal validate(SignalRequest in, Ids ids, Instant now) {
        String userId = validUserId(in.userId());
        Pair pair = validPair(in.pair());
        Side side = Side.parse(in.side());
        BigDecimal size = validSize(in.sizeUsd());
        SignalType type = SignalType.parse(in.signalType());
        String strategy = in.strategy() == null || in.strategy().isBlank() ? "manual" : in.strategy().trim();
        if (!STRATEGY.matcher(strategy).matches()) {
            throw new SignalRejectedException("invalid_strategy", "strategy must be 1-64 letters, digits or _.:-");
        }
        String key = in.idempotencyKey();
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new SignalRejectedException("invalid_idempotency_key", "idempotency_key must be 1-128 printable ASCII characters");
        }
        boolean closeAll = Boolean.TRUE.equals(in.closeAll());
        if (closeAll && !type.reducesPosition()) {
            throw new SignalRejectedException("invalid_close_all", "close_all is only for exit, profit_take and stop_loss");
        }
        EntryTerms terms = EntryTermsParser.parse(in, side, type);
        return new TradeSignal(ids.next("sig"), userId, pair, side, size, type, strategy, now, key, closeAll,
                signalTime(in.signalTime()), terms);
    }

    /** ISO-8601 with an offset (2025-01-06T12:00:00Z, 2025-01-06T13:00:00+01:00), or null when absent. */
    public static Instant signalTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new SignalRejectedException("invalid_signal_time",
                    "signal_time must be an ISO-8601 time with an offset, such as 2025-01-06T12:00:00Z");
        }
    }

    public static String validUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new SignalRejectedException("missing_user", "user_id is required");
        }
        if (!USER_ID.matcher(userId).matches()) {
            throw new SignalRejectedException("invalid_user_id", "user_id must be 1-64 letters, digits or _.- and start with a letter or digit");
        }
        return userId;
    }

    /**
     * The same reading as the TradingView webhook's ticker (BTC-USD, btcusdt, BINANCE:BTCUSDT, XBT/USD), so a pair
     * that works in an alert works in a direct signal too.
     */
    private Pair validPair(String text) {
        if (text == null || text.isBlank()) {
            throw new SignalRejectedException("invalid_pair", "pair is required, for example BTC-USD");
        }
        Pair pair;
        try {
            pair = SymbolMapping.fromTicker(text);
        } catch (IllegalArgumentException e) {
            throw new SignalRejectedException("invalid_pair", "pair must look like BTC-USD (BTCUSDT and BINANCE:BTCUSDT are "
                    + "read too)");
        }
        Set<Pair> known = tradablePairs.get();
        if (!known.contains(pair)) {
            throw new SignalRejectedException("unknown_pair", unknownPair(pair, known));
        }
        return pair;
    }

    /** Names the pairs that can be traded, so the caller can correct the signal without reading the docs. */
    public static String unknownPair(Pair pair, Set<Pair> known) {
        String list = known.stream().map(Pair::toString).sorted().collect(java.util.stream.Collectors.joining(", "));
        return "no configured venue trades " + pair + "; known pairs: " + (list.isEmpty() ? "none" : list);
    }

    private static BigDecimal validSize(String text) {
        if (text == null || text.isBlank()) {
            throw new SignalRejectedException("invalid_size", "size_usd is required");
        }
        BigDecimal size;
        try {
            // BigDecimal rejects NaN and Infinity, so a parsed value is always finite.
            size = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new SignalRejectedException("invalid_size", "size_usd must be a finite decimal number");
        }
        if (size.signum() <= 0) {
            throw new SignalRejectedException("invalid_size", "size_usd must be positive");
        }
        if (size.compareTo(MAX_SIZE_USD) > 0) {
            throw new SignalRejectedException("size_too_large", "size_usd may be at most " + MAX_SIZE_USD.toPlainString());
        }
        if (size.stripTrailingZeros().scale() > MAX_SIZE_DECIMALS) {
            throw new SignalRejectedException("invalid_size", "size_usd may have at most " + MAX_SIZE_DECIMALS + " decimals");
        }
        return size.stripTrailingZeros().scale() < 0 ? size.setScale(0) : size.stripTrailingZeros();
    }
}
