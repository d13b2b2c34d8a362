package io.nija.sim.dialect.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.support.ErrorProbe;
import io.nija.sim.dialect.support.LoopbackDialect;
import io.nija.sim.dialect.support.LoopbackDialect.Reply;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Bybit dialect driven over HTTP by a client signing as the v5 guide says, with the test's own signer. */
class BybitDialectTest {
    private static final String KEY = "XXXXXXXXXX";
    private static final String SECRET = "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t";
    private static final String RECV = "5000";

    private final LoopbackDialect sim = new LoopbackDialect(new BybitDialect());

    BybitDialectTest() {
        sim.openAccount(KEY, SECRET, null, Map.of("USDT", "100000", "BTC", "2"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The docs' strings to sign (their secret is unpublished, so only the construction is checked). */
    @Test
    void stringToSignFollowsTheDocumentedExamples() {
        assertThat("1658384314791" + "XXXXXXXXXX" + "5000" + "category=option&symbol=BTC-29JUL22-25000-C")
                .isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
        assertThat(sign("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"); // RFC-known HMAC
    }

    @Test
    void keyInfoAccountTypeAndPermissionErrorFollowTheAccount() {
        sim.engine.openAccount("ro-key", "ro-secret", null, Map.of(), sim.engine.defaultFees(),
                new io.nija.sim.engine.AccountOptions(java.util.Set.of(io.nija.sim.engine.Permission.READ), false));
        Reply mine = get("/v5/user/query-api", "");
        assertThat(mine.body().path("result").path("readOnly").asInt()).isEqualTo(0);
        assertThat(mine.body().path("result").path("permissions").path("Spot").get(0).asText()).isEqualTo("SpotTrade");
        assertThat(get("/v5/account/info", "").body().path("result").path("unifiedMarginStatus").asInt()).isEqualTo(5);

        long now = sim.clock.epochMillis();
        Reply ro = getAs("/v5/user/query-api", "", "ro-key", "ro-secret", now);
        assertThat(ro.body().path("result").path("readOnly").asInt()).isEqualTo(1);
        assertThat(ro.body().path("result").path("permissions").path("Spot")).isEmpty();
        assertThat(ro.body().path("result").path("uta").asInt()).isEqualTo(0);
        assertThat(getAs("/v5/account/info", "", "ro-key", "ro-secret", now).body().path("result")
                .path("unifiedMarginStatus").asInt()).isEqualTo(1);
        assertThat(getAs("/v5/order/realtime", "category=spot", "ro-key", "ro-secret", now).body().path("retCode").asInt())
                .isEqualTo(0);
        sim.engine.openAccount("to-key", "to-secret", null, Map.of(), sim.engine.defaultFees(),
                new io.nija.sim.engine.AccountOptions(java.util.Set.of(io.nija.sim.engine.Permission.TRADE), true));
        assertThat(getAs("/v5/order/realtime", "category=spot", "to-key", "to-secret", now).body().path("retCode").asInt())
                .isEqualTo(10005);
    }

    @Test
    void marketUnitBaseCoinCountsOnlyOnAUnifiedAccount() {
        String body = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\","
                + "\"qty\":\"0.01\",\"marketUnit\":\"baseCoin\",\"orderLinkId\":\"u-1\"}";
        assertThat(post("/v5/order/create", body).body().path("retCode").asInt()).isEqualTo(0);
        assertThat(sim.engine.orderByClientId(KEY, "u-1").orElseThrow().filledQty()).isEqualByComparingTo("0.01");

        sim.engine.openAccount("classic", "classic-secret", null, Map.of("USDT", new BigDecimal("100000")),
                sim.engine.defaultFees(), new io.nija.sim.engine.AccountOptions(
                        io.nija.sim.engine.Permission.defaults(), false));
        String classic = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\","
                + "\"qty\":\"100\",\"marketUnit\":\"baseCoin\",\"orderLinkId\":\"c-1\"}";
        String t = Long.toString(sim.clock.epochMillis());
        Reply r = sim.send(sim.request("/v5/order/create").POST(HttpRequest.BodyPublishers.ofString(classic))
                .header("Content-Type", "application/json").header("X-BAPI-API-KEY", "classic")
                .header("X-BAPI-TIMESTAMP", t).header("X-BAPI-RECV-WINDOW", RECV)
                .header("X-BAPI-SIGN", sign("classic-secret", t + "classic" + RECV + classic)));
        assertThat(r.body().path("retCode").asInt()).isEqualTo(0);
        // 100 was read as USDT to spend, not as 100 BTC.
        var order = sim.engine.orderByClientId("classic", "c-1").orElseThrow();
        assertThat(order.quoteQuantity()).isEqualByComparingTo("100");
        assertThat(order.filledQuote()).isLessThanOrEqualTo(new BigDecimal("100"));
    }

    private Reply get(String path, String query) {
        return getAs(path, query, KEY, SECRET, sim.clock.epochMillis());
    }

    private Reply getAs(String path, String query, String key, String secret, long ts) {
        String t = Long.toString(ts);
        return sim.send(sim.request(path + (query.isEmpty() ? "" : "?" + query)).GET()
                .header("X-BAPI-API-KEY", key).header("X-BAPI-TIMESTAMP", t).header("X-BAPI-RECV-WINDOW", RECV)
                .header("X-BAPI-SIGN", sign(secret, t + key + RECV + query)));
    }

    private Reply post(String path, String body) {
        String t = Long.toString(sim.clock.epochMillis());
        return sim.send(sim.request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-TIMESTAMP", t).header("X-BAPI-RECV-WINDOW", RECV)
                .header("X-BAPI-SIGN", sign(SECRET, t + KEY + RECV + body)));
    }

    private BigDecimal bestBid() {
        JsonNode r = sim.send(sim.request("/v5/market/orderbook?category=spot&symbol=BTCUSDT&limit=5").GET()).body();
        return new BigDecimal(r.path("result").path("b").path(0).path(0).asText());
    }

    @Test
    void publicInstrumentsOrderbookAndTime() {
        Reply r = sim.send(sim.request("/v5/market/instruments-info?category=spot").GET());
        assertThat(r.body().path("retCode").asInt()).isZero();
        assertThat(r.body().path("retMsg").asText()).isEqualTo("OK");
        assertThat(r.body().has("retExtInfo")).isTrue();
        assertThat(r.body().path("time").asLong()).isEqualTo(sim.clock.epochMillis());
        JsonNode btc = null;
        for (JsonNode i : r.body().path("result").path("list")) {
            if (i.path("symbol").asText().equals("BTCUSDT")) {
                btc = i;
            }
        }
        assertThat(btc).isNotNull();
        assertThat(btc.path("status").asText()).isEqualTo("Trading");
        assertThat(btc.path("baseCoin").asText()).isEqualTo("BTC");
        assertThat(btc.path("quoteCoin").asText()).isEqualTo("USDT");
        assertThat(btc.path("lotSizeFilter").path("basePrecision").asText()).isEqualTo("0.000001");
        assertThat(btc.path("lotSizeFilter").path("minOrderQty").asText()).isEqualTo("0.000048");
        assertThat(btc.path("lotSizeFilter").path("minOrderAmt").asText()).isEqualTo("5");
        assertThat(btc.path("priceFilter").path("tickSize").asText()).isEqualTo("0.01");
        assertThat(sim.send(sim.request("/v5/market/instruments-info?category=linear").GET()).body()
                .path("result").path("list")).isEmpty();

        JsonNode book = sim.send(sim.request("/v5/market/orderbook?category=spot&symbol=BTCUSDT&limit=3").GET())
                .body().path("result");
        assertThat(book.path("s").asText()).isEqualTo("BTCUSDT");
        assertThat(book.path("a")).hasSize(3);
        assertThat(book.path("b")).hasSize(3);
        assertThat(sim.send(sim.request("/v5/market/orderbook?category=spot&symbol=BTCUSDT").GET()).body()
                .path("result").path("a")).hasSize(1);
        Reply bad = sim.send(sim.request("/v5/market/orderbook?category=spot&symbol=NOPEUSDT").GET());
        assertThat(bad.body().path("retCode").asInt()).isEqualTo(10001);

        JsonNode time = sim.send(sim.request("/v5/market/time").GET()).body().path("result");
        assertThat(time.path("timeSecond").asText()).isEqualTo(Long.toString(sim.clock.now().getEpochSecond()));
    }

    @Test
    void authenticationFailuresInBybitWords() {
        String q = "accountType=UNIFIED";
        Reply unknown = getAs("/v5/account/wallet-balance", q, "nobody", SECRET, sim.clock.epochMillis());
        assertThat(unknown.body().path("retCode").asInt()).isEqualTo(10003);
        Reply badSign = getAs("/v5/account/wallet-balance", q, KEY, "wrong", sim.clock.epochMillis());
        assertThat(badSign.status()).isEqualTo(200);
        assertThat(badSign.body().path("retCode").asInt()).isEqualTo(10004);
        assertThat(badSign.body().path("retMsg").asText()).startsWith("error sign!");
        Reply old = getAs("/v5/account/wallet-balance", q, KEY, SECRET, sim.clock.epochMillis() - 5001);
        assertThat(old.body().path("retCode").asInt()).isEqualTo(10002);
        Reply future = getAs("/v5/account/wallet-balance", q, KEY, SECRET, sim.clock.epochMillis() + 1000);
        assertThat(future.body().path("retCode").asInt()).isEqualTo(10002);
        Reply edge = getAs("/v5/account/wallet-balance", q, KEY, SECRET, sim.clock.epochMillis() - 5000);
        assertThat(edge.body().path("retCode").asInt()).isZero();
    }

    @Test
    void limitOrderCreateRealtimeCancelHistory() {
        BigDecimal px = bestBid().subtract(new BigDecimal("500"));
        Reply created = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"" + px.toPlainString() + "\",\"timeInForce\":\"GTC\","
                + "\"orderLinkId\":\"link-1\"}");
        assertThat(created.body().path("retCode").asInt()).isZero();
        String orderId = created.body().path("result").path("orderId").asText();
        assertThat(created.body().path("result").path("orderLinkId").asText()).isEqualTo("link-1");
        assertThat(created.header("X-Bapi-Limit")).isEqualTo("20");
        assertThat(created.header("X-Bapi-Limit-Status")).isEqualTo("19");

        JsonNode open = get("/v5/order/realtime", "category=spot&orderLinkId=link-1").body().path("result").path("list");
        assertThat(open).hasSize(1);
        assertThat(open.path(0).path("orderId").asText()).isEqualTo(orderId);
        assertThat(open.path(0).path("orderStatus").asText()).isEqualTo("New");
        assertThat(open.path(0).path("qty").asText()).isEqualTo("0.01");
        assertThat(open.path(0).path("leavesQty").asText()).isEqualTo("0.01");
        assertThat(get("/v5/order/realtime", "category=spot").body().path("result").path("list")).hasSize(1);

        Reply dup = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"" + px.toPlainString() + "\",\"orderLinkId\":\"link-1\"}");
        assertThat(dup.body().path("retCode").asInt()).isEqualTo(170141);

        Reply cancelled = post("/v5/order/cancel", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"link-1\"}");
        assertThat(cancelled.body().path("retCode").asInt()).isZero();
        assertThat(cancelled.body().path("result").path("orderId").asText()).isEqualTo(orderId);
        assertThat(get("/v5/order/realtime", "category=spot").body().path("result").path("list")).isEmpty();
        JsonNode hist = get("/v5/order/history", "category=spot&orderLinkId=link-1").body().path("result").path("list");
        assertThat(hist.path(0).path("orderStatus").asText()).isEqualTo("Cancelled");

        Reply again = post("/v5/order/cancel", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"link-1\"}");
        assertThat(again.body().path("retCode").asInt()).isEqualTo(170213);
    }

    @Test
    void spotConditionalOrdersWaitUntriggeredAndFireOnTheLastTradeInTheirDirection() {
        BigDecimal bid = bestBid();
        BigDecimal stop = sim.engine.book("BTCUSDT", 5).bids().get(2).price();
        BigDecimal target = bid.add(new BigDecimal("3000"));
        // A StopOrder below the market (a stop loss) and a tpslOrder above it (a take profit) of the same coins.
        Reply sl = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"" + stop.subtract(new BigDecimal("1000")).toPlainString()
                + "\",\"triggerPrice\":\"" + stop.toPlainString() + "\",\"orderFilter\":\"StopOrder\",\"orderLinkId\":\"sl-1\"}");
        assertThat(sl.body().path("retCode").asInt()).as(sl.body().toString()).isZero();
        Reply tp = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"" + target.toPlainString()
                + "\",\"triggerPrice\":\"" + target.toPlainString() + "\",\"orderFilter\":\"tpslOrder\",\"orderLinkId\":\"tp-1\"}");
        assertThat(tp.body().path("retCode").asInt()).as(tp.body().toString()).isZero();
        JsonNode waiting = get("/v5/order/realtime", "category=spot&orderLinkId=sl-1").body().path("result").path("list").path(0);
        assertThat(waiting.path("orderStatus").asText()).isEqualTo("Untriggered");
        assertThat(waiting.path("stopOrderType").asText()).isEqualTo("Stop");
        assertThat(new BigDecimal(waiting.path("triggerPrice").asText())).isEqualByComparingTo(stop);
        assertThat(get("/v5/order/realtime", "category=spot&orderLinkId=tp-1").body().path("result").path("list").path(0)
                .path("stopOrderType").asText()).isEqualTo("tpslOrder");
        // The tpslOrder locks its coin at once; the StopOrder does not.
        assertThat(sim.engine.balances(KEY).get("BTC").locked()).isEqualByComparingTo("0.01");
        Reply noTrigger = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"" + target.toPlainString() + "\",\"orderFilter\":\"StopOrder\"}");
        assertThat(noTrigger.body().path("retCode").asInt()).isEqualTo(170130);

