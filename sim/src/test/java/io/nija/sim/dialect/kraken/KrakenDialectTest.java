package io.nija.sim.dialect.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.DialectContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kraken dialect on a real loopback listener, driven by java.net.http with a signer written here from Kraken's
 * documented algorithm (not the dialect's, not module venues'): paths, signing, nonces, shapes, errors and limits.
 */
class KrakenDialectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 7);
    private final VenueAccount alice = sim.openPaperAccount("alice", "kraken");
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong nonce = new AtomicLong(1_700_000_000_000L);
    private Javalin app;
    private String base;

    private void start(KrakenLimits.Tier tier) {
        KrakenDialect dialect = new KrakenDialect(tier);
        DialectContext ctx = new DialectContext(sim.spec("kraken"), sim.engine("kraken"), sim.faults("kraken"), clock,
                new ObjectMapper());
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            dialect.routes(config.routes, ctx);
            config.routes.get("/test/error/{kind}", c -> dialect.writeError(c,
                    VenueErrorKind.valueOf(c.pathParam("kind")), c.queryParam("m")));
            config.routes.get("/test/fault/{outcome}", c -> dialect.writeFault(c,
                    FaultInjector.Outcome.valueOf(c.pathParam("outcome"))));
            config.routes.get("/test/fault/{outcome}/0/public/SystemStatus", c -> dialect.writeFault(c,
                    FaultInjector.Outcome.valueOf(c.pathParam("outcome"))));
        }).start();
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    // ---- the documented vector, for the dialect's verifier and the test's own signer --------------------

    @Test
    void documentedSignatureVectorHolds() {
        String secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
        String postData = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
        String expected = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";
        assertThat(KrakenSignature.sign(secret, "/0/private/AddOrder", "1616492376594", postData)).isEqualTo(expected);
        assertThat(testSign(secret, "/0/private/AddOrder", "1616492376594", postData)).isEqualTo(expected);
        assertThat(KrakenSignature.verify(secret, "/0/private/AddOrder", "1616492376594", postData, expected)).isTrue();
        assertThat(KrakenSignature.verify(secret, "/0/private/AddOrder", "1616492376595", postData, expected)).isFalse();
        // The documented negative case: the secret text used as the key without base64-decoding it.
        String wrong = "zA0LsmBEQjAhiVXDC0d286hCa9i387Mf1ZKLsYKEAfzW+x3m5FeiAkR7eoNxQ7ykM1KedtbCWKAZ4wyKRSmgfQ==";
        assertThat(KrakenSignature.verify(secret, "/0/private/AddOrder", "1616492376594", postData, wrong)).isFalse();
    }

    // ---- public ---------------------------------------------------------------------------------------

    @Test
    void publicEndpointsSpeakKraken() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        JsonNode time = get("/0/public/Time");
        assertThat(time.path("error")).isEmpty();
        assertThat(time.path("result").path("unixtime").asLong()).isEqualTo(clock.now().getEpochSecond());

        JsonNode pairs = get("/0/public/AssetPairs").path("result");
        JsonNode btc = pairs.path("XXBTZUSD");
        assertThat(btc.path("altname").asText()).isEqualTo("XBTUSD");
        assertThat(btc.path("wsname").asText()).isEqualTo("XBT/USD");
        assertThat(btc.path("base").asText()).isEqualTo("XXBT");
        assertThat(btc.path("quote").asText()).isEqualTo("ZUSD");
        assertThat(btc.path("pair_decimals").asInt()).isEqualTo(1);
        assertThat(btc.path("lot_decimals").asInt()).isEqualTo(8);
        assertThat(btc.path("ordermin").asText()).isEqualTo("0.00005");
        assertThat(btc.path("costmin").asText()).isEqualTo("0.5");
        assertThat(btc.path("tick_size").asText()).isEqualTo("0.1");
        assertThat(btc.path("fees").path(0).path(1).decimalValue()).isEqualByComparingTo("0.26");
        assertThat(btc.path("fees_maker").path(0).path(1).decimalValue()).isEqualByComparingTo("0.16");
        assertThat(pairs.has("SOLUSD")).isTrue();
        assertThat(pairs.path("XDGUSD").path("base").asText()).isEqualTo("XXDG");

        JsonNode assets = get("/0/public/Assets").path("result");
        assertThat(assets.path("XXBT").path("altname").asText()).isEqualTo("XBT");
        assertThat(assets.path("ZUSD").path("decimals").asInt()).isEqualTo(4);

        for (String name : new String[] {"XBTUSD", "XXBTZUSD", "XBT/USD", "BTC/USD"}) {
            JsonNode depth = get("/0/public/Depth?count=5&pair=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
            JsonNode book = depth.path("result").path("XXBTZUSD");
            assertThat(book.path("asks")).hasSize(5);
            assertThat(book.path("bids")).hasSize(5);
            BigDecimal bestAsk = new BigDecimal(book.path("asks").path(0).path(0).asText());
            BigDecimal bestBid = new BigDecimal(book.path("bids").path(0).path(0).asText());
            assertThat(bestAsk).isGreaterThan(bestBid);
            assertThat(new BigDecimal(book.path("asks").path(1).path(0).asText())).isGreaterThan(bestAsk);
            assertThat(book.path("asks").path(0).path(2).isIntegralNumber()).isTrue();
        }
        assertThat(get("/0/public/Depth?pair=NOPEUSD").path("error").path(0).asText()).isEqualTo("EQuery:Unknown asset pair");
        assertThat(get("/0/public/Ticker?pair=XBTUSD").path("result").path("XXBTZUSD").path("a")).hasSize(3);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(base + "/0/public/Nope")).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path(0).asText()).isEqualTo("EGeneral:Unknown method");
    }

    // ---- authentication -------------------------------------------------------------------------------

    @Test
    void privateCallsNeedTheDocumentedSignatureAndGrowingNonces() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        JsonNode balance = priv("Balance", Map.of());
        assertThat(balance.path("error")).isEmpty();
        assertThat(new BigDecimal(balance.path("result").path("ZUSD").asText())).isEqualByComparingTo("1000000");
        assertThat(new BigDecimal(balance.path("result").path("XXBT").asText())).isEqualByComparingTo("5");
        assertThat(balance.path("result").path("ZUSD").asText()).isEqualTo("1000000.0000");

        // Wrong secret (a valid base64 one, but not this key's).
        String other = Base64.getEncoder().encodeToString(new byte[64]);
        assertThat(privWith(alice.apiKey(), other, "Balance", Map.of(), nonce.incrementAndGet()).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid signature");
        // The secret used without decoding it (the classic mistake) is refused too.
        String n = Long.toString(nonce.incrementAndGet());
        String body = "nonce=" + n;
        String undecoded = rawHmac(alice.apiSecret().getBytes(StandardCharsets.UTF_8), "/0/private/Balance", n, body);
        assertThat(post("/0/private/Balance", body, alice.apiKey(), undecoded).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid signature");
        // Unknown key, missing key.
        assertThat(privWith("nobody", alice.apiSecret(), "Balance", Map.of(), nonce.incrementAndGet()).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid key");
        assertThat(post("/0/private/Balance", "nonce=" + nonce.incrementAndGet(), null, null).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid key");
        // A nonce that does not grow.
        long used = nonce.incrementAndGet();
        assertThat(privWith(alice.apiKey(), alice.apiSecret(), "Balance", Map.of(), used).path("error")).isEmpty();
        assertThat(privWith(alice.apiKey(), alice.apiSecret(), "Balance", Map.of(), used).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid nonce");
        assertThat(privWith(alice.apiKey(), alice.apiSecret(), "Balance", Map.of(), used - 5).path("error").path(0).asText())
                .isEqualTo("EAPI:Invalid nonce");
        // Missing nonce.
        assertThat(post("/0/private/Balance", "asset=XBT", alice.apiKey(), testSign(alice.apiSecret(), "/0/private/Balance", "", "asset=XBT"))
                .path("error").path(0).asText()).isEqualTo("EAPI:Invalid nonce");
        // A JSON body is signed the same way (ccxt sends the batch endpoints as JSON).
        long jn = nonce.incrementAndGet();
        String jsonBody = "{\"nonce\":\"" + jn + "\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/0/private/BalanceEx"))
                .header("API-Key", alice.apiKey())
                .header("API-Sign", testSign(alice.apiSecret(), "/0/private/BalanceEx", Long.toString(jn), jsonBody))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
        JsonNode ex = JSON.readTree(r.body());
        assertThat(ex.path("error")).isEmpty();
        assertThat(new BigDecimal(ex.path("result").path("ZUSD").path("balance").asText())).isEqualByComparingTo("1000000");
        assertThat(new BigDecimal(ex.path("result").path("ZUSD").path("hold_trade").asText())).isZero();
    }

    // ---- orders ---------------------------------------------------------------------------------------

    @Test
    void restingOrderWithClOrdIdIsFoundFilteredCancelledAndItsIdReusable() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        BigDecimal bid = bestBid();
        String price = bid.subtract(new BigDecimal("1000")).toPlainString();
        JsonNode add = priv("AddOrder", order("buy", "limit", "0.01", price, "cl_ord_id", "rest-1"));
        assertThat(add.path("error")).isEmpty();
        String txid = add.path("result").path("txid").path(0).asText();
        assertThat(txid).matches("O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}");
        assertThat(add.path("result").path("descr").path("order").asText())
                .isEqualTo("buy 0.01000000 XBTUSD @ limit " + new BigDecimal(price).setScale(1));

        JsonNode open = priv("OpenOrders", Map.of("cl_ord_id", "rest-1")).path("result").path("open");
        assertThat(open.has(txid)).isTrue();
        JsonNode info = open.path(txid);
        assertThat(info.path("status").asText()).isEqualTo("open");
        assertThat(info.path("cl_ord_id").asText()).isEqualTo("rest-1");
        assertThat(info.path("vol").asText()).isEqualTo("0.01000000");
        assertThat(info.path("vol_exec").asText()).isEqualTo("0.00000000");
        assertThat(info.path("descr").path("pair").asText()).isEqualTo("XBTUSD");
        assertThat(info.path("descr").path("ordertype").asText()).isEqualTo("limit");
        assertThat(priv("OpenOrders", Map.of("cl_ord_id", "other")).path("result").path("open")).isEmpty();
        // Its funds are on hold.
        JsonNode ex = priv("BalanceEx", Map.of()).path("result");
        assertThat(new BigDecimal(ex.path("ZUSD").path("hold_trade").asText())).isPositive();

        // The same cl_ord_id while the first is open is refused.
        JsonNode dup = priv("AddOrder", order("buy", "limit", "0.01", price, "cl_ord_id", "rest-1"));
        assertThat(dup.path("error").path(0).asText()).isEqualTo("EOrder:Duplicate order");

        JsonNode cancel = priv("CancelOrder", Map.of("cl_ord_id", "rest-1"));
        assertThat(cancel.path("error")).isEmpty();
        assertThat(cancel.path("result").path("count").asInt()).isEqualTo(1);
        assertThat(priv("CancelOrder", Map.of("cl_ord_id", "rest-1")).path("error").path(0).asText())
                .isEqualTo("EOrder:Unknown order");
        JsonNode closed = priv("ClosedOrders", Map.of("cl_ord_id", "rest-1")).path("result");
        assertThat(closed.path("closed").path(txid).path("status").asText()).isEqualTo("canceled");
        assertThat(closed.path("closed").path(txid).path("reason").asText()).isEqualTo("User requested");
        assertThat(closed.path("count").asInt()).isEqualTo(1);
        JsonNode q = priv("QueryOrders", Map.of("txid", txid)).path("result").path(txid);
        assertThat(q.path("status").asText()).isEqualTo("canceled");

        // Closed, the id may be used again.
        JsonNode again = priv("AddOrder", order("buy", "limit", "0.01", price, "cl_ord_id", "rest-1"));
        assertThat(again.path("error")).isEmpty();
        String second = again.path("result").path("txid").path(0).asText();
        assertThat(second).isNotEqualTo(txid);
        assertThat(priv("CancelOrder", Map.of("txid", second)).path("result").path("count").asInt()).isEqualTo(1);
        assertThat(priv("CancelOrder", Map.of("txid", second)).path("error").path(0).asText()).isEqualTo("EOrder:Unknown order");
    }

    @Test
    void marketOrderFillsAndShowsInQueryOrdersAndTradeHistory() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        JsonNode add = priv("AddOrder", order("buy", "market", "0.02", null, "cl_ord_id", "6d1b345e-2821-40e2-ad83-4ecb18a06876"));
        assertThat(add.path("error")).isEmpty();
        String txid = add.path("result").path("txid").path(0).asText();
        assertThat(add.path("result").path("descr").path("order").asText()).isEqualTo("buy 0.02000000 XBTUSD @ market");

        JsonNode info = priv("QueryOrders", Map.of("txid", txid, "trades", "true")).path("result").path(txid);
        assertThat(info.path("status").asText()).isEqualTo("closed");
        assertThat(new BigDecimal(info.path("vol_exec").asText())).isEqualByComparingTo("0.02");
        assertThat(new BigDecimal(info.path("cost").asText())).isPositive();
        assertThat(new BigDecimal(info.path("fee").asText())).isPositive();
        assertThat(new BigDecimal(info.path("price").asText())).isGreaterThan(new BigDecimal("60000"));
        assertThat(info.path("descr").path("ordertype").asText()).isEqualTo("market");
        assertThat(info.path("trades")).isNotEmpty();
        String tradeTxid = info.path("trades").path(0).asText();
        assertThat(tradeTxid).startsWith("T");

        JsonNode history = priv("TradesHistory", Map.of()).path("result");
        assertThat(history.path("count").asInt()).isEqualTo(info.path("trades").size());
        JsonNode trade = history.path("trades").path(tradeTxid);
        assertThat(trade.path("ordertxid").asText()).isEqualTo(txid);
        assertThat(trade.path("pair").asText()).isEqualTo("XXBTZUSD");
        assertThat(trade.path("type").asText()).isEqualTo("buy");
        assertThat(trade.path("ordertype").asText()).isEqualTo("market");
        assertThat(trade.path("maker").asBoolean()).isFalse();
        assertThat(trade.path("trade_id").isIntegralNumber()).isTrue();
        JsonNode queried = priv("QueryTrades", Map.of("txid", tradeTxid)).path("result").path(tradeTxid);
        assertThat(queried.path("vol").asText()).isEqualTo(trade.path("vol").asText());
        // Closed orders list it; the bought coin is in the balance.
        assertThat(priv("ClosedOrders", Map.of()).path("result").path("closed").has(txid)).isTrue();
        assertThat(new BigDecimal(priv("Balance", Map.of()).path("result").path("XXBT").asText()))
                .isEqualByComparingTo("5.02");
    }

    @Test
    void refusalsAreInKrakensWords() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        BigDecimal bid = bestBid();
        String low = bid.subtract(new BigDecimal("1000")).toPlainString();
        assertThat(error(priv("AddOrder", order("buy", "limit", "100", low, null, null))))
                .isEqualTo("EOrder:Insufficient funds");
        assertThat(error(priv("AddOrder", order("sell", "market", "6", null, null, null))))
                .isEqualTo("EOrder:Insufficient funds");
        Map<String, String> badPair = order("buy", "limit", "0.01", low, null, null);
        badPair.put("pair", "NOPEUSD");
        assertThat(error(priv("AddOrder", badPair))).isEqualTo("EQuery:Unknown asset pair");
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.00001", low, null, null))))
                .isEqualTo("EOrder:Order minimum not met");
        String offTick = bid.subtract(new BigDecimal("999.95")).toPlainString();
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.01", offTick, null, null))))
                .isEqualTo("EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals.");
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.000000001", low, null, null))))
                .isEqualTo("EGeneral:Invalid arguments:volume");
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.01", "-5", null, null))))
                .isEqualTo("EGeneral:Invalid arguments:price");
        assertThat(error(priv("AddOrder", order("hold", "limit", "0.01", low, null, null))))
                .isEqualTo("EGeneral:Invalid arguments:type");
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.01", low, "cl_ord_id", "this-id-is-far-too-long-for-kraken"))))
                .isEqualTo("EGeneral:Invalid arguments:cl_ord_id");
        Map<String, String> both = order("buy", "limit", "0.01", low, "cl_ord_id", "a");
        both.put("userref", "7");
        assertThat(error(priv("AddOrder", both))).isEqualTo("EGeneral:Invalid arguments:cl_ord_id");
        // Post-only that would take liquidity.
        Map<String, String> post = order("buy", "limit", "0.01", bestAsk().add(new BigDecimal("10")).toPlainString(), null, null);
        post.put("oflags", "post");
        assertThat(error(priv("AddOrder", post))).isEqualTo("EOrder:Post only order");
        assertThat(error(priv("CancelOrder", Map.of("txid", "OAAAAA-BBBBB-CCCCCC")))).isEqualTo("EOrder:Unknown order");
        assertThat(error(priv("QueryOrders", Map.of("txid", "OAAAAA-BBBBB-CCCCCC")))).isEqualTo("EOrder:Invalid order");
        assertThat(error(priv("QueryOrders", Map.of()))).isEqualTo("EGeneral:Invalid arguments:txid");
        assertThat(error(priv("TradeVolume", Map.of("pair", "NOPEUSD")))).isEqualTo("EQuery:Unknown asset pair");
        // Nothing of it reached the book.
        assertThat(sim.engine("kraken").orders(alice.apiKey())).isEmpty();
        HttpResponse<String> unknown = send(signed("Nope", Map.of(), nonce.incrementAndGet()));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void validateOnlyAndUserrefOrders() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        String low = bestBid().subtract(new BigDecimal("1000")).toPlainString();
        Map<String, String> validate = order("buy", "limit", "0.01", low, null, null);
        validate.put("validate", "true");
        JsonNode v = priv("AddOrder", validate);
        assertThat(v.path("error")).isEmpty();
        assertThat(v.path("result").has("txid")).isFalse();
        assertThat(sim.engine("kraken").orders(alice.apiKey())).isEmpty();

        JsonNode a = priv("AddOrder", order("buy", "limit", "0.01", low, "userref", "4242"));
        JsonNode b = priv("AddOrder", order("buy", "limit", "0.01", low, "userref", "4242"));
        String ta = a.path("result").path("txid").path(0).asText();
        JsonNode open = priv("OpenOrders", Map.of("userref", "4242")).path("result").path("open");
        assertThat(open).hasSize(2);
        assertThat(open.path(ta).path("userref").asInt()).isEqualTo(4242);
        assertThat(open.path(ta).has("cl_ord_id")).isFalse();
        assertThat(b.path("error")).isEmpty();
        // CancelOrder with a userref cancels every open order carrying it.
        assertThat(priv("CancelOrder", Map.of("txid", "4242")).path("result").path("count").asInt()).isEqualTo(2);
        assertThat(priv("OpenOrders", Map.of()).path("result").path("open")).isEmpty();
    }

    @Test
    void tradeVolumeGivesTheAccountsFeesAsPercentages() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        JsonNode r = priv("TradeVolume", Map.of("pair", "XBTUSD")).path("result");
        assertThat(r.path("currency").asText()).isEqualTo("ZUSD");
        assertThat(r.path("fees").path("XXBTZUSD").path("fee").asText()).isEqualTo("0.2600");
        assertThat(r.path("fees_maker").path("XXBTZUSD").path("fee").asText()).isEqualTo("0.1600");
        assertThat(priv("TradeVolume", Map.of()).path("result").has("fees")).isFalse();
    }

    // ---- limits ---------------------------------------------------------------------------------------

    @Test
    void restCounterDecaysPerKeyAsKrakenCountsIt() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE); // max 20, -0.5/s
        for (int i = 0; i < 20; i++) {
            assertThat(priv("Balance", Map.of()).path("error")).as("call %d", i).isEmpty();
        }
        assertThat(error(priv("Balance", Map.of()))).isEqualTo("EAPI:Rate limit exceeded");
        // Another key has its own counter.
        VenueAccount bob = sim.openPaperAccount("bob", "kraken");
        assertThat(privWith(bob.apiKey(), bob.apiSecret(), "Balance", Map.of(), nonce.incrementAndGet()).path("error")).isEmpty();
        // Trade history costs 2: after 2 s one unit has drained (not enough), after 4 s two have.
        clock.advance(Duration.ofSeconds(2));
        assertThat(error(priv("TradesHistory", Map.of()))).isEqualTo("EAPI:Rate limit exceeded");
        assertThat(priv("Balance", Map.of()).path("error")).isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(priv("TradesHistory", Map.of()).path("error")).isEmpty();
        // AddOrder and CancelOrder are not on this counter.
        String low = bestBid().subtract(new BigDecimal("1000")).toPlainString();
        assertThat(priv("AddOrder", order("buy", "limit", "0.01", low, "cl_ord_id", "not-counted")).path("error")).isEmpty();
    }

    @Test
    void tradingCounterAndOpenOrderCapPerPair() throws Exception {
        start(KrakenLimits.Tier.STARTER); // trading threshold 60 (-1/s), 60 open orders per pair
        String low = bestBid().subtract(new BigDecimal("1000")).toPlainString();
        for (int i = 0; i < 60; i++) {
            assertThat(priv("AddOrder", order("buy", "limit", "0.0001", low, null, null)).path("error")).as("add %d", i).isEmpty();
        }
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.0001", low, null, null))))
                .isEqualTo("EOrder:Rate limit exceeded");
        // Another pair has its own trading counter.
        Map<String, String> eth = order("buy", "limit", "0.01", "1000", null, null);
        eth.put("pair", "ETHUSD");
        assertThat(priv("AddOrder", eth).path("error")).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(error(priv("AddOrder", order("buy", "limit", "0.0001", low, null, null))))
                .isEqualTo("EOrder:Orders limit exceeded");
        // A young order costs 8 to cancel; an old one 1.
        String any = priv("OpenOrders", Map.of()).path("result").path("open").fieldNames().next();
        assertThat(priv("CancelOrder", Map.of("txid", any)).path("error")).isEmpty();
    }

    // ---- writeError -----------------------------------------------------------------------------------

    @Test
    void writeErrorSpeaksKrakenForInjectedFaults() throws Exception {
        start(KrakenLimits.Tier.INTERMEDIATE);
        HttpResponse<String> storm = send(HttpRequest.newBuilder(URI.create(base + "/test/error/RATE_LIMITED")).GET());
        assertThat(storm.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(storm.body()).path("error").path(0).asText()).isEqualTo("EAPI:Rate limit exceeded");
        HttpResponse<String> maint = send(HttpRequest.newBuilder(URI.create(base + "/test/fault/MAINTENANCE")).GET());
        assertThat(maint.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(maint.body()).path("error").path(0).asText()).isEqualTo("EService:Unavailable");
        JsonNode status = JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(base + "/test/fault/MAINTENANCE/0/public/SystemStatus")).GET()).body());
        assertThat(status.path("result").path("status").asText()).isEqualTo("maintenance");
        assertThat(get("/0/public/SystemStatus").path("result").path("status").asText()).isEqualTo("online");
        HttpResponse<String> down = send(HttpRequest.newBuilder(URI.create(base + "/test/fault/SERVER_ERROR")).GET());
        assertThat(down.statusCode()).isEqualTo(503);
        HttpResponse<String> stormFault = send(HttpRequest.newBuilder(URI.create(base + "/test/fault/RATE_LIMITED")).GET());
        assertThat(JSON.readTree(stormFault.body()).path("error").path(0).asText()).isEqualTo("EAPI:Rate limit exceeded");
        HttpResponse<String> funds = send(HttpRequest.newBuilder(URI.create(base + "/test/error/INSUFFICIENT_FUNDS")).GET());
        assertThat(JSON.readTree(funds.body()).path("error").path(0).asText()).isEqualTo("EOrder:Insufficient funds");
    }

    // ---- the test's own client ------------------------------------------------------------------------

    private static Map<String, String> order(String side, String type, String volume, String price, String idField, String id) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ordertype", type);
        m.put("type", side);
        m.put("volume", volume);
        m.put("pair", "XBTUSD");
        if (price != null) {
            m.put("price", price);
        }
        if (idField != null) {
            m.put(idField, id);
        }
        return m;
    }

    private BigDecimal bestBid() throws Exception {
        return new BigDecimal(get("/0/public/Depth?pair=XBTUSD&count=1").path("result").path("XXBTZUSD").path("bids").path(0).path(0).asText());
    }

    private BigDecimal bestAsk() throws Exception {
        return new BigDecimal(get("/0/public/Depth?pair=XBTUSD&count=1").path("result").path("XXBTZUSD").path("asks").path(0).path(0).asText());
    }

    private static String error(JsonNode response) {
        assertThat(response.path("error")).as("an error was expected: %s", response).isNotEmpty();
        return response.path("error").path(0).asText();
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET()).body());
    }

    private JsonNode priv(String method, Map<String, String> params) throws IOException, InterruptedException {
        return privWith(alice.apiKey(), alice.apiSecret(), method, params, nonce.incrementAndGet());
    }

    private JsonNode privWith(String key, String secret, String method, Map<String, String> params, long n)
            throws IOException, InterruptedException {
        return JSON.readTree(send(signedWith(key, secret, method, params, n)).body());
    }

    private HttpRequest.Builder signed(String method, Map<String, String> params, long n) {
        return signedWith(alice.apiKey(), alice.apiSecret(), method, params, n);
    }

    private HttpRequest.Builder signedWith(String key, String secret, String method, Map<String, String> params, long n) {
        StringBuilder body = new StringBuilder("nonce=").append(n);
        params.forEach((k, v) -> body.append('&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String path = "/0/private/" + method;
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("API-Key", key)
                .header("API-Sign", testSign(secret, path, Long.toString(n), body.toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private JsonNode post(String path, String body, String key, String sign) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("API-Key", key);
        }
        if (sign != null) {
            b.header("API-Sign", sign);
        }
        return JSON.readTree(send(b).body());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.header("User-Agent", "kraken-dialect-test").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kraken's documented signature, written out again for the test side. */
    private static String testSign(String secretBase64, String path, String nonce, String body) {
        return rawHmac(Base64.getDecoder().decode(secretBase64), path, nonce, body);
    }

    private static String rawHmac(byte[] key, String path, String nonce, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((nonce + body).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            mac.update(path.getBytes(StandardCharsets.UTF_8));
            mac.update(digest);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
