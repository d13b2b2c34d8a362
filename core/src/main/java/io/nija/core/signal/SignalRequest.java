package io.nija.core.signal;

/**
 * A signal as it arrives from outside, before validation. {@code sizeUsd} and the prices are the text of the amount
 * (a JSON number or string) so that nothing is lost to binary floating point on the way in.
 */
public record SignalRequest(String userId, String pair, String side, String sizeUsd, String signalType,
                            String strategy, String idempotencyKey, Boolean closeAll, String signalTime,
                            String limitPrice, String timeInForceS, String takeProfitPrice, String stopLossPrice) {
    public SignalRequest(String userId, String pair, String side, String sizeUsd, String signalType,
                         String strategy, String idempotencyKey) {
        this(userId, pair, side, sizeUsd, signalType, strategy, idempotencyKey, null, null);
    }

    public SignalRequest(String userId, String pair, String side, String sizeUsd, String signalType,
                         String strategy, String idempotencyKey, Boolean closeAll, String signalTime) {
        this(userId, pair, side, sizeUsd, signalType, strategy, idempotencyKey, closeAll, signalTime,
                null, null, null, null);
    }

    /** The same request for another user (the caller's own id filled in). */
    public SignalRequest forUser(String user) {
        return new SignalRequest(user, pair, side, sizeUsd, signalType, strategy, idempotencyKey, closeAll, signalTime,
                limitPrice, timeInForceS, takeProfitPrice, stopLossPrice);
    }
}
