package io.nija.venues.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Fill;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.common.Pairs;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Alpaca JSON (crypto assets, orders, FILL activities) into core records. */
final class AlpacaParser {
    /**
     * Alpaca's floor on the cost of a USD-quoted crypto order. Not in the assets response nor in the docs read here;
     * observed on the paper API as {@code 40310000 "cost basis must be >= minimal amount of order 10"} (ccxt
     * pull request 30101, which declares the same limit).
     */
    static final BigDecimal USD_MIN_NOTIONAL = BigDecimal.TEN;
    private AlpacaParser() {
    }

    static List<Instrument> instruments(JsonNode assets) {
        List<Instrument> out = new ArrayList<>();
        for (JsonNode a : assets) {
            String symbol = a.path("symbol").asText("");
            int slash = symbol.indexOf('/');
            if (!a.path("tradable").asBoolean(false) || !"active".equals(a.path("status").asText("active")) || slash < 0) {
                continue;
            }
            Optional<Pair> pair = Pairs.canonical(symbol.substring(0, slash), symbol.substring(slash + 1));
            BigDecimal tick = Json.decimal(a, "price_increment");
            BigDecimal lot = Json.decimal(a, "min_trade_increment");
            if (pair.isEmpty() || tick == null || lot == null || tick.signum() <= 0 || lot.signum() <= 0) {
                continue;
            }
            // The assets endpoint gives no minimum notional, only min_order_size in base; USD-quoted pairs refuse
            // orders under 10 USD ("cost basis must be >= minimal amount of order 10").
            BigDecimal minNotional = "USD".equals(symbol.substring(slash + 1)) ? USD_MIN_NOTIONAL : BigDecimal.ZERO;
            out.add(new Instrument(AlpacaVenue.NAME, pair.get(), symbol, tick.stripTrailingZeros(), lot.stripTrailingZeros(),
                    Json.decimalOrZero(a, "min_order_size").stripTrailingZeros(), minNotional));
        }
        return out;
    }

    static VenueOrderState order(JsonNode o) {
        BigDecimal filled = Json.decimalOrZero(o, "filled_qty");
        String status = o.path("status").asText();
        return new VenueOrderState(o.path("id").asText(), Json.text(o, "client_order_id"), o.path("symbol").asText(),
                status(status, o.path("time_in_force").asText(""), filled), Json.decimal(o, "qty"), filled,
                OrderMath.positiveOrNull(Json.decimal(o, "filled_avg_price")), List.of(), status);
    }

    static VenueOrderStatus status(String s, String timeInForce, BigDecimal filled) {
        boolean some = filled.signum() > 0;
        return switch (s) {
            case "filled" -> VenueOrderStatus.FILLED;
            case "partially_filled" -> VenueOrderStatus.PARTIALLY_FILLED;
            case "canceled", "replaced", "done_for_day" -> VenueOrderStatus.CANCELLED;
            case "expired" -> "ioc".equals(timeInForce) ? VenueOrderStatus.CANCELLED : VenueOrderStatus.EXPIRED;
            case "rejected" -> VenueOrderStatus.REJECTED;
            // new, accepted, pending_new, pending_cancel, pending_replace, accepted_for_bidding, stopped, ...
            default -> some ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
        };
    }

    /**
     * A FILL activity. Alpaca books crypto fees as separate CFEE/FEE activities, not on the fill, so the fee here
     * is zero with no asset, and the activity does not say maker or taker; the router's fee estimate comes from
     * {@code fees()}. The fill id is the activity's {@code id} ("date::uuid"), unique per account.
     */
    static Fill fill(JsonNode a) {
        String time = Json.text(a, "transaction_time");
        return new Fill(a.path("id").asText(), AlpacaVenue.NAME, Json.decimal(a, "qty"), Json.decimal(a, "price"),
                BigDecimal.ZERO, null, null, time == null ? Instant.EPOCH : Instant.parse(time));
    }
}
