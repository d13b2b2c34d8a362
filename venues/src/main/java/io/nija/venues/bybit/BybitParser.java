package io.nija.venues.bybit;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bybit v5 spot JSON (instruments-info, order, execution) into core records. */
final class BybitParser {
    private BybitParser() {
    }

    static List<Instrument> instruments(JsonNode list) {
        List<Instrument> out = new ArrayList<>();
        for (JsonNode i : list) {
            if (!"Trading".equals(i.path("status").asText())) {
                continue;
            }
            Optional<Pair> pair = Pairs.canonical(Json.text(i, "baseCoin"), Json.text(i, "quoteCoin"));
            JsonNode lot = i.path("lotSizeFilter");
            BigDecimal tick = Json.decimal(i.path("priceFilter"), "tickSize");
            // Spot quantities step by basePrecision; qtyStep is the derivatives field.
            BigDecimal step = Json.decimal(lot, "basePrecision");
            if (step == null) {
                step = Json.decimal(lot, "qtyStep");
            }
            if (pair.isEmpty() || tick == null || step == null || tick.signum() <= 0 || step.signum() <= 0) {
                continue;
            }
            out.add(new Instrument(BybitVenue.NAME, pair.get(), i.path("symbol").asText(), tick.stripTrailingZeros(),
                    step.stripTrailingZeros(), Json.decimalOrZero(lot, "minOrderQty").stripTrailingZeros(),
                    Json.decimalOrZero(lot, "minOrderAmt").stripTrailingZeros()));
        }
        return out;
    }

    static VenueOrderState order(JsonNode o) {
        BigDecimal filled = Json.decimalOrZero(o, "cumExecQty");
        BigDecimal avg = OrderMath.positiveOrNull(Json.decimal(o, "avgPrice"));
        if (avg == null) {
            avg = OrderMath.averagePrice(Json.decimal(o, "cumExecValue"), filled);
        }
        String status = o.path("orderStatus").asText();
        String reason = Json.text(o, "rejectReason");
        // A market buy sized in quote coin has its spend as qty; its base quantity is not known in advance.
        BigDecimal qty = "quoteCoin".equals(o.path("marketUnit").asText()) ? null : Json.decimal(o, "qty");
        return new VenueOrderState(o.path("orderId").asText(), Json.text(o, "orderLinkId"), o.path("symbol").asText(),
                status(status), qty, filled, avg, List.of(),
                reason == null || "EC_NoError".equals(reason) ? status : status + ": " + reason);
    }

    static VenueOrderStatus status(String s) {
        return switch (s) {
            case "New", "Untriggered", "Triggered", "Created" -> VenueOrderStatus.OPEN;
            case "PartiallyFilled" -> VenueOrderStatus.PARTIALLY_FILLED;
            case "Filled" -> VenueOrderStatus.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> VenueOrderStatus.CANCELLED;
            case "Rejected" -> VenueOrderStatus.REJECTED;
            default -> VenueOrderStatus.OPEN;
        };
    }

    /**
     * One execution; its fill id is {@code execId}, the execution's own id ({@code seq} repeats across symbols and
     * batches). Without feeCurrency, Bybit spot charges a buy in the base coin and a sell in the quote coin.
     */
    static Fill execution(JsonNode e, String baseAsset, String quoteAsset) {
        String feeAsset = Json.text(e, "feeCurrency");
        String defaultFeeAsset = "Buy".equals(e.path("side").asText()) ? baseAsset : quoteAsset;
        return new Fill(e.path("execId").asText(), BybitVenue.NAME, Json.decimal(e, "execQty"),
                Json.decimal(e, "execPrice"), OrderMath.chargeOnly(Json.decimal(e, "execFee")),
                feeAsset != null ? feeAsset : defaultFeeAsset,
                e.path("isMaker").asBoolean(false) ? Liquidity.MAKER : Liquidity.TAKER,
                OrderMath.epochMillis(Json.text(e, "execTime")));
    }
}
