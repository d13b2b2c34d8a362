package io.nija.venues.binance;

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
import java.util.List;
import java.util.Optional;

/** Binance JSON shapes (exchangeInfo, order, myTrades) into core records. */
final class BinanceParser {
    private BinanceParser() {
    }

    static List<Instrument> instruments(JsonNode exchangeInfo) {
        List<Instrument> out = new ArrayList<>();
        for (JsonNode s : exchangeInfo.path("symbols")) {
            if (!"TRADING".equals(s.path("status").asText())) {
                continue;
            }
            if (s.has("isSpotTradingAllowed") && !s.path("isSpotTradingAllowed").asBoolean()) {
                continue;
            }
            Optional<Pair> pair = Pairs.canonical(s.path("baseAsset").asText(null), s.path("quoteAsset").asText(null));
            BigDecimal tick = null;
            BigDecimal step = null;
            BigDecimal minQty = BigDecimal.ZERO;
            BigDecimal minNotional = BigDecimal.ZERO;
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> tick = Json.decimal(f, "tickSize");
                    case "LOT_SIZE" -> {
                        step = Json.decimal(f, "stepSize");
                        minQty = Json.decimalOrZero(f, "minQty");
                    }
                    case "NOTIONAL", "MIN_NOTIONAL" -> minNotional = Json.decimalOrZero(f, "minNotional");
                    default -> { }
                }
            }
            if (pair.isEmpty() || tick == null || tick.signum() <= 0 || step == null || step.signum() <= 0) {
                continue;
            }
            out.add(new Instrument(BinanceVenue.NAME, pair.get(), s.path("symbol").asText(),
                    tick.stripTrailingZeros(), step.stripTrailingZeros(), minQty.stripTrailingZeros(),
                    minNotional.stripTrailingZeros()));
        }
        return out;
    }

    /** An order from the place (RESULT/FULL), cancel or query response. */
    static VenueOrderState order(JsonNode o) {
        BigDecimal executed = Json.decimalOrZero(o, "executedQty");
        BigDecimal quote = Json.decimalOrZero(o, "cummulativeQuoteQty");
        // A cancel response's clientOrderId is the cancel's own id; the order's is origClientOrderId.
        String clientId = o.hasNonNull("origClientOrderId") ? o.path("origClientOrderId").asText()
                : o.path("clientOrderId").asText(null);
        Instant time = Instant.ofEpochMilli(o.path("transactTime").asLong(o.path("updateTime").asLong(0)));
        List<Fill> fills = new ArrayList<>();
        for (JsonNode f : o.path("fills")) {
            // Fills in the place response are the order's immediate matches, so it took liquidity. tradeId is the same
            // id myTrades reports as "id" (see trade()), so a fill read both ways is kept once.
            fills.add(new Fill(f.path("tradeId").asText(), BinanceVenue.NAME, Json.decimal(f, "qty"),
                    Json.decimal(f, "price"), OrderMath.chargeOnly(Json.decimal(f, "commission")),
                    Json.text(f, "commissionAsset"), Liquidity.TAKER, time));
        }
        return new VenueOrderState(o.path("orderId").asText(), clientId, o.path("symbol").asText(),
                status(o.path("status").asText(), o.path("timeInForce").asText(""), o.path("type").asText("")),
                Json.decimal(o, "origQty"), executed, OrderMath.averagePrice(quote, executed), fills,
                o.path("status").asText());
    }

    /**
     * Binance reports an IOC or market order whose rest was not filled as EXPIRED; core calls that CANCELLED
     * ("cancelled by IOC expiry"). EXPIRED_IN_MATCH is self-trade prevention cancelling it.
     */
    static VenueOrderStatus status(String s, String timeInForce, String type) {
        return switch (s) {
            case "NEW", "PENDING_NEW" -> VenueOrderStatus.OPEN;
            case "PARTIALLY_FILLED" -> VenueOrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> VenueOrderStatus.FILLED;
            case "CANCELED", "PENDING_CANCEL", "EXPIRED_IN_MATCH" -> VenueOrderStatus.CANCELLED;
            case "REJECTED" -> VenueOrderStatus.REJECTED;
            case "EXPIRED" -> "IOC".equals(timeInForce) || "FOK".equals(timeInForce) || "MARKET".equals(type)
                    ? VenueOrderStatus.CANCELLED : VenueOrderStatus.EXPIRED;
            default -> VenueOrderStatus.OPEN;
        };
    }

    /**
     * One myTrades row. Binance has no per-account fill id: {@code id} is the public trade id, unique per symbol only
     * and shared by maker and taker (a self-trade even gives two rows with the same id). It is kept as the fill id
     * because the engine keys fills by venue, account, order and fill id, and within one order a trade id is unique.
     */
    static Fill trade(JsonNode t) {
        return new Fill(t.path("id").asText(), BinanceVenue.NAME, Json.decimal(t, "qty"), Json.decimal(t, "price"),
                OrderMath.chargeOnly(Json.decimal(t, "commission")), Json.text(t, "commissionAsset"),
                t.path("isMaker").asBoolean() ? Liquidity.MAKER : Liquidity.TAKER,
                Instant.ofEpochMilli(t.path("time").asLong()));
    }
}
