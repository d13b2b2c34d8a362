package io.nija.core.signal;

import java.math.BigDecimal;

/**
 * Reads and checks an entry's limit price, time in force and bracket, each with its own error code. What needs the
 * book (how far the limit price is from the market, which side of it the bracket's prices lie) is checked at
 * admission, where the book is known.
 *
 * <p>Prices are taken as given here; the router rounds a limit price to the chosen venue's tick in the trader's
 * favour (a buy down, a sell up), because the venue, and so the tick, is not known until then.
 */
public final class EntryTermsParser {
    /** A resting entry longer than a day is a forgotten order, not a strategy. */
    static final int MAX_TIME_IN_FORCE_S = 86_400;
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final int MAX_PRICE_DECIMALS = 12;

    private EntryTermsParser() {
    }

    static EntryTerms parse(SignalRequest in, Side side, SignalType type) {
        BigDecimal limit = price(in.limitPrice(), "limit_price", "invalid_limit_price");
        Integer tif = timeInForce(in.timeInForceS());
        BigDecimal takeProfit = price(in.takeProfitPrice(), "take_profit_price", "invalid_take_profit");
        BigDecimal stopLoss = price(in.stopLossPrice(), "stop_loss_price", "invalid_stop_loss");
        if (type.reducesPosition() && limit != null) {
            throw new SignalRejectedException("invalid_limit_price", "limit_price is for entries; exits go at market");
        }
        if (tif != null && limit == null) {
            throw new SignalRejectedException("invalid_time_in_force", "time_in_force_s needs a limit_price to rest at");
        }
        if (type.reducesPosition() && (takeProfit != null || stopLoss != null)) {
            throw new SignalRejectedException("invalid_bracket", "take_profit_price and stop_loss_price are for entries");
        }
        if (takeProfit != null && stopLoss != null) {
            boolean ordered = side == Side.BUY ? stopLoss.compareTo(takeProfit) < 0 : stopLoss.compareTo(takeProfit) > 0;
            if (!ordered) {
                throw new SignalRejectedException("invalid_bracket", side == Side.BUY
                        ? "a long's stop_loss_price must be below its take_profit_price"
                        : "a short's stop_loss_price must be above its take_profit_price");
            }
        }
        if (limit != null) {
            EntryTermsParser.onTheRightSide(side, limit, takeProfit, stopLoss, "limit_price");
        }
        return new EntryTerms(limit, tif, takeProfit, stopLoss);
    }

    /**
     * The bracket must lie around the entry price: for a buy, the take profit above it and the stop below it (a short
     * the other way round). A stop on the wrong side would trigger at once.
     */
    public static void onTheRightSide(Side side, BigDecimal reference, BigDecimal takeProfit, BigDecimal stopLoss, String what) {
        boolean buy = side == Side.BUY;
        if (takeProfit != null && (buy ? takeProfit.compareTo(reference) <= 0 : takeProfit.compareTo(reference) >= 0)) {
            throw new SignalRejectedException("invalid_bracket", "take_profit_price must be " + (buy ? "above" : "below")
                    + " the " + what + " " + reference.toPlainString());
        }
        if (stopLoss != null && (buy ? stopLoss.compareTo(reference) >= 0 : stopLoss.compareTo(reference) <= 0)) {
            throw new SignalRejectedException("invalid_bracket", "stop_loss_price must be " + (buy ? "below" : "above")
                    + " the " + what + " " + reference.toPlainString());
        }
    }

    private static BigDecimal price(String text, String field, String code) {
        if (text == null) {
            return null;
        }
        BigDecimal p;
        try {
            p = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new SignalRejectedException(code, field + " must be a finite decimal number");
        }
        if (p.signum() <= 0) {
            throw new SignalRejectedException(code, field + " must be positive");
        }
        if (p.compareTo(MAX_PRICE) > 0 || p.stripTrailingZeros().scale() > MAX_PRICE_DECIMALS) {
            throw new SignalRejectedException(code, field + " may be at most " + MAX_PRICE.toPlainString()
                    + " with at most " + MAX_PRICE_DECIMALS + " decimals");
        }
        return p.stripTrailingZeros().scale() < 0 ? p.setScale(0) : p.stripTrailingZeros();
    }

    private static Integer timeInForce(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal v = new BigDecimal(text.trim());
            if (v.precision() - v.scale() > 9) {
                throw new ArithmeticException("too large");
            }
            int seconds = v.intValueExact();
            if (seconds >= 1 && seconds <= MAX_TIME_IN_FORCE_S) {
                return seconds;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the refusal
        }
        throw new SignalRejectedException("invalid_time_in_force", "time_in_force_s must be a whole number of seconds from 1 to "
                + MAX_TIME_IN_FORCE_S);
    }
}
