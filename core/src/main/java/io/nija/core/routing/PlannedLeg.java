package io.nija.core.routing;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * One leg of a route: a quantity on one venue, sent no earlier than {@code delay} after routing (TWAP).
 */
public record PlannedLeg(Instrument instrument, OrderType type, BigDecimal quantity, BigDecimal limitPrice,
                         Duration delay) {
}
