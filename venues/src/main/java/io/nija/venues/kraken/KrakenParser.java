package io.nija.venues.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Formats;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.common.Pairs;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kraken JSON shapes (AssetPairs, order info keyed by txid, trades keyed by trade id) into core records. */
final class KrakenParser {
    private KrakenParser() {
    }

    static List<Instrument> instruments(JsonNode result) {
        List<Instrument> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : result.properties()) {
            JsonNode p = entry.getValue();
            String altname = p.path("altname").asText("");
            // ".d" pairs are the dark-pool books; status other than online refuses new orders of some kind.
            if (altname.isEmpty() || altname.endsWith(".d") || !"online".equals(p.path("status").asText("online"))) {
                continue;
            }
            Optional<Pair> pair = pair(p);
            if (pair.isEmpty()) {
                continue;
            }
            BigDecimal tick = Json.decimal(p, "tick_size");
            if (tick == null || tick.signum() <= 0) {
                tick = Formats.stepOfDecimals(p.path("pair_decimals").asInt(8));
            }
            BigDecimal lot = Formats.stepOfDecimals(p.path("lot_decimals").asInt(8));
            out.add(new Instrument(KrakenVenue.NAME, pair.get(), altname, tick.stripTrailingZeros(), lot,
                    Json.decimalOrZero(p, "ordermin").stripTrailingZeros(),
                    Json.decimalOrZero(p, "costmin").stripTrailingZeros()));
        }
        return out;
    }

    /** BASE/QUOTE from wsname ("XBT/USD"), else from the asset codes; XBT and XDG become BTC and DOGE. */
    private static Optional<Pair> pair(JsonNode p) {
        String ws = p.path("wsname").asText("");
        int slash = ws.indexOf('/');
        if (slash > 0) {
            return Pairs.canonical(KrakenAssets.normalize(ws.substring(0, slash)),
                    KrakenAssets.normalize(ws.substring(slash + 1)));
        }
        return Pairs.canonical(KrakenAssets.normalize(p.path("base").asText()),
                KrakenAssets.normalize(p.path("quote").asText()));
    }

    /** One order of QueryOrders/OpenOrders/ClosedOrders, whose key is the Kraken txid. */
    static VenueOrderState order(String txid, JsonNode o) {
        BigDecimal vol = Json.decimal(o, "vol");
        BigDecimal exec = Json.decimalOrZero(o, "vol_exec");
        BigDecimal avg = OrderMath.positiveOrNull(Json.decimal(o, "price"));
        if (avg == null) {
            avg = OrderMath.averagePrice(Json.decimal(o, "cost"), exec);
        }
        String status = o.path("status").asText();
        return new VenueOrderState(txid, Json.text(o, "cl_ord_id"), o.path("descr").path("pair").asText(null),
                status(status, vol, exec), vol, exec, avg, List.of(),
                o.hasNonNull("reason") ? status + ": " + o.path("reason").asText() : status);
    }

    /** Kraken closes an IOC or market order whose rest did not fill as "closed" with vol_exec < vol: cancelled. */
    static VenueOrderStatus status(String s, BigDecimal vol, BigDecimal exec) {
        boolean some = exec != null && exec.signum() > 0;
        return switch (s) {
            // "pending": accepted, not yet in the book. It was sent and may still fill, so it is open, never unknown.
            case "pending", "open" -> some ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
            case "closed" -> vol != null && exec != null && exec.compareTo(vol) >= 0
                    ? VenueOrderStatus.FILLED : VenueOrderStatus.CANCELLED;
            case "canceled" -> VenueOrderStatus.CANCELLED;
            case "expired" -> VenueOrderStatus.EXPIRED;
            default -> VenueOrderStatus.OPEN;
        };
    }

    static List<String> tradeIds(JsonNode order) {
        List<String> ids = new ArrayList<>();
        order.path("trades").forEach(t -> ids.add(t.asText()));
        return ids;
    }

    /**
     * One trade of QueryTrades, keyed by the account's trade txid (THVRQM-...), which is the fill id: it is unique per
     * account. The numeric {@code trade_id} inside is the pair's public trade sequence, shared with the counterparty,
     * and is not used. Kraken charges its fee in the quote currency.
     */
    static Fill trade(String tradeId, JsonNode t, String feeAsset) {
        Liquidity liquidity;
        if (t.has("maker")) {
            liquidity = t.path("maker").asBoolean() ? Liquidity.MAKER : Liquidity.TAKER;
        } else {
            liquidity = "market".equals(t.path("ordertype").asText()) ? Liquidity.TAKER : null;
        }
        return new Fill(tradeId, KrakenVenue.NAME, Json.decimal(t, "vol"), Json.decimal(t, "price"),
                OrderMath.chargeOnly(Json.decimal(t, "fee")), feeAsset, liquidity,
                OrderMath.epochSecondsFraction(t.path("time").asText(null)));
    }

    /** The first (only) entry of a result keyed by Kraken's own pair name, such as Depth or TradeVolume fees. */
    static JsonNode firstValue(JsonNode object) {
        Iterator<JsonNode> it = object.elements();
        return it.hasNext() ? it.next() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
