package io.nija.core.store;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.signal.Side;

/** One stored fill with what replaying it into a position needs: its order's side and its leg's instrument. */
public record UserFill(String orderId, Side side, Instrument instrument, Fill fill) {
}
