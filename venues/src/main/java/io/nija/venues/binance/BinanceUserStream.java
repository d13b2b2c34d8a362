package io.nija.venues.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.common.Json;
import io.nija.venues.common.OrderMath;
import io.nija.venues.stream.PrivateStreamDialect;
import io.nija.venues.stream.StreamJson;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's user data stream: a listen key from {@code POST /api/v3/userDataStream} (API key header, no signature;
 * made by the adapter, within its request weight), kept alive by {@code PUT} every 30 minutes (it expires after 60), and {@code <stream base>/ws/<listenKey>}, which
 * pushes an {@code executionReport} per order change and per trade. The trade id {@code t} is what myTrades calls
 * {@code id}, so a fill seen both ways is counted once. Binance has no application heartbeat (the server pings),
 * so a stalled stream can only be found out by its missing data.
 */
public final class BinanceUserStream implements PrivateStreamDialect {
    /** The listen-key calls, made by the venue's adapter so they count against its request budget. */
    public interface ListenKeys {
        String create(VenueAccount account);

        void keepAlive(VenueAccount account, String listenKey);

        void close(VenueAccount account, String listenKey);
    }

    private final ListenKeys calls;
    private final URI streamBase;
    private final Map<String, String> listenKeys = new ConcurrentHashMap<>();

    /**
     * @param calls      the adapter's listen-key calls ({@link BinanceVenue#listenKeys()})
     * @param streamBase the stream base (wss://stream.binance.com:9443)
     */
    public BinanceUserStream(ListenKeys calls, URI streamBase) {
        this.calls = calls;
        this.streamBase = streamBase;
    }

    @Override
    public String venue() {
        return BinanceVenue.NAME;
    }

    @Override
    public URI connectUri(VenueAccount account) {
        String key = calls.create(account);
        listenKeys.put(account.apiKey(), key);
        return URI.create(streamBase + "/ws/" + key);
    }

    @Override
    public List<String> onOpen(VenueAccount account, long nowMillis) {
        return List.of();
    }

    @Override
    public boolean readyOnOpen() {
        return true;
    }

    @Override
    public void keepAlive(VenueAccount account) {
        String key = listenKeys.get(account.apiKey());
        if (key != null) {
            calls.keepAlive(account, key);
        }
    }

    @Override
    public void closed(VenueAccount account) {
        String key = listenKeys.remove(account.apiKey());
        if (key != null) {
            try {
                calls.close(account, key);
            } catch (RuntimeException e) {
                // It expires by itself within the hour.
            }
        }
    }

    @Override
    public Parsed parse(String text) {
        JsonNode m = StreamJson.read(text);
        if (!"executionReport".equals(m.path("e").asText())) {
            return Parsed.NOTHING; // balance and account updates: not orders
        }
        return Parsed.orders(List.of(order(m)));
    }
    /** One executionReport as the order's state with the trade it reports, if any. */
    static VenueOrderState order(JsonNode m) {
        // On a cancel, c is the cancel request's own id and C the order's.
        String original = m.path("C").asText("");
        String clientId = original.isEmpty() ? m.path("c").asText() : original;
        BigDecimal cum = Json.decimalOrZero(m, "z");
        List<Fill> fills = List.of();
        long tradeId = m.path("t").asLong(-1);
        BigDecimal lastQty = Json.decimalOrZero(m, "l");
        if (tradeId >= 0 && lastQty.signum() > 0) {
            fills = List.of(new Fill(Long.toString(tradeId), BinanceVenue.NAME, lastQty, Json.decimal(m, "L"),
                    OrderMath.chargeOnly(Json.decimal(m, "n")), Json.text(m, "N"),
                    m.path("m").asBoolean() ? Liquidity.MAKER : Liquidity.TAKER,
                    Instant.ofEpochMilli(m.path("T").asLong())));
        }
        return new VenueOrderState(m.path("i").asText(), clientId, m.path("s").asText(),
                BinanceParser.status(m.path("X").asText(), m.path("f").asText(""), m.path("o").asText("")),
                Json.decimal(m, "q"), cum, OrderMath.averagePrice(Json.decimal(m, "Z"), cum), fills,
                m.path("X").asText());
    }
}