        // Someone sells through the bids down to the stop: the last trade reaches it and the stop sells.
        sim.openAccount("whale", "whale-secret-0123456789", null, Map.of("BTC", "100000"));
        BigDecimal through = BigDecimal.ZERO;
        for (var level : sim.engine.book("BTCUSDT", 500).bids()) {
            through = through.add(level.quantity());
            if (level.price().compareTo(stop) <= 0) {
                break;
            }
        }
        sim.engine.place("whale", io.nija.sim.engine.NewOrder.market("BTCUSDT", null, io.nija.core.signal.Side.SELL, through));
        JsonNode fired = get("/v5/order/history", "category=spot&orderLinkId=sl-1").body().path("result").path("list").path(0);
        assertThat(fired.path("orderStatus").asText()).isEqualTo("Filled");
        assertThat(fired.path("cumExecQty").asText()).isEqualTo("0.01");
        // The take profit waits on, untriggered; cancelling it releases its coin.
        assertThat(get("/v5/order/realtime", "category=spot&orderLinkId=tp-1").body().path("result").path("list").path(0)
                .path("orderStatus").asText()).isEqualTo("Untriggered");
        Reply cancelled = post("/v5/order/cancel", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"tp-1\"}");
        assertThat(cancelled.body().path("retCode").asInt()).isZero();
        assertThat(sim.engine.balances(KEY).get("BTC").locked()).isEqualByComparingTo("0");
    }

    @Test
    void marketBuyQtyIsQuoteUnlessMarketUnitIsBaseCoin() {
        Reply quote = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Market\",\"qty\":\"1000\",\"orderLinkId\":\"mq\"}");
        assertThat(quote.body().path("retCode").asInt()).isZero();
        JsonNode q = get("/v5/order/history", "category=spot&orderLinkId=mq").body().path("result").path("list").path(0);
        assertThat(q.path("orderStatus").asText()).isEqualTo("Filled");
        assertThat(q.path("marketUnit").asText()).isEqualTo("quoteCoin");
        assertThat(new BigDecimal(q.path("cumExecValue").asText())).isLessThanOrEqualTo(new BigDecimal("1000"))
                .isGreaterThan(new BigDecimal("990"));

        Reply base = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Market\",\"qty\":\"0.02\",\"marketUnit\":\"baseCoin\",\"orderLinkId\":\"mb\"}");
        assertThat(base.body().path("retCode").asInt()).isZero();
        JsonNode b = get("/v5/order/realtime", "category=spot&orderLinkId=mb").body().path("result").path("list").path(0);
        assertThat(b.path("cumExecQty").asText()).isEqualTo("0.02");
        assertThat(b.path("orderStatus").asText()).isEqualTo("Filled");
        assertThat(new BigDecimal(b.path("cumExecFee").asText())).isPositive();

        JsonNode execs = get("/v5/execution/list", "category=spot&symbol=BTCUSDT&orderLinkId=mb").body()
                .path("result").path("list");
        assertThat(execs).isNotEmpty();
        BigDecimal qty = BigDecimal.ZERO;
        for (JsonNode e : execs) {
            assertThat(e.path("orderId").asText()).isEqualTo(b.path("orderId").asText());
            assertThat(e.path("isMaker").asBoolean()).isFalse();
            assertThat(e.path("execType").asText()).isEqualTo("Trade");
            qty = qty.add(new BigDecimal(e.path("execQty").asText()));
        }
        assertThat(qty).isEqualByComparingTo("0.02");

        JsonNode coins = get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=BTC").body().path("result")
                .path("list").path(0).path("coin");
        assertThat(coins).hasSize(1);
        assertThat(new BigDecimal(coins.path(0).path("walletBalance").asText())).isGreaterThan(new BigDecimal("2"));

        JsonNode fee = get("/v5/account/fee-rate", "category=spot&symbol=BTCUSDT").body().path("result").path("list").path(0);
        assertThat(fee.path("takerFeeRate").asText()).isEqualTo("0.001");
        assertThat(fee.path("makerFeeRate").asText()).isEqualTo("0.001");
    }

    @Test
    void refusalsInBybitWords() {
        Reply poor = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"10\",\"price\":\"60000\"}");
        assertThat(poor.body().path("retCode").asInt()).isEqualTo(170131);
        Reply sym = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"NOPEUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"1\"}");
        assertThat(sym.body().path("retCode").asInt()).isEqualTo(170121);
        Reply small = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.00001\",\"price\":\"60000\"}");
        assertThat(small.body().path("retCode").asInt()).isEqualTo(170136);
        Reply value = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.00005\",\"price\":\"60000\"}");
        assertThat(value.body().path("retCode").asInt()).isEqualTo(170140);
        Reply decimals = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.0010001\",\"price\":\"60000\"}");
        assertThat(decimals.body().path("retCode").asInt()).isEqualTo(170137);
        Reply tick = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"60000.001\"}");
        assertThat(tick.body().path("retCode").asInt()).isEqualTo(170134);
        Reply quoteTooSmall = post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Market\",\"qty\":\"1\"}");
        assertThat(quoteTooSmall.body().path("retCode").asInt()).isEqualTo(170140);
        Reply cancelNone = post("/v5/order/cancel", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderId\":\"42\"}");
        assertThat(cancelNone.body().path("retCode").asInt()).isEqualTo(170213);
        assertThat(get("/v5/order/realtime", "category=spot&orderLinkId=ghost").body().path("result").path("list")).isEmpty();
    }

    @Test
    void perUidEndpointLimitWithHeadersAndRollingSecond() {
        for (int i = 0; i < 10; i++) {
            Reply r = get("/v5/account/fee-rate", "category=spot");
            assertThat(r.body().path("retCode").asInt()).isZero();
            assertThat(r.header("X-Bapi-Limit-Status")).isEqualTo(Integer.toString(9 - i));
        }
        Reply over = get("/v5/account/fee-rate", "category=spot");
        assertThat(over.status()).isEqualTo(200);
        assertThat(over.body().path("retCode").asInt()).isEqualTo(10006);
        assertThat(over.body().path("retMsg").asText()).isEqualTo("Too many visits!");
        assertThat(over.header("X-Bapi-Limit-Status")).isEqualTo("0");
        assertThat(Long.parseLong(over.header("X-Bapi-Limit-Reset-Timestamp"))).isEqualTo(sim.clock.epochMillis() + 1000);
        assertThat(get("/v5/order/realtime", "category=spot").body().path("retCode").asInt()).isZero();
        sim.clock.advance(Duration.ofMillis(1000));
        assertThat(get("/v5/account/fee-rate", "category=spot").body().path("retCode").asInt()).isZero();
    }

    @Test
    void ipLimitAnswers403AndBans() {
        for (int i = 0; i < 600; i++) {
            sim.send(sim.request("/v5/market/time").GET());
        }
        Reply banned = sim.send(sim.request("/v5/market/time").GET());
        assertThat(banned.status()).isEqualTo(403);
        assertThat(banned.raw().body()).contains("access too frequent");
        sim.clock.advance(Duration.ofMinutes(5));
        assertThat(sim.send(sim.request("/v5/market/time").GET()).status()).isEqualTo(403);
        sim.clock.advance(Duration.ofMinutes(6));
        assertThat(sim.send(sim.request("/v5/market/time").GET()).status()).isEqualTo(200);
    }

    @Test
    void writeErrorSpeaksBybit() {
        try (ErrorProbe probe = new ErrorProbe(new BybitDialect())) {
            Reply storm = probe.write(VenueErrorKind.RATE_LIMITED, "storm");
            assertThat(storm.body().path("retCode").asInt()).isEqualTo(10006);
            assertThat(storm.header("X-Bapi-Limit-Status")).isEqualTo("0");
            Reply down = probe.write(VenueErrorKind.VENUE_UNAVAILABLE, "bybit is under maintenance");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().path("retCode").asInt()).isEqualTo(10016);
            Reply funds = probe.write(VenueErrorKind.INSUFFICIENT_FUNDS, "x");
            assertThat(funds.body().path("retCode").asInt()).isEqualTo(170131);
        }
    }
}
