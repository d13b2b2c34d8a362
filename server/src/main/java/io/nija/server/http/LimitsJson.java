package io.nija.server.http;

import io.nija.core.instrument.Pair;
import io.nija.core.instrument.SymbolMapping;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the contract's limits object; fields left out keep their current value. */
final class LimitsJson {
    private static final BigDecimal MAX_USD = new BigDecimal("1000000000000");
    private static final Pattern VENUE = Pattern.compile("[a-z0-9_-]{1,32}");

    private LimitsJson() {
    }

    static UserLimits read(JsonBody b, UserLimits current) {
        Boolean enabled = b.bool("enabled");
        Set<String> venues = venues(b.stringSet("allowed_venues"));
        Set<String> pairs = pairs(b.stringSet("allowed_pairs"));
        BigDecimal maxOrder = usd(b, "max_order_usd");
        BigDecimal maxPosition = usd(b, "max_position_usd");
        BigDecimal dailyLoss = usd(b, "daily_loss_usd");
        Integer maxOpen = b.integer("max_open_positions");
        Long maxSignalAge = maxSignalAgeMs(b);
        BigDecimal tps = ApiServer.positive(b.decimal("trades_per_second"), "trades_per_second");
        if (maxOpen != null && maxOpen <= 0) {
            throw ApiException.badRequest("invalid_field", "max_open_positions must be positive");
        }
        if (tps != null && tps.compareTo(new BigDecimal("100000")) > 0) {
            throw ApiException.badRequest("invalid_field", "trades_per_second may be at most 100000");
        }
        if (tps != null && tps.doubleValue() <= 0) {
            throw ApiException.badRequest("invalid_field", "trades_per_second is too small");
        }
        return new UserLimits(enabled != null ? enabled : current.enabled(),
                venues != null ? venues : current.allowedVenues(),
                pairs != null ? pairs : current.allowedPairs(),
                maxOrder != null ? maxOrder : current.maxOrderUsd(),
                maxPosition != null ? maxPosition : current.maxPositionUsd(),
                dailyLoss != null ? dailyLoss : current.dailyLossUsd(),
                maxOpen != null ? maxOpen : current.maxOpenPositions(),
                tps != null ? tps.doubleValue() : current.tradesPerSecond(),
                maxSignalAge != null ? maxSignalAge : current.maxSignalAgeMs());
    }

    /** 0 (no age check) up to one day, in milliseconds; null when absent. */
    private static Long maxSignalAgeMs(JsonBody b) {
        BigDecimal v = b.decimal("max_signal_age_ms");
        if (v == null) {
            return null;
        }
        if (v.signum() < 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(86_400_000L)) > 0) {
            throw ApiException.badRequest("invalid_field", "max_signal_age_ms must be a whole number from 0 (no check) to 86400000");
        }
        return v.longValueExact();
    }

    /** A positive USD amount of at most 10^12 with at most 8 decimals, or null when absent. */
    static BigDecimal usd(JsonBody b, String field) {
        BigDecimal v = ApiServer.positive(b.decimal(field), field);
        if (v == null) {
            return null;
        }
        if (v.compareTo(MAX_USD) > 0 || v.stripTrailingZeros().scale() > 8) {
            throw ApiException.badRequest("invalid_field", field + " must be at most 1000000000000 with at most 8 decimals");
        }
        v = v.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static Set<String> venues(Set<String> in) {
        if (in == null) {
            return null;
        }
        for (String v : in) {
            if (!VENUE.matcher(v).matches()) {
                throw ApiException.badRequest("invalid_field", "allowed_venues must hold venue names such as binance or kraken");
            }
        }
        return in;
    }

    private static Set<String> pairs(Set<String> in) {
        if (in == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : in) {
            try {
                out.add(SymbolMapping.canonical(Pair.parse(p)).toString());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_field", "allowed_pairs must hold pairs such as BTC-USD");
            }
        }
        return out;
    }
}
