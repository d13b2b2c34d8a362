package io.nija.server.http;

import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.util.Set;

/** Reads the contract's limits object; fields left out keep their current value. */
final class LimitsJson {
    private LimitsJson() {
    }

    static UserLimits read(JsonBody b, UserLimits current) {
        Boolean enabled = b.bool("enabled");
        Set<String> venues = b.stringSet("allowed_venues");
        Set<String> pairs = b.stringSet("allowed_pairs");
        BigDecimal maxOrder = ApiServer.positive(b.decimal("max_order_usd"), "max_order_usd");
        BigDecimal maxPosition = ApiServer.positive(b.decimal("max_position_usd"), "max_position_usd");
        BigDecimal dailyLoss = ApiServer.positive(b.decimal("daily_loss_usd"), "daily_loss_usd");
        Integer maxOpen = b.integer("max_open_positions");
        BigDecimal tps = ApiServer.positive(b.decimal("trades_per_second"), "trades_per_second");
        if (maxOpen != null && maxOpen <= 0) {
            throw ApiException.badRequest("invalid_field", "max_open_positions must be positive");
        }
        if (tps != null && tps.compareTo(new BigDecimal("100000")) > 0) {
            throw ApiException.badRequest("invalid_field", "trades_per_second may be at most 100000");
        }
        return new UserLimits(enabled != null ? enabled : current.enabled(),
                venues != null ? venues : current.allowedVenues(),
                pairs != null ? pairs : current.allowedPairs(),
                maxOrder != null ? maxOrder : current.maxOrderUsd(),
                maxPosition != null ? maxPosition : current.maxPositionUsd(),
                dailyLoss != null ? dailyLoss : current.dailyLossUsd(),
                maxOpen != null ? maxOpen : current.maxOpenPositions(),
                tps != null ? tps.doubleValue() : current.tradesPerSecond());
    }
}
