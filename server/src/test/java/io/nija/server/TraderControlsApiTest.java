package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.bracket.Bracket;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.signal.SignalType;
import io.nija.core.store.OrderQuery;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.app.SimPaperExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trader's controls over HTTP against the in-process simulated venues: the flatten kill switch, limit entries and
 * brackets.
 */
class TraderControlsApiTest {
    private static final Pair BTC = Pair.parse("BTC-USD");
    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-trader"), null, null, null,
                5, false));
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String user(String id) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + id + "\",\"limits\":{\"trades_per_second\":100}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("token").asText();
    }

    private static String post(String token, String json) {
        var r = http.post("/api/v1/signals", token, json);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("order_ids").get(0).asText();
    }

    private static Order awaitFinal(String orderId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                app.store().findOrder(orderId).map(o -> o.status().isTerminal()).orElse(false));
        return app.store().findOrder(orderId).orElseThrow();
    }

    /** The lowest mid of BTC-USD over the venues: a buy 4 % below it rests everywhere, inside the 10 % band. */
    private static BigDecimal lowestMid() {
        return app.engine().executors().keySet().stream().map(v -> app.engine().marketData().mark(v, BTC))
                .filter(m -> m != null).min(BigDecimal::compareTo).orElseThrow();
    }

    private static void assertError(HttpClientSupport.Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("error").get("code").asText()).as(r.raw()).isEqualTo(code);
    }

    @Test
    void flattenCancelsOpenOrdersClosesEveryPositionAtMarketAndReportsWhenFlat() {
        String flo = user("flo");
        String btc = post(flo, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\",\"signal_type\":\"entry\"}");
        String eth = post(flo, "{\"pair\":\"ETH-USD\",\"side\":\"buy\",\"size_usd\":\"60\",\"signal_type\":\"entry\"}");
        awaitFinal(btc);
        awaitFinal(eth);
        assertThat(app.store().findPositions("flo")).filteredOn(p -> p.quantity().signum() > 0).hasSizeGreaterThanOrEqualTo(2);
        String limit = lowestMid().multiply(new BigDecimal("0.96")).setScale(0, RoundingMode.DOWN).toPlainString();
        String resting = post(flo, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\",\"signal_type\":\"entry\","
                + "\"limit_price\":\"" + limit + "\",\"time_in_force_s\":3600}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                app.store().findOrder(resting).map(o -> o.status().wire().equals("executing")).orElse(false));
        assertThat(http.get("/api/v1/kill-switch?user_id=flo", admin).body().get("flat").asBoolean()).isFalse();

        var on = http.post("/api/v1/kill-switch", admin, "{\"user_id\":\"flo\",\"enabled\":true,\"mode\":\"flatten\"}");
        assertThat(on.status()).as(on.raw()).isEqualTo(200);
        assertThat(on.body().get("mode").asText()).isEqualTo("flatten");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                http.get("/api/v1/kill-switch?user_id=flo", admin).body().get("flat").asBoolean());

        assertThat(app.store().findOrder(resting).orElseThrow().status().wire()).isEqualTo("cancelled");
        assertThat(app.store().findPositions("flo")).allSatisfy(p ->
                assertThat(p.quantity().signum()).as(p.venue() + " " + p.pair()).isZero());
        List<Order> all = app.store().findOrders(new OrderQuery("flo", null, 100));
        assertThat(all).allSatisfy(o -> assertThat(o.status().isTerminal()).as(o.orderId()).isTrue());
        assertThat(all).filteredOn(o -> o.signalType() == SignalType.EXIT)
                .allSatisfy(o -> assertThat(o.closeAll()).isTrue())
                .extracting(o -> o.pair().toString()).containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
        // Entries stay refused; nothing is open at any venue for the user.
        assertError(http.post("/api/v1/signals", flo, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"20\","
                + "\"signal_type\":\"entry\"}"), 422, "kill_switch");
    }

    @Test
    void aBracketedEntryArmsAStopThatClosesThePositionWhenTheBookFallsThroughIt() {
        String bea = user("bea");
        BigDecimal mid = lowestMid();
        String tp = mid.multiply(new BigDecimal("1.05")).setScale(0, RoundingMode.UP).toPlainString();
        String sl = mid.multiply(new BigDecimal("0.97")).setScale(0, RoundingMode.DOWN).toPlainString();
        // Bad brackets and limits are refused, nothing stored.
        assertError(http.post("/api/v1/signals", bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                + "\"signal_type\":\"entry\",\"take_profit_price\":\"" + sl + "\",\"stop_loss_price\":\"" + tp + "\"}"), 400, "invalid_bracket");
        assertError(http.post("/api/v1/signals", bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                + "\"signal_type\":\"entry\",\"stop_loss_price\":\"" + tp + "\"}"), 422, "invalid_bracket");
        assertError(http.post("/api/v1/signals", bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                + "\"signal_type\":\"entry\",\"limit_price\":\"1000\"}"), 422, "limit_price_out_of_band");
        assertError(http.post("/api/v1/signals", bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                + "\"signal_type\":\"entry\",\"limit_price\":-3}"), 400, "invalid_limit_price");
        assertError(http.post("/api/v1/signals", bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\","
                + "\"signal_type\":\"entry\",\"time_in_force_s\":30}"), 400, "invalid_time_in_force");
        assertThat(app.store().findOrders(new OrderQuery("bea", null, 100))).isEmpty();

        String entry = post(bea, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"60\",\"signal_type\":\"entry\","
                + "\"take_profit_price\":\"" + tp + "\",\"stop_loss_price\":\"" + sl + "\"}");
        Order filled = awaitFinal(entry);
        assertThat(filled.filledQty()).isPositive();
        var view = http.get("/api/v1/orders/" + entry, bea).body();
        assertThat(view.get("stop_loss_price").asText()).isEqualTo(sl);
        assertThat(view.get("take_profit_price").asText()).isEqualTo(tp);
        Bracket armed = app.store().findBracket(entry).orElseThrow();
        assertThat(armed.status()).isEqualTo(Bracket.Status.ARMED);
        assertThat(armed.armedQty()).isEqualByComparingTo(filled.filledQty());
        var armedView = http.get("/api/v1/orders/" + entry + "/bracket", bea);
        assertThat(armedView.status()).as(armedView.raw()).isEqualTo(200);
        assertThat(armedView.body().get("status").asText()).isEqualTo("armed");
        assertThat(armedView.body().get("exit_side").asText()).isEqualTo("sell");
        assertThat(armedView.body().get("stop_loss").get("state").asText()).isEqualTo("armed");
        assertThat(armedView.body().get("stop_loss").get("trigger_price").asText()).isEqualTo(sl);
        assertThat(new BigDecimal(armedView.body().get("stop_loss").get("qty").asText())).isEqualByComparingTo(filled.filledQty());
        assertThat(armedView.body().get("take_profit").get("state").asText()).isEqualTo("armed");
        assertThat(armedView.body().get("take_profit").get("trigger_price").asText()).isEqualTo(tp);
        // Someone else's entry is answered as missing; an order without a bracket has none.
        assertThat(http.get("/api/v1/orders/" + entry + "/bracket", user("bea-other")).status()).isEqualTo(404);

        // The venue's market falls 3.5 %: its bid goes through the stop (not through the native stop's limit, 1 % below
        // it), and a trade prints there (a stop resting at the venue fires on the last trade; the router's on the bid).
        String venue = filled.legs().get(0).venue();
        var sim = ((SimPaperExchange) app.paper()).simulator();
        String symbol = app.engine().marketData().instrument(venue, BTC).symbol();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            Bracket b = app.store().findBracket(entry).orElseThrow();
            boolean nativeStop = app.engine().nativeStops("bea", venue).stopLoss();
            return !nativeStop || b.nativeStopSignalId() != null && app.store().findSignal("bea", b.nativeStopSignalId())
                    .map(s -> !s.orderIds().isEmpty() && app.store().findOrder(s.orderIds().get(0))
                            .map(o -> o.status() == io.nija.core.order.OrderStatus.EXECUTING).orElse(false))
                    .orElse(false);
        });
        var armedAtVenue = http.get("/api/v1/orders/" + entry + "/bracket", bea).body();
        assertThat(armedAtVenue.get("stop_loss").get("held_by").asText())
                .isEqualTo(app.engine().nativeStops("bea", venue).stopLoss() ? "venue" : "router");
        sim.engine(venue).reshapeBook(symbol, new BigDecimal("-350"), BigDecimal.ONE);
        sim.engine(venue).openAccount("whale-key", "whale-secret-0123456789", null,
                java.util.Map.of("BTC", new BigDecimal("1000")));
        var ins = app.engine().marketData().instrument(venue, BTC);
        BigDecimal newBid = sim.engine(venue).book(symbol, 1).bestBid();
        BigDecimal printQty = io.nija.core.instrument.Decimals.ceilToStep(ins.minNotional().multiply(BigDecimal.TWO)
                .divide(newBid, 18, RoundingMode.UP), ins.lotSize()).max(ins.minQty());
        sim.engine(venue).place("whale-key", io.nija.sim.engine.NewOrder.market(symbol, null,
                io.nija.core.signal.Side.SELL, printQty));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                app.store().findBracket(entry).map(Bracket::isFinished).orElse(false));
        Bracket done = app.store().findBracket(entry).orElseThrow();
        assertThat(done.lastTriggered()).isEqualTo(SignalType.STOP_LOSS);
        var doneView = http.get("/api/v1/orders/" + entry + "/bracket", bea).body();
        assertThat(doneView.get("status").asText()).isEqualTo("done");
        assertThat(doneView.get("stop_loss").get("state").asText()).isEqualTo("executed");
        assertThat(doneView.get("take_profit").get("state").asText()).isEqualTo("cancelled");
        assertThat(doneView.get("armed_qty").asText()).isEqualTo("0");
        List<Order> stops = app.store().findOrders(new OrderQuery("bea", null, 100)).stream()
                .filter(o -> o.signalType() == SignalType.STOP_LOSS).toList();
        assertThat(stops).singleElement().satisfies(o -> {
            assertThat(o.status().wire()).isEqualTo("filled");
            assertThat(o.filledQty()).isEqualByComparingTo(filled.filledQty());
        });
        assertThat(app.store().findPositions("bea")).extracting(Position::quantity)
                .allSatisfy(q -> assertThat(q.signum()).isZero());
    }
}
