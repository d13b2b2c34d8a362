package io.nija.sim.dialect.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.support.ErrorProbe;
import io.nija.sim.dialect.support.LoopbackDialect;
import io.nija.sim.dialect.support.LoopbackDialect.Reply;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Alpaca dialect over HTTP, with the key headers Alpaca documents (there is no signature to compute). */
class AlpacaDialectTest {
    private static final String KEY = "PKTESTKEY0000000001";
    private static final String SECRET = "secretsecretsecretsecretsecretsecret0001";

    private final LoopbackDialect sim = new LoopbackDialect(new AlpacaDialect());

    AlpacaDialectTest() {
        sim.openAccount(KEY, SECRET, null, Map.of("USD", "100000", "BTC", "2"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header("APCA-API-KEY-ID", KEY).header("APCA-API-SECRET-KEY", SECRET);
    }

    private Reply get(String path) {
        return sim.send(auth(sim.request(path).GET()));
    }

    private Reply post(String path, String body) {
        return sim.send(auth(sim.request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")));
    }

    private Reply delete(String path) {
        return sim.send(auth(sim.request(path).DELETE()));
    }

    private BigDecimal bestBid() {
        JsonNode r = sim.send(sim.request("/v1beta3/crypto/us/latest/orderbooks?symbols=BTC/USD").GET()).body();
        return r.path("orderbooks").path("BTC/USD").path("b").path(0).path("p").decimalValue();
    }

    @Test
    void assetsAndOrderbooks() {
        JsonNode assets = sim.send(sim.request("/v2/assets?asset_class=crypto&status=active").GET()).body();
        JsonNode btc = null;
        for (JsonNode a : assets) {
            if (a.path("symbol").asText().equals("BTC/USD")) {
                btc = a;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("class").asText()).isEqualTo("crypto");
        assertThat(btc.path("tradable").asBoolean()).isTrue();
        assertThat(btc.path("price_increment").asText()).isEqualTo("1");
        assertThat(btc.path("min_order_size").asText()).isEqualTo("0.000027");
        assertThat(btc.path("min_trade_increment").asText()).isEqualTo("0.000000001");
        assertThat(sim.send(sim.request("/v2/assets?asset_class=us_equity").GET()).body()).isEmpty();
        Reply badKeys = sim.send(sim.request("/v2/assets?asset_class=crypto").GET()
                .header("APCA-API-KEY-ID", KEY).header("APCA-API-SECRET-KEY", "wrong"));
        assertThat(badKeys.status()).isEqualTo(401);

        Reply books = sim.send(sim.request("/v1beta3/crypto/us/latest/orderbooks?symbols=BTC/USD,ETH/USD,NOPE/USD").GET());
        assertThat(books.status()).isEqualTo(200);
        JsonNode b = books.body().path("orderbooks").path("BTC/USD");
        assertThat(b.path("a").path(0).path("p").isNumber()).isTrue();
        assertThat(b.path("a").path(0).path("p").decimalValue()).isGreaterThan(b.path("b").path(0).path("p").decimalValue());
        assertThat(books.body().path("orderbooks").has("ETH/USD")).isTrue();
        assertThat(books.body().path("orderbooks").has("NOPE/USD")).isFalse();
        assertThat(books.raw().body()).doesNotContain("E-");
        assertThat(books.header("X-RateLimit-Limit")).isEqualTo("200");
    }

    @Test
    void keysAreRequiredAndChecked() {
        Reply none = sim.send(sim.request("/v2/account").GET());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("code").asInt()).isEqualTo(40110000);
        Reply wrong = sim.send(sim.request("/v2/account").GET().header("APCA-API-KEY-ID", KEY)
                .header("APCA-API-SECRET-KEY", "nope"));
        assertThat(wrong.status()).isEqualTo(401);
        Reply ok = get("/v2/account");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("currency").asText()).isEqualTo("USD");
        assertThat(ok.body().path("cash").asText()).isEqualTo("100000");
        assertThat(ok.body().path("non_marginable_buying_power").asText()).isEqualTo("100000");
        assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("200");
        assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo("199");
    }

    @Test
    void limitOrderPlaceQueryListCancel() {
        BigDecimal px = bestBid().subtract(new BigDecimal("500"));
        Reply placed = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"" + px.toPlainString() + "\",\"client_order_id\":\"c-1\"}");
        assertThat(placed.status()).isEqualTo(200);
        JsonNode o = placed.body();
        assertThat(o.path("client_order_id").asText()).isEqualTo("c-1");
        assertThat(o.path("status").asText()).isEqualTo("new");
        assertThat(o.path("symbol").asText()).isEqualTo("BTC/USD");
        assertThat(o.path("asset_class").asText()).isEqualTo("crypto");
        assertThat(o.path("qty").asText()).isEqualTo("0.01");
        assertThat(o.path("filled_qty").asText()).isEqualTo("0");
        assertThat(o.path("filled_avg_price").isNull()).isTrue();
        String id = o.path("id").asText();

        JsonNode byClient = get("/v2/orders:by_client_order_id?client_order_id=c-1").body();
        assertThat(byClient.path("id").asText()).isEqualTo(id);
        assertThat(get("/v2/orders/" + id).body().path("client_order_id").asText()).isEqualTo("c-1");
        assertThat(get("/v2/orders?status=open").body()).hasSize(1);

        Reply dup = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"" + px.toPlainString() + "\",\"client_order_id\":\"c-1\"}");
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.body().path("message").asText()).isEqualTo("client_order_id must be unique");

        Reply cancelled = delete("/v2/orders/" + id);
        assertThat(cancelled.status()).isEqualTo(204);
        assertThat(get("/v2/orders/" + id).body().path("status").asText()).isEqualTo("canceled");
        assertThat(get("/v2/orders?status=open").body()).isEmpty();
        assertThat(get("/v2/orders?status=closed").body()).hasSize(1);
        Reply again = delete("/v2/orders/" + id);
        assertThat(again.status()).isEqualTo(422);
        Reply reused = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"" + px.toPlainString() + "\",\"client_order_id\":\"c-1\"}");
        assertThat(reused.status()).as("a client_order_id stays taken after the order closed").isEqualTo(422);
        assertThat(delete("/v2/orders/00000000-0000-4000-8000-000000000000").status()).isEqualTo(404);
        assertThat(get("/v2/orders:by_client_order_id?client_order_id=ghost").status()).isEqualTo(404);
    }

    @Test
    void marketOrdersByQtyAndNotionalFillsPositionsAndActivities() {
        Reply byQty = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"gtc\",\"client_order_id\":\"m-1\"}");
        assertThat(byQty.status()).isEqualTo(200);
        assertThat(byQty.body().path("status").asText()).isEqualTo("filled");
        assertThat(byQty.body().path("filled_qty").asText()).isEqualTo("0.01");
        assertThat(new BigDecimal(byQty.body().path("filled_avg_price").asText())).isPositive();

        Reply byNotional = post("/v2/orders", "{\"symbol\":\"BTCUSD\",\"notional\":\"500\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"ioc\"}");
        assertThat(byNotional.status()).isEqualTo(200);
        assertThat(byNotional.body().path("notional").asText()).isEqualTo("500");
        assertThat(byNotional.body().path("qty").isNull()).isTrue();
        assertThat(byNotional.body().path("client_order_id").asText()).isNotBlank();

        JsonNode fills = get("/v2/account/activities/FILL?direction=asc").body();
        assertThat(fills.size()).isGreaterThanOrEqualTo(2);
        BigDecimal first = BigDecimal.ZERO;
        for (JsonNode f : fills) {
            assertThat(f.path("activity_type").asText()).isEqualTo("FILL");
            if (f.path("order_id").asText().equals(byQty.body().path("id").asText())) {
                first = first.add(new BigDecimal(f.path("qty").asText()));
            }
        }
        assertThat(first).isEqualByComparingTo("0.01");
        JsonNode page = get("/v2/account/activities/FILL?direction=asc&page_size=1").body();
        assertThat(page).hasSize(1);
        JsonNode next = get("/v2/account/activities/FILL?direction=asc&page_size=1&page_token="
                + page.path(0).path("id").asText()).body();
        assertThat(next.path(0).path("id").asText()).isEqualTo(fills.path(1).path("id").asText());
        assertThat(get("/v2/account/activities/CFEE").body()).isNotEmpty();

        JsonNode positions = get("/v2/positions").body();
        JsonNode btc = null;
        for (JsonNode p : positions) {
            if (p.path("symbol").asText().equals("BTCUSD")) {
                btc = p;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("asset_class").asText()).isEqualTo("crypto");
        assertThat(new BigDecimal(btc.path("qty").asText())).isGreaterThan(new BigDecimal("2.01"));
        assertThat(new BigDecimal(get("/v2/account").body().path("cash").asText())).isLessThan(new BigDecimal("100000"));
    }

    @Test
    void refusalsInAlpacaWords() {
        Reply poor = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"10\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"60000\"}");
        assertThat(poor.status()).isEqualTo(403);
        assertThat(poor.body().path("message").asText()).startsWith("insufficient balance for USD");
        Reply sellPoor = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"3\",\"side\":\"sell\",\"type\":\"market\","
                + "\"time_in_force\":\"gtc\"}");
        assertThat(sellPoor.status()).isEqualTo(403);
        assertThat(sellPoor.body().path("message").asText()).contains("BTC");
        Reply unknown = post("/v2/orders", "{\"symbol\":\"NOPE/USD\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"gtc\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("message").asText()).contains("asset").contains("not found");
        Reply day = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}");
        assertThat(day.status()).isEqualTo(422);
        Reply tiny = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"notional\":\"9.99\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"gtc\"}");
        assertThat(tiny.status()).isEqualTo(403);
        assertThat(tiny.body().path("code").asInt()).isEqualTo(40310000);
        assertThat(tiny.body().path("message").asText()).isEqualTo("cost basis must be >= minimal amount of order 10");
        Reply tick = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"60000.5\"}");
        assertThat(tick.status()).isEqualTo(422);
        assertThat(tick.body().path("message").asText()).contains("price");
        Reply both = post("/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"notional\":\"10\",\"side\":\"buy\","
                + "\"type\":\"market\",\"time_in_force\":\"gtc\"}");
        assertThat(both.status()).isEqualTo(422);
    }

    @Test
    void twoHundredRequestsPerMinutePerKey() {
        for (int i = 0; i < 200; i++) {
            assertThat(get("/v2/clock").status()).isEqualTo(200);
        }
        Reply over = get("/v2/account");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("X-RateLimit-Remaining")).isEqualTo("0");
        long reset = Long.parseLong(over.header("X-RateLimit-Reset"));
        assertThat(reset * 1000).isGreaterThan(sim.clock.epochMillis());
        // Market data has its own budget.
        assertThat(sim.send(sim.request("/v1beta3/crypto/us/latest/orderbooks?symbols=BTC/USD").GET()).status())
                .isEqualTo(200);
        sim.clock.advance(Duration.ofMinutes(1));
        assertThat(get("/v2/account").status()).isEqualTo(200);
    }

    @Test
    void writeErrorSpeaksAlpaca() {
        try (ErrorProbe probe = new ErrorProbe(new AlpacaDialect())) {
            assertThat(probe.write(VenueErrorKind.RATE_LIMITED, "storm").status()).isEqualTo(429);
            assertThat(probe.write(VenueErrorKind.VENUE_UNAVAILABLE, "alpaca is under maintenance").status())
                    .isEqualTo(503);
            assertThat(probe.write(VenueErrorKind.VENUE_UNAVAILABLE, "Internal server error").status()).isEqualTo(500);
            Reply funds = probe.write(VenueErrorKind.INSUFFICIENT_FUNDS, "x");
            assertThat(funds.status()).isEqualTo(403);
            assertThat(funds.body().path("message").asText()).contains("insufficient balance");
        }
    }
}
