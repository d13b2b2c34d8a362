package io.nija.venues.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.common.Pairs;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Coinbase Advanced Trade JSON (products, orders, fills) into core records. */
final class CoinbaseParser {
    private CoinbaseParser() {
    }

    static List<Instrument> instruments(JsonNode products) {
        List<Instrument> out = new ArrayList<>();
        for (JsonNode p : products) {
            String id = p.path("product_id").asText("");
            if (!"online".equalsIgnoreCase(p.path("status").asText("online")) || p.path("trading_disabled").asBoolean(false)
                    || p.path("is_disabled").asBoolean(false) || !"SPOT".equals(p.path("product_type").asText("SPOT"))) {
                continue;
            }
            Optional<Pair> pair = pair(p, id);
            BigDecimal tick = Json.decimal(p, "price_increment");
            if (tick == null) {
                tick = Json.decimal(p, "quote_increment");
            }
            BigDecimal lot = Json.decimal(p, "base_increment");
            if (pair.isEmpty() || tick == null || lot == null || tick.signum() <= 0 || lot.signum() <= 0) {
                continue;
            }
            out.add(new Instrument(CoinbaseVenue.NAME, pair.get(), id, tick.stripTrailingZeros(), lot.stripTrailingZeros(),
                    Json.decimalOrZero(p, "base_min_size").stripTrailingZeros(),
                    Json.decimalOrZero(p, "quote_min_size").stripTrailingZeros()));
        }
        return out;
    }

    private static Optional<Pair> pair(JsonNode p, String id) {
        String base = Json.text(p, "base_currency_id");
        String quote = Json.text(p, "quote_currency_id");
        if ((base == null || quote == null) && id.indexOf('-') > 0) {
            base = id.substring(0, id.indexOf('-'));
            quote = id.substring(id.indexOf('-') + 1);
        }
        return Pairs.canonical(base, quote);
    }

    static VenueOrderState order(JsonNode o) {
        BigDecimal filled = Json.decimalOrZero(o, "filled_size");
        String status = o.path("status").asText();
        String reason = firstNonEmpty(o, "reject_message", "cancel_message", "reject_reason");
        if ("REJECT_REASON_UNSPECIFIED".equals(reason)) {
            reason = null;
        }
        return new VenueOrderState(o.path("order_id").asText(), Json.text(o, "client_order_id"),
                o.path("product_id").asText(), status(status, o.path("time_in_force").asText(""), filled),
                baseSize(o.path("order_configuration")), filled,
                OrderMath.positiveOrNull(Json.decimal(o, "average_filled_price")), List.of(),
                reason == null ? status : status + ": " + reason);
    }

    /** The ordered base size sits inside whichever configuration variant the order used. */
    private static BigDecimal baseSize(JsonNode config) {
        for (Iterator<JsonNode> it = config.elements(); it.hasNext(); ) {
            BigDecimal b = Json.decimal(it.next(), "base_size");
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    static VenueOrderStatus status(String s, String timeInForce, BigDecimal filled) {
        boolean some = filled.signum() > 0;
        return switch (s) {
            case "FILLED" -> VenueOrderStatus.FILLED;
            case "CANCELLED" -> VenueOrderStatus.CANCELLED;
            // An IOC remainder that did not fill is, in core's words, cancelled by IOC expiry.
            case "EXPIRED" -> "IMMEDIATE_OR_CANCEL".equals(timeInForce) || "FILL_OR_KILL".equals(timeInForce)
                    ? VenueOrderStatus.CANCELLED : VenueOrderStatus.EXPIRED;
            case "FAILED" -> VenueOrderStatus.REJECTED;
            default -> some ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
        };
    }

    /**
     * Coinbase charges commission in the quote currency. The fill's id is its entry_id ("unique identifier for the
     * fill"), not trade_id: the trade id names the match, which the other side of the trade (possibly another user of
     * this router) reports too, and fills are kept once per (venue, fill id).
     */
    static Fill fill(JsonNode f, String feeAsset) {
        BigDecimal price = Json.decimal(f, "price");
        BigDecimal size = Json.decimal(f, "size");
        // size_in_quote means size is a quote amount; the base quantity is then size / price.
        if (f.path("size_in_quote").asBoolean(false) && price != null && price.signum() > 0) {
            size = OrderMath.averagePrice(size, price);
        }
        String time = Json.text(f, "trade_time");
        String id = Json.text(f, "entry_id");
        return new Fill(id != null ? id : f.path("trade_id").asText(), CoinbaseVenue.NAME, size, price,
                OrderMath.chargeOnly(Json.decimal(f, "commission")), feeAsset,
                "MAKER".equals(f.path("liquidity_indicator").asText()) ? Liquidity.MAKER : Liquidity.TAKER,
                time == null ? Instant.EPOCH : Instant.parse(time));
    }

    private static String firstNonEmpty(JsonNode o, String... fields) {
        for (String f : fields) {
            String v = Json.text(o, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
