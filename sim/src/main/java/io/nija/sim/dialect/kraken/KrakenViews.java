package io.nija.sim.dialect.kraken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of Kraken's market data and account answers, and Kraken's number and time formats (orders and
 * trades are {@link KrakenOrderViews}').
 */
final class KrakenViews {
    static final int COST_DECIMALS = 5;
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yy HH:mm:ss '+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ObjectMapper json;

    KrakenViews(ObjectMapper json) {
        this.json = json;
    }

    // ---- market data ----------------------------------------------------------------------------------

    ObjectNode time(Instant now) {
        ObjectNode r = json.createObjectNode();
        r.put("unixtime", now.getEpochSecond());
        r.put("rfc1123", RFC1123.format(now));
        return r;
    }

    ObjectNode systemStatus(String status, Instant now) {
        ObjectNode r = json.createObjectNode();
        r.put("status", status);
        r.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        return r;
    }

    /** Assets by Kraken code; the values are the engine's asset names. */
    ObjectNode assets(Map<String, String> byCode) {
        ObjectNode r = json.createObjectNode();
        byCode.forEach((code, asset) -> {
            ObjectNode a = r.putObject(code);
            a.put("aclass", "currency");
            a.put("altname", KrakenNames.altname(asset));
            a.put("decimals", KrakenNames.decimals(asset));
            a.put("display_decimals", KrakenNames.decimals(asset) <= 4 ? 2 : 5);
            a.put("status", "enabled");
        });
        return r;
    }

    /** AssetPairs with {@code info} one of info, leverage, fees, margin. */
    ObjectNode assetPairs(List<PairName> pairs, String info, FeeSchedule fees) {
        ObjectNode r = json.createObjectNode();
        for (PairName pair : pairs) {
            Instrument ins = pair.instrument();
            ObjectNode o = r.putObject(pair.key());
            if ("info".equals(info)) {
                o.put("altname", pair.altname());
                o.put("wsname", pair.wsname());
                o.put("aclass_base", "currency");
                o.put("base", pair.base());
                o.put("aclass_quote", "currency");
                o.put("quote", pair.quote());
                o.put("lot", "unit");
                o.put("cost_decimals", COST_DECIMALS);
                o.put("pair_decimals", ins.priceScale());
                o.put("lot_decimals", ins.quantityScale());
                o.put("lot_multiplier", 1);
            }
            if ("info".equals(info) || "leverage".equals(info)) {
                o.putArray("leverage_buy");
                o.putArray("leverage_sell");
            }
            if ("info".equals(info) || "fees".equals(info)) {
                o.putArray("fees").addArray().add(0).add(number(fees.taker().movePointRight(2)));
                o.putArray("fees_maker").addArray().add(0).add(number(fees.maker().movePointRight(2)));
                o.put("fee_volume_currency", KrakenNames.code(pair.quoteAsset()));
            }
            if ("info".equals(info) || "margin".equals(info)) {
                o.put("margin_call", 80);
                o.put("margin_stop", 40);
            }
            if ("info".equals(info)) {
                o.put("ordermin", Decimals.plain(ins.minQty()));
                o.put("costmin", Decimals.plain(ins.minNotional()));
                o.put("tick_size", Decimals.plain(ins.tickSize()));
                o.put("status", "online");
            }
        }
        return r;
    }

    ObjectNode depth(PairName pair, OrderBook book) {
        ObjectNode r = json.createObjectNode();
        ObjectNode b = r.putObject(pair.key());
        long ts = book.time().getEpochSecond();
        levels(b.putArray("asks"), book.asks(), pair.instrument(), ts);
        levels(b.putArray("bids"), book.bids(), pair.instrument(), ts);
        return r;
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels, Instrument ins, long ts) {
        for (PriceLevel l : levels) {
            out.addArray().add(l.price().setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString())
                    .add(l.quantity().setScale(Math.max(ins.quantityScale(), 3), RoundingMode.DOWN).toPlainString())
                    .add(ts);
        }
    }

    /** One pair's ticker into {@code r}, from its top of book and last price (null when there is none). */
    void ticker(ObjectNode r, PairName pair, OrderBook book, BigDecimal last) {
        Instrument ins = pair.instrument();
        String lastText = last == null ? "0" : last.setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString();
        ObjectNode t = r.putObject(pair.key());
        touch(t.putArray("a"), book.asks(), ins);
        touch(t.putArray("b"), book.bids(), ins);
        t.putArray("c").add(lastText).add("0.00000000");
        t.putArray("v").add("0.00000000").add("0.00000000");
        t.putArray("p").add(lastText).add(lastText);
        t.putArray("t").add(0).add(0);
        t.putArray("l").add(lastText).add(lastText);
        t.putArray("h").add(lastText).add(lastText);
        t.put("o", lastText);
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    private static void touch(ArrayNode out, List<PriceLevel> side, Instrument ins) {
        if (side.isEmpty()) {
            out.add("0").add("0").add("0.000");
            return;
        }
        PriceLevel top = side.get(0);
        out.add(top.price().setScale(ins.priceScale(), RoundingMode.DOWN).toPlainString())
                .add(top.quantity().setScale(0, RoundingMode.DOWN).toPlainString())
                .add(top.quantity().setScale(Math.max(3, ins.quantityScale()), RoundingMode.DOWN).toPlainString());
    }

    // ---- account --------------------------------------------------------------------------------------

    ObjectNode balance(Collection<Balance> balances) {
        ObjectNode r = json.createObjectNode();
        for (Balance b : balances) {
            r.put(KrakenNames.code(b.asset()), amount(b.total(), KrakenNames.decimals(b.asset())));
        }
        return r;
    }

    ObjectNode balanceEx(Collection<Balance> balances) {
        ObjectNode r = json.createObjectNode();
        for (Balance b : balances) {
            ObjectNode o = r.putObject(KrakenNames.code(b.asset()));
            int d = KrakenNames.decimals(b.asset());
            o.put("balance", amount(b.total(), d));
            o.put("hold_trade", amount(b.locked(), d));
        }
        return r;
    }

    ObjectNode tradeVolume(BigDecimal volume, List<PairName> pairs, FeeSchedule fees) {
        ObjectNode r = json.createObjectNode();
        r.put("currency", "ZUSD");
        r.put("volume", amount(volume, 4));
        if (!pairs.isEmpty()) {
            ObjectNode taker = r.putObject("fees");
            ObjectNode maker = r.putObject("fees_maker");
            for (PairName pair : pairs) {
                feeTier(taker.putObject(pair.key()), fees.taker());
                feeTier(maker.putObject(pair.key()), fees.maker());
            }
        }
        return r;
    }

    private static void feeTier(ObjectNode o, BigDecimal rate) {
        String pct = amount(rate.movePointRight(2), 4);
        o.put("fee", pct);
        o.put("minfee", pct);
        o.put("maxfee", pct);
        o.putNull("nextfee");
        o.putNull("nextvolume");
        o.put("tiervolume", "0.0000");
    }

    /**
     * The key's name, permissions and restrictions. Permissions use the names of Kraken's key settings: read grants
     * the query_* ones, trade the order ones, withdraw withdraw_funds.
     */
    ObjectNode apiKeyInfo(String apiKey, AccountOptions options, Instant now) {
        ObjectNode r = json.createObjectNode();
        r.put("name", "simulator-" + apiKey.substring(0, Math.min(6, apiKey.length())));
        r.put("api_key", apiKey);
        ArrayNode perms = r.putArray("permissions");
        if (options.can(Permission.READ)) {
            perms.add("query_funds").add("query_open_orders_and_trades").add("query_closed_orders_and_trades")
                    .add("query_ledger_entries");
        }
        if (options.can(Permission.TRADE)) {
            perms.add("create_modify_orders").add("cancel_close_orders");
        }
        if (options.can(Permission.WITHDRAW)) {
            perms.add("withdraw_funds");
        }
        ObjectNode restrictions = r.putObject("restrictions");
        restrictions.putArray("ip_allowlist");
        restrictions.putNull("query_start");
        restrictions.putNull("query_end");
        restrictions.putNull("valid_until");
        r.put("created_at", "2024-01-01T00:00:00Z");
        r.put("last_used", now.toString());
        return r;
    }

    // ---- formats --------------------------------------------------------------------------------------

    /** Seconds since the epoch with Kraken's four decimals. */
    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 100_000, 4));
    }

    /** An exact amount with at least {@code decimals} decimals (more only when the value really has them). */
    static String amount(BigDecimal v, int decimals) {
        BigDecimal s = v.stripTrailingZeros();
        return v.setScale(Math.max(decimals, s.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** A JSON number that prints plainly (no exponent). */
    static BigDecimal number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
    }
}
