package io.nija.sim.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.http.SimHttpServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Binance dialect over HTTP, signed with an independent signer here, against Binance's documented answers. */
class BinanceDialectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00.250Z"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SimulatedExchanges sim;
    private SimHttpServer server;

    private void start(Supplier<Dialect> dialect) {
        sim = new SimulatedExchanges(clock, 7, Sleeper.advancing(clock));
        server = SimHttpServer.start(sim, 0, v -> v.equals("binance") ? Optional.of(dialect.get()) : Optional.empty());
        sim.createAccount("binance", KEY, SECRET, null,
                Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("2")));
    }

    private void start() {
        start(BinanceDialect::new);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Reply send(String method, String path, String query, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl("binance") + path
                        + (query == null || query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (key != null) {
            b.header("X-MBX-APIKEY", key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /** Signs {@code params} (adding timestamp) and sends them in the query string. */
    private Reply signed(String method, String path, String params) throws Exception {
        String q = (params.isEmpty() ? "" : params + "&") + "timestamp=" + clock.now().toEpochMilli();
        return send(method, path, q + "&signature=" + BinanceSignature.sign(SECRET, q), null, KEY);
    }

    @Test
    void signatureMatchesBinancesDocumentedVectors() {
        assertThat(BinanceSignature.sign(SECRET, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&recvWindow=5000&timestamp=1499827319559"))
                .isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(BinanceSignature.sign(SECRET, "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY"
                + "&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"))
                .isEqualTo("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
        // Query string and body are joined with no separator; the signature parameter itself is left out.
        String payload = BinanceSignature.payload("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd1");
        assertThat(BinanceSignature.sign(SECRET, payload))
                .isEqualTo("0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
        assertThat(BinanceSignature.matches(SECRET, payload,
                "0FD168B8DDB4876A0358A8D14D0C9F3DA0E9B20C5D52B2A00FCF7D1C602F9A77")).isTrue();
    }

    @Test
    void publicMarketData() throws Exception {
        start();
        Reply info = send("GET", "/api/v3/exchangeInfo", null, null, null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.header("X-MBX-USED-WEIGHT-1M")).isEqualTo("20");
        JsonNode btc = null;
        for (JsonNode s : info.body().path("symbols")) {
            if (s.path("symbol").asText().equals("BTCUSDT")) {
                btc = s;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
        assertThat(btc.path("quoteAsset").asText()).isEqualTo("USDT");
        assertThat(btc.path("filters").toString()).contains("\"filterType\":\"PRICE_FILTER\"", "\"tickSize\":\"0.01000000\"",
                "\"stepSize\":\"0.00001000\"", "\"filterType\":\"NOTIONAL\"", "\"minNotional\":\"5.00000000\"");

        Reply depth = send("GET", "/api/v3/depth", "symbol=BTCUSDT&limit=5", null, null);
        assertThat(depth.body().path("bids")).hasSize(5);
        assertThat(depth.body().path("asks").get(0).get(0).isTextual()).isTrue();
        assertThat(depth.header("X-MBX-USED-WEIGHT-1M")).isEqualTo("25");
        assertThat(send("GET", "/api/v3/time", null, null, null).body().path("serverTime").asLong())
                .isEqualTo(clock.now().toEpochMilli());
        Reply bad = send("GET", "/api/v3/depth", "symbol=NOPE", null, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("code").asInt()).isEqualTo(-1121);
        assertThat(bad.body().path("msg").asText()).isEqualTo("Invalid symbol.");
    }

    @Test
    void limitOrderRestsIsQueriedListedAndCancelled() throws Exception {
        start();
        Reply placed = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
                + "&quantity=0.01&price=50000&newClientOrderId=rest-1&newOrderRespType=RESULT");
        assertThat(placed.status()).as(String.valueOf(placed.body())).isEqualTo(200);
        assertThat(placed.body().path("status").asText()).isEqualTo("NEW");
        assertThat(placed.body().path("orderId").isIntegralNumber()).isTrue();
        assertThat(placed.body().path("price").asText()).isEqualTo("50000.00000000");
        assertThat(placed.body().path("origQty").asText()).isEqualTo("0.01000000");
        assertThat(placed.body().has("fills")).isFalse();
        assertThat(placed.header("X-MBX-ORDER-COUNT-10S")).isEqualTo("1");

        Reply q = signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=rest-1");
        assertThat(q.body().path("orderId").asLong()).isEqualTo(placed.body().path("orderId").asLong());
        assertThat(q.body().path("isWorking").asBoolean()).isTrue();
        assertThat(signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").body()).hasSize(1);
        assertThat(signed("GET", "/api/v3/openOrders", "").header("X-MBX-USED-WEIGHT-1M")).isEqualTo("91");

        Reply dup = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
                + "&quantity=0.01&price=50000&newClientOrderId=rest-1");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body().path("code").asInt()).isEqualTo(-2010);
        assertThat(dup.body().path("msg").asText()).isEqualTo("Duplicate order sent.");

        Reply cancelled = signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=rest-1");
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELED");
        assertThat(cancelled.body().path("origClientOrderId").asText()).isEqualTo("rest-1");
        Reply again = signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=rest-1");
        assertThat(again.body().path("code").asInt()).isEqualTo(-2011);
        assertThat(again.body().path("msg").asText()).isEqualTo("Unknown order sent.");
        Reply missing = signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=never");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("code").asInt()).isEqualTo(-2013);
        assertThat(missing.body().path("msg").asText()).isEqualTo("Order does not exist.");
    }

    @Test
    void aStopLossLimitWaitsUntilATradeReachesItsStopPriceThenSells() throws Exception {
        start();
        assertThat(signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01").status()).isEqualTo(200);
        // The last trade is far above a stop price of 1000: a take profit there would fire at once.
        Reply immediate = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=TAKE_PROFIT_LIMIT&timeInForce=GTC"
                + "&quantity=0.01&price=1000.00&stopPrice=1000.00&newClientOrderId=tp-now");
        assertThat(immediate.status()).isEqualTo(400);
        assertThat(immediate.body().path("code").asInt()).isEqualTo(-2010);
        assertThat(immediate.body().path("msg").asText()).isEqualTo("Stop price would trigger immediately.");
        Reply noStop = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC"
                + "&quantity=0.01&price=1.00");
        assertThat(noStop.body().path("code").asInt()).isEqualTo(-1102);

        JsonNode bids = send("GET", "/api/v3/depth", "symbol=BTCUSDT&limit=100", null, null).body().path("bids");
        BigDecimal stop = new BigDecimal(bids.get(2).get(0).asText());
        BigDecimal walk = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            walk = walk.add(new BigDecimal(bids.get(i).get(1).asText()));
        }
        BigDecimal floor = new BigDecimal(bids.get(bids.size() - 1).get(0).asText()).divide(BigDecimal.TWO)
                .setScale(0, java.math.RoundingMode.DOWN);
        Reply placed = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC"
                + "&quantity=0.01&price=" + floor.toPlainString() + "&stopPrice=" + stop.toPlainString()
                + "&newClientOrderId=sl-1&newOrderRespType=RESULT");
        assertThat(placed.status()).as(String.valueOf(placed.body())).isEqualTo(200);
        assertThat(placed.body().path("status").asText()).isEqualTo("NEW");
        assertThat(placed.body().path("type").asText()).isEqualTo("STOP_LOSS_LIMIT");
        assertThat(placed.body().path("workingTime").asLong()).isEqualTo(-1);
        Reply waiting = signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=sl-1");
        assertThat(waiting.body().path("isWorking").asBoolean()).isFalse();
        assertThat(new BigDecimal(waiting.body().path("stopPrice").asText())).isEqualByComparingTo(stop);
        assertThat(signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").body()).hasSize(1);
        JsonNode locked = signed("GET", "/api/v3/account", "omitZeroBalances=true").body().path("balances");
        assertThat(locked.toString()).contains("\"asset\":\"BTC\",\"free\":\"2.00000000\",\"locked\":\"0.01000000\"");

        // Someone else sells through the first three bid levels: the last trade prints at the stop price.
        sim.createAccount("binance", "other-key", "other-secret-0123456789", null, Map.of("BTC", new BigDecimal("100000")));
        sim.engine("binance").place("other-key", io.nija.sim.engine.NewOrder.market("BTCUSDT", null,
                io.nija.core.signal.Side.SELL, walk));
        Reply fired = signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=sl-1");
        assertThat(fired.body().path("status").asText()).isEqualTo("FILLED");
        assertThat(fired.body().path("type").asText()).isEqualTo("STOP_LOSS_LIMIT");
        assertThat(fired.body().path("isWorking").asBoolean()).isTrue();
        assertThat(new BigDecimal(fired.body().path("executedQty").asText())).isEqualByComparingTo("0.01");
        assertThat(signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").body()).isEmpty();
    }

    @Test
    void marketOrderFillsWithFillsAndTrades() throws Exception {
        start();
        Reply placed = signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.05"
                + "&newClientOrderId=mkt-1");
        assertThat(placed.status()).as(String.valueOf(placed.body())).isEqualTo(200);
        JsonNode o = placed.body();
        assertThat(o.path("status").asText()).isEqualTo("FILLED");
        assertThat(o.path("executedQty").asText()).isEqualTo("0.05000000");
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        for (JsonNode f : o.path("fills")) {
            qty = qty.add(new BigDecimal(f.path("qty").asText()));
            quote = quote.add(new BigDecimal(f.path("qty").asText()).multiply(new BigDecimal(f.path("price").asText())));
            assertThat(f.path("commissionAsset").asText()).isEqualTo("USDT");
        }
        assertThat(qty).isEqualByComparingTo("0.05");
        assertThat(quote).isEqualByComparingTo(o.path("cummulativeQuoteQty").asText());
        JsonNode trades = signed("GET", "/api/v3/myTrades", "symbol=BTCUSDT&orderId=" + o.path("orderId").asLong()).body();
        assertThat(trades).hasSize(o.path("fills").size());
        assertThat(trades.get(0).path("isBuyer").asBoolean()).isTrue();
        assertThat(trades.get(0).path("isMaker").asBoolean()).isFalse();
        JsonNode account = signed("GET", "/api/v3/account", "omitZeroBalances=true").body();
        assertThat(account.path("commissionRates").path("taker").asText()).isEqualTo("0.00100000");
        assertThat(account.path("balances").toString()).contains("\"asset\":\"BTC\",\"free\":\"2.05000000\"");
        JsonNode commission = signed("GET", "/api/v3/account/commission", "symbol=BTCUSDT").body();
        assertThat(commission.path("standardCommission").path("maker").asText()).isEqualTo("0.00100000");
    }

    @Test
    void paramsInTheFormBodyAreSignedWithTheQueryString() throws Exception {
        start();
        String query = "symbol=BTCUSDT&side=SELL&type=MARKET";
        String body = "quantity=0.001&newClientOrderId=form-1&timestamp=" + clock.now().toEpochMilli();
        String sig = BinanceSignature.sign(SECRET, query + body);
        Reply r = send("POST", "/api/v3/order", query, body + "&signature=" + sig, KEY);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        assertThat(r.body().path("clientOrderId").asText()).isEqualTo("form-1");
    }

    @Test
    void refusalsAreBinancesCodesAndMessages() throws Exception {
        start();
        String ts = "timestamp=" + clock.now().toEpochMilli();
        Reply noKey = send("GET", "/api/v3/account", ts + "&signature=00", null, null);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.body().path("code").asInt()).isEqualTo(-2014);
        Reply unknownKey = send("GET", "/api/v3/account", ts + "&signature=00", null, "someoneElse");
        assertThat(unknownKey.body().path("code").asInt()).isEqualTo(-2015);
        Reply badSig = send("GET", "/api/v3/account", ts + "&signature=" + BinanceSignature.sign("wrong", ts), null, KEY);
        assertThat(badSig.status()).isEqualTo(400);
        assertThat(badSig.body().path("code").asInt()).isEqualTo(-1022);
        assertThat(badSig.body().path("msg").asText()).isEqualTo("Signature for this request is not valid.");
        String old = "timestamp=" + (clock.now().toEpochMilli() - 6000);
        Reply stale = send("GET", "/api/v3/account", old + "&signature=" + BinanceSignature.sign(SECRET, old), null, KEY);
        assertThat(stale.body().path("code").asInt()).isEqualTo(-1021);
        String ahead = "timestamp=" + (clock.now().toEpochMilli() + 1500);
        assertThat(send("GET", "/api/v3/account", ahead + "&signature=" + BinanceSignature.sign(SECRET, ahead), null, KEY)
                .body().path("code").asInt()).isEqualTo(-1021);
        assertThat(send("GET", "/api/v3/account", "signature=00", null, KEY).body().path("code").asInt()).isEqualTo(-1102);

        Map<String, String> cases = Map.of(
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=50000.005", "Filter failure: PRICE_FILTER",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000015&price=50000", "Filter failure: LOT_SIZE",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=50000", "Filter failure: NOTIONAL",
                "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.00002", "Filter failure: NOTIONAL",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=10&price=50000",
                "Account has insufficient balance for requested action.",
                "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=3", "Account has insufficient balance for requested action.");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Reply r = signed("POST", "/api/v3/order", c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body().path("msg").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(r.body().path("code").asInt()).as(c.getKey())
                    .isEqualTo(c.getValue().startsWith("Filter") ? -1013 : -2010);
        }
        Reply sym = signed("POST", "/api/v3/order", "symbol=FOOBAR&side=BUY&type=MARKET&quantity=1");
        assertThat(sym.body().path("code").asInt()).isEqualTo(-1121);
        assertThat(sim.engine("binance").acceptedOrders()).isEmpty();
    }

    @Test
    void weightOverTheLimitIs429ThenAnIpBanIs418() throws Exception {
        start(() -> BinanceDialect.withLimits(10, 100, 2));
        for (int i = 0; i < 6; i++) {
            assertThat(send("GET", "/api/v3/ping", null, null, null).status()).isEqualTo(200);
        }
        assertThat(send("GET", "/api/v3/depth", "symbol=BTCUSDT", null, null).status()).isEqualTo(429);
        Reply limited = send("GET", "/api/v3/ping", null, null, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().path("code").asInt()).isEqualTo(-1003);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(limited.header("X-MBX-USED-WEIGHT-1M")).isEqualTo("12");
        Reply banned = send("GET", "/api/v3/ping", null, null, null);
        assertThat(banned.status()).isEqualTo(418);
        assertThat(banned.body().path("msg").asText()).startsWith("Way too much request weight used; IP banned until");
        assertThat(banned.header("Retry-After")).isEqualTo("120");
        clock.advance(Duration.ofSeconds(121));
        assertThat(send("GET", "/api/v3/ping", null, null, null).status()).isEqualTo(200);
    }

    @Test
    void faultsAreAnsweredTheBinanceWay() throws Exception {
        start();
        sim.setFaults("binance", io.nija.sim.fault.SimFaults.NONE.withRateLimitStorm(true));
        Reply storm = send("GET", "/api/v3/ping", null, null, null);
        assertThat(storm.status()).isEqualTo(429);
        assertThat(storm.body().path("code").asInt()).isEqualTo(-1003);
        assertThat(storm.header("Retry-After")).isNotNull();
        sim.setFaults("binance", io.nija.sim.fault.SimFaults.NONE.withMaintenance(true));
        Reply maintenance = send("GET", "/api/v3/ping", null, null, null);
        assertThat(maintenance.status()).isEqualTo(503);
        assertThat(maintenance.body().path("code").asInt()).isEqualTo(-1008);
        sim.setFaults("binance", io.nija.sim.fault.SimFaults.NONE.withHttp5xxRate(1));
        assertThat(send("GET", "/api/v3/ping", null, null, null).status()).isEqualTo(500);
    }
}
