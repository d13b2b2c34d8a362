package io.nija.sim.dialect.coinbase;

import io.nija.core.instrument.Instrument;
import io.nija.sim.engine.MatchingEngine;
import java.time.Instant;

/** Query parameters into typed values, each bad one refused with Coinbase's INVALID_ARGUMENT. */
final class CoinbaseParams {
    private CoinbaseParams() {
    }

    static int intParam(String v, int dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw CoinbaseErrors.invalidArgument("not a non-negative integer: " + v);
        }
    }

    /** A page cursor: the simulator's cursors are offsets. */
    static int cursor(String v) {
        return intParam(v, 0);
    }

    static Instant instantParam(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (RuntimeException e) {
            throw CoinbaseErrors.invalidArgument("not an RFC 3339 time: " + v);
        }
    }

    /** A listed product, or 400 "valid product_id is required". */
    static Instrument instrumentOrInvalid(MatchingEngine engine, String productId) {
        if (productId == null || productId.isBlank()) {
            throw CoinbaseErrors.invalidProductId();
        }
        return engine.instrument(productId).orElseThrow(CoinbaseErrors::invalidProductId);
    }
}
