package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Order history over HTTP: filters, keyset paging, CSV, and the fields that say what an order cost. */
class OrderHistoryApiTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;
    private static String erin;
    private static final List<String> ERIN_ORDERS = new ArrayList<>();

    @BeforeAll
    static void start() {
        app = TestRouters.start("history", 61, RateLimit.OFF);
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
        erin = user("erin");
        user("frank");
        for (int i = 0; i < 5; i++) {
            ERIN_ORDERS.add(signal(erin, "erin", i % 2 == 0 ? "trend" : "mean_rev", "buy", "40"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ERIN_ORDERS.stream().allMatch(id ->
                app.store().findOrder(id).orElseThrow().status().isTerminal()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String user(String id) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + id + "\",\"limits\":{\"trades_per_second\":100}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("token").asText();
    }

    static String signal(String token, String user, String strategy, String side, String usd) {
        var r = http.post("/api/v1/signals", token, "{\"user_id\":\"" + user + "\",\"pair\":\"BTC-USD\",\"side\":\"" + side
                + "\",\"size_usd\":\"" + usd + "\",\"signal_type\":\"entry\",\"strategy\":\"" + strategy + "\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("order_ids").get(0).asText();
    }

    static HttpResponse<String> get(String path, String token, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return HttpClientSupport.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pagesFollowTheCursorNewestFirstWithoutGapsOrRepeatsAndTheLastPageHasNoCursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var r = get("/api/v1/orders?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), erin, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            json(r).forEach(o -> seen.add(o.get("order_id").asText()));
            cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ERIN_ORDERS.reversed());
    }

    @Test
    void filtersByStrategyAndTime() {
        var trend = json(get("/api/v1/orders?strategy=trend", erin, null));
        assertThat(trend).hasSize(3).allSatisfy(o -> assertThat(o.get("strategy").asText()).isEqualTo("trend"));
        assertThat(json(get("/api/v1/orders?since=2100-01-01T00:00:00Z", erin, null))).isEmpty();
        assertThat(json(get("/api/v1/orders?until=2100-01-01T00:00:00%2B02:00", erin, null))).hasSize(5);
        assertThat(json(get("/api/v1/orders?until=2000-01-01T00:00:00Z", erin, null))).isEmpty();
    }

    @Test
    void aFilledOrderCarriesStrategyArrivalMidSlippageAndFeesInUsd() {
        JsonNode o = json(get("/api/v1/orders/" + ERIN_ORDERS.get(0), erin, null));
        assertThat(o.get("status").asText()).isEqualTo("filled");
        assertThat(o.get("strategy").asText()).isEqualTo("trend");
        assertThat(new java.math.BigDecimal(o.get("arrival_mid").asText())).isPositive();
        assertThat(o.get("slippage_bps").asText()).matches("-?\\d+(\\.\\d{1,2})?");
        assertThat(new java.math.BigDecimal(o.get("fees_usd").asText())).isPositive();
    }

    @Test
    void csvByAcceptHeaderOrFormatHasAHeaderRowAndOneRowPerOrder() {
        for (var r : List.of(get("/api/v1/orders", erin, "text/csv"), get("/api/v1/orders?format=csv", erin, null))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            String[] lines = r.body().split("\r\n");
            assertThat(lines).hasSize(6);
            assertThat(lines[0]).startsWith("order_id,signal_id,user_id,strategy,");
            assertThat(lines[1]).startsWith(ERIN_ORDERS.get(4) + ",").contains(",erin,trend,").doesNotContain("E+", "E-");
        }
        assertThat(get("/api/v1/orders?format=json", erin, "text/csv").headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
    }

    @Test
    void csvCarriesTheExecutionQualityFieldsAsTheJsonViewDoes() {
        String[] lines = get("/api/v1/orders?format=csv", erin, null).body().split("\r\n");
        List<String> header = List.of(lines[0].split(",", -1));
        String id = ERIN_ORDERS.get(0);
        String[] row = java.util.Arrays.stream(lines).filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow()
                .split(",", -1);
        JsonNode o = json(get("/api/v1/orders/" + id, erin, null));
        for (String field : List.of("avg_price", "fees_usd", "arrival_mid", "slippage_bps", "expected_price",
                "expected_slippage_bps")) {
            assertThat(header).as(field).contains(field);
            assertThat(o.get(field).isNull()).as(field + " set on a filled order").isFalse();
            assertThat(row[header.indexOf(field)]).as(field).isEqualTo(o.get(field).asText());
        }
    }

    @Test
    void badValuesAreRefusedEachWithItsOwnCode() {
        assertThat(code("since=yesterday")).isEqualTo("invalid_since");
        assertThat(code("until=2026-01-01T00:00:00")).isEqualTo("invalid_until");
        assertThat(code("since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z")).isEqualTo("invalid_range");
        assertThat(code("cursor=not-a-cursor!")).isEqualTo("invalid_cursor");
        assertThat(code("strategy=" + "x".repeat(65))).isEqualTo("invalid_strategy");
        assertThat(code("format=xml")).isEqualTo("invalid_format");
    }

    @Test
    void anotherUsersOrdersStayHidden() {
        String frank = user("frank2");
        assertThat(json(get("/api/v1/orders", frank, null))).isEmpty();
        assertThat(get("/api/v1/orders?user_id=erin&strategy=trend", frank, null).statusCode()).isEqualTo(403);
    }

    private static String code(String query) {
        var r = get("/api/v1/orders?" + query, erin, null);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        return json(r).path("error").path("code").asText();
    }

    @Test
    void pnlHasOneRowPerDayEndingTodayWithFeesAndEquityAndSurvivesInTheStore() {
        var r = http.get("/api/v1/users/erin/pnl?interval=day", erin);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body()).hasSize(30);
        JsonNode today = r.body().get(29);
        assertThat(today.get("period_start").asText()).endsWith("T00:00:00Z");
        assertThat(today.get("mark_source").asText()).isEqualTo("current_mid");
        assertThat(new java.math.BigDecimal(today.get("fees").asText())).isPositive();
        for (String f : List.of("realized_pnl", "fees", "unrealized_pnl", "equity")) {
            assertThat(today.get(f).asText()).matches("-?\\d+(\\.\\d{0,7}[1-9])?");
        }
        var oneDay = http.get("/api/v1/users/erin/pnl?from=" + today.get("period_start").asText() + "&to="
                + today.get("period_start").asText().substring(0, 10), admin);
        assertThat(oneDay.body()).hasSize(1);
        assertThat(http.get("/api/v1/users/erin/pnl?from=2026-03-02&to=2026-03-01", erin).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/users/erin/pnl?from=2020-01-01&to=2026-01-01", erin).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/users/erin/pnl?from=yesterday", erin).body().path("error").path("code").asText())
                .isEqualTo("invalid_from");
        assertThat(http.get("/api/v1/users/erin/pnl", user("frank3")).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users/nobody/pnl", admin).status()).isEqualTo(404);
    }

    @Test
    void decimalsComeOutNormalisedWithoutLongTails() {
        for (String id : ERIN_ORDERS) {
            JsonNode o = json(get("/api/v1/orders/" + id, erin, null));
            for (String f : List.of("requested_usd", "filled_usd", "fees", "fees_usd")) {
                assertThat(o.get(f).asText()).as(f).matches("-?\\d+(\\.\\d{0,7}[1-9])?");
            }
            String avg = o.get("avg_price").asText();
            JsonNode leg = o.get("legs").get(0);
            // The simulator's ticks are at most 0.01: at most 2 + 4 decimals, never a 34-digit division tail.
            assertThat(avg).matches("\\d+(\\.\\d{0,5}[1-9])?");
            assertThat(leg.get("qty").asText()).doesNotEndWith("0").matches("\\d+(\\.\\d{0,7}[1-9])?");
        }
    }
}
