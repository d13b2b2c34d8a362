package io.nija.venues.okx;

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

/** OKX v5 JSON (instruments, order details, fills) into core records. */
final class OkxParser {
    private OkxParser() {
    }

    static List<Instrument> instruments(JsonNode data) {
        List<Instrument> out = new ArrayList<>();
        for (JsonNode i : data) {
            if (!"live".equals(i.path("state").asText())) {
                continue;
            }
            Optional<Pair> pair = Pairs.canonical(Json.text(i, "baseCcy"), Json.text(i, "quoteCcy"));
            BigDecimal tick = Json.decimal(i, "tickSz");
            BigDecimal lot = Json.decimal(i, "lotSz");
            if (pair.isEmpty() || tick == null || lot == null || tick.signum() <= 0 || lot.signum() <= 0) {
                continue;
            }
            // OKX publishes no spot minimum notional; minSz (in base) is the only minimum.
            out.add(new Instrument(OkxVenue.NAME, pair.get(), i.path("instId").asText(), tick.stripTrailingZeros(),
                    lot.stripTrailingZeros(), Json.decimalOrZero(i, "minSz").stripTrailingZeros(), BigDecimal.ZERO));
        }
        return out;
    }

    static VenueOrderState order(JsonNode o) {
        BigDecimal filled = Json.decimalOrZero(o, "accFillSz");
        String state = o.path("state").asText();
        return new VenueOrderState(o.path("ordId").asText(), Json.text(o, "clOrdId"), o.path("instId").asText(),
                status(state, filled), Json.decimal(o, "sz"), filled, OrderMath.positiveOrNull(Json.decimal(o, "avgPx")),
                List.of(), state);
    }

    static VenueOrderStatus status(String state, BigDecimal filled) {
        return switch (state) {
            case "live" -> filled.signum() > 0 ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
            case "partially_filled" -> VenueOrderStatus.PARTIALLY_FILLED;
            case "filled" -> VenueOrderStatus.FILLED;
            case "canceled", "mmp_canceled" -> VenueOrderStatus.CANCELLED;
            default -> VenueOrderStatus.OPEN;
        };
    }

    /**
     * The id of one fill: its {@code tradeId}. The private {@code orders} stream reports fills by tradeId alone (it
     * has no billId), so REST must use the same id for a fill seen on both paths to count once. tradeId is public and
     * shared by both sides of a trade, but the router keys fills per leg (one order, one side), and one order takes
     * part in a trade once, so within a leg it is unique. (Before streams the id was billId, per account.)
     */
    static String fillId(JsonNode f) {
        String trade = Json.text(f, "tradeId");
        return trade != null ? trade : f.path("billId").asText();
    }

    /** OKX fees are negative when charged (positive is a rebate). */
    static Fill fill(JsonNode f) {
        BigDecimal fee = Json.decimalOrZero(f, "fee").negate();
        return new Fill(fillId(f), OkxVenue.NAME, Json.decimal(f, "fillSz"), Json.decimal(f, "fillPx"),
                OrderMath.chargeOnly(fee), Json.text(f, "feeCcy"),
                "M".equals(f.path("execType").asText()) ? Liquidity.MAKER : Liquidity.TAKER,
                OrderMath.epochMillis(Json.text(f, "ts")));
    }
}
