package io.nija.core.market;

import java.math.BigDecimal;

/** Total quantity resting at one price. */
public record PriceLevel(BigDecimal price, BigDecimal quantity) {
}
