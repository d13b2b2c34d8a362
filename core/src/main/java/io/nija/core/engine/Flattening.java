package io.nija.core.engine;

import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.time.Clock;
import io.nija.core.user.Ids;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flatten kill switch: one close_all exit per pair the user holds. They go through the same admission and
 * routing as any exit, so they sell only on the venues that hold the position and never more than is held there.
 */
final class Flattening {
    private static final Logger LOG = LoggerFactory.getLogger(Flattening.class);
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Flattening() {
    }

    static void closeAll(UserContext ctx, Function<TradeSignal, SignalAck> submit, Ids ids, Clock clock) {
        for (Pair pair : ctx.exposure.heldPairs()) {
            BigDecimal held = ctx.exposure.quantity(pair);
            if (held.signum() == 0) {
                continue;
            }
            // The size only labels the order (close_all sells what is held); the cost value is the best figure we have.
            BigDecimal usd = ctx.exposure.heldCostUsd(pair).setScale(2, RoundingMode.UP).max(CENT);
            TradeSignal exit = new TradeSignal(ids.next("sig"), ctx.userId, pair, held.signum() > 0 ? Side.SELL : Side.BUY,
                    usd, SignalType.EXIT, "kill_switch", clock.now(), null, true, null);
            try {
                submit.apply(exit);
            } catch (SignalRejectedException e) {
                LOG.warn("flatten of user {} could not close {}: {} {}", ctx.userId, pair, e.code(), e.getMessage());
            }
        }
    }
}
