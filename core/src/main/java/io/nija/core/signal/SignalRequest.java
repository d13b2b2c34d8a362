package io.nija.core.signal;

/**
 * A signal as it arrives from outside, before validation. {@code sizeUsd} is the text of the amount
 * (a JSON number or string) so that nothing is lost to binary floating point on the way in.
 */
public record SignalRequest(String userId, String pair, String side, String sizeUsd, String signalType,
                            String strategy, String idempotencyKey, Boolean closeAll, String signalTime) {
    public SignalRequest(String userId, String pair, String side, String sizeUsd, String signalType,
                         String strategy, String idempotencyKey) {
        this(userId, pair, side, sizeUsd, signalType, strategy, idempotencyKey, null, null);
    }
}
