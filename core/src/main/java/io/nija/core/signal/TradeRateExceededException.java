package io.nija.core.signal;

import java.time.Duration;

/** The user's trades-per-second budget is spent; {@link #retryAfter()} says when the next token is there. */
public final class TradeRateExceededException extends SignalRejectedException {
    private final Duration retryAfter;

    public TradeRateExceededException(String message, Duration retryAfter) {
        super("trade_rate_exceeded", message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
