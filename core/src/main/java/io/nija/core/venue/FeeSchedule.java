package io.nija.core.venue;

import java.math.BigDecimal;

/** Fee rates of one account on one venue, as fractions (0.001 = 0.1 %). */
public record FeeSchedule(BigDecimal maker, BigDecimal taker) {
}
