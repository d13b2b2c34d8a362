package io.nija.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listeners, the admin endpoints and the HTTP-level faults, with a minimal test dialect on binance's port. */
class SimHttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private SimulatedExchanges sim;
    private SimHttpServer server;

    /** GET /ping answers pong; POST /order places a 0.001 BTC market buy for the X-KEY account. */
    static final class TestDialect implements Dialect {
        @Override
        public String venue() {
            return "binance";
        }

        @Override
        public void routes(RoutesConfig routes, DialectContext ctx) {
            routes.get("/ping", c -> c.result("pong"));
            routes.post("/order", c -> {
                OrderView o = ctx.engine().place(c.header("X-KEY"),
                        new NewOrder("BTCUSDT", c.queryParam("id"), Side.BUY, OrderType.MARKET, new BigDecimal("0.001"),
                                null, null));
                if (ctx.answerLost(c)) {
                    return;
                }
                c.result(o.venueOrderId());
            });
        }

        @Override
        public void writeError(Context ctx, VenueErrorKind kind, String message) {
            ctx.status(kind == VenueErrorKind.RATE_LIMITED ? 429 : kind == VenueErrorKind.VENUE_UNAVAILABLE ? 503 : 400)
                    .result(kind.wire() + ": " + message);
        }
    }

    @BeforeEach
    void start() {
        sim = new SimulatedExchanges(clock, 42, Sleeper.advancing(clock));
        server = SimHttpServer.start(sim, 0,
                venue -> venue.equals("binance") ? Optional.of(new TestDialect()) : Optional.empty());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String venue, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl(venue) + path))
                .timeout(Duration.ofSeconds(5)).header("X-KEY", "k1")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyVenueListensOnItsOwnLoopbackPortInContractOrder() {
        assertThat(server.venues()).containsExactly("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");
        assertThat(server.venues().stream().map(server::port).distinct()).hasSize(6);
        assertThat(server.baseUrl("kraken").getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void accountsAreCreatedAndOrdersListed() throws Exception {
        HttpResponse<String> created = send("binance", "POST", "/__sim/accounts",
                "{\"api_key\":\"k1\",\"api_secret\":\"s1\",\"balances\":{\"USDT\":\"100000\",\"BTC\":2}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(sim.engine("binance").balances("k1").get("USDT").available()).isEqualByComparingTo("100000");
        assertThat(send("binance", "POST", "/__sim/accounts", "{\"api_key\":\"k1\",\"api_secret\":\"s1\"}").statusCode())
                .isEqualTo(409);

        HttpResponse<String> placed = send("binance", "POST", "/order?id=c-1", null);
        assertThat(placed.statusCode()).isEqualTo(200);
        JsonNode orders = JSON.readTree(send("binance", "GET", "/__sim/orders", null).body());
        assertThat(orders).hasSize(1);
        JsonNode o = orders.get(0);
        assertThat(o.path("venue_order_id").asText()).isEqualTo(placed.body());
        assertThat(o.path("client_order_id").asText()).isEqualTo("c-1");
        assertThat(o.path("api_key").asText()).isEqualTo("k1");
        assertThat(o.path("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(o.path("side").asText()).isEqualTo("buy");
        assertThat(o.path("type").asText()).isEqualTo("market");
        assertThat(o.path("qty").asText()).isEqualTo("0.001");
        assertThat(o.path("price").isNull()).isTrue();
        assertThat(o.path("status").asText()).isEqualTo("filled");
        assertThat(o.path("filled_qty").isTextual()).isTrue();
        assertThat(new BigDecimal(o.path("filled_qty").asText())).isEqualByComparingTo("0.001");
    }

    @Test
    void badAdminInputIs400WithAJsonError() throws Exception {
        for (String body : new String[] {"not json", "[]", "{\"api_secret\":\"s\"}",
                "{\"api_key\":\"k\",\"api_secret\":\"s\",\"balances\":{\"USD\":\"-1\"}}",
                "{\"api_key\":\"k\",\"api_secret\":\"s\",\"balances\":{\"USD\":\"lots\"}}"}) {
            HttpResponse<String> r = send("kraken", "POST", "/__sim/accounts", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).as(body).isNotEmpty();
        }
        for (String body : new String[] {"{\"http_5xx_rate\":2}", "{\"maintenance\":\"yes\"}", "{\"latency_ms\":-5}",
                "{\"unknown\":1}"}) {
            assertThat(send("kraken", "POST", "/__sim/faults", body).statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void faultsAreSetAndClearedOverHttp() throws Exception {
        assertThat(send("binance", "POST", "/__sim/faults", "{\"maintenance\":true}").statusCode()).isEqualTo(200);
        assertThat(sim.faults("binance").current().maintenance()).isTrue();
        HttpResponse<String> refused = send("binance", "GET", "/ping", null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).startsWith("venue_unavailable");
        // Admin paths are never faulted.
        assertThat(send("binance", "GET", "/__sim/orders", null).statusCode()).isEqualTo(200);

        send("binance", "POST", "/__sim/faults", "{\"rate_limit_storm\":true}");
        assertThat(send("binance", "GET", "/ping", null).statusCode()).isEqualTo(429);

        send("binance", "POST", "/__sim/faults", "{\"http_5xx_rate\":1}");
        assertThat(send("binance", "GET", "/ping", null).statusCode()).isEqualTo(503);

        send("binance", "POST", "/__sim/faults", "{\"latency_ms\":250}");
        Instant before = clock.now();
        assertThat(send("binance", "GET", "/ping", null).body()).isEqualTo("pong");
        assertThat(Duration.between(before, clock.now())).isEqualTo(Duration.ofMillis(250));

        assertThat(send("binance", "POST", "/__sim/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(sim.faults("binance").current()).isEqualTo(io.nija.sim.fault.SimFaults.NONE);
        assertThat(send("binance", "GET", "/ping", null).body()).isEqualTo("pong");
    }

    @Test
    void visibilityLagAndJitterAreSetEchoedAndValidated() throws Exception {
        HttpResponse<String> set = send("okx", "POST", "/__sim/faults",
                "{\"visibility_lag_ms\":3000,\"latency_ms\":10,\"latency_jitter_ms\":20}");
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(send("okx", "GET", "/__sim/faults", null).body());
        assertThat(echoed.path("visibility_lag_ms").asLong()).isEqualTo(3000);
        assertThat(echoed.path("latency_jitter_ms").asLong()).isEqualTo(20);
        assertThat(echoed.path("latency_ms").asLong()).isEqualTo(10);
        assertThat(sim.faults("okx").visibilityLagMs()).isEqualTo(3000);
        for (String body : new String[] {"{\"visibility_lag_ms\":-1}", "{\"latency_jitter_ms\":600001}",
                "{\"visibility_lag_ms\":\"soon\"}", "{\"latency_jitter_ms\":1.5}"}) {
            HttpResponse<String> r = send("okx", "POST", "/__sim/faults", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).as(body).isEqualTo("invalid_fault");
        }
        assertThat(send("okx", "POST", "/__sim/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(sim.faults("okx").current()).isEqualTo(io.nija.sim.fault.SimFaults.NONE);
    }

    @Test
    void streamFaultsAreSetEchoedValidatedAndClearedWithTheOthers() throws Exception {
        HttpResponse<String> set = send("bybit", "POST", "/__sim/faults", "{\"stream_stall\":true,\"stream_delay_ms\":50,"
                + "\"stream_duplicate_rate\":0.5,\"book_gap_rate\":0.25,\"latency_ms\":5}");
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(send("bybit", "GET", "/__sim/faults", null).body());
        assertThat(echoed.path("stream_stall").asBoolean()).isTrue();
        assertThat(echoed.path("stream_disconnect").asBoolean()).isFalse();
        assertThat(echoed.path("stream_delay_ms").asLong()).isEqualTo(50);
        assertThat(echoed.path("stream_duplicate_rate").asDouble()).isEqualTo(0.5);
        assertThat(echoed.path("book_gap_rate").asDouble()).isEqualTo(0.25);
        assertThat(sim.faults("bybit").streamFaults())
                .isEqualTo(new io.nija.sim.fault.StreamFaults(true, false, 50, 0.5, 0.25));
        for (String body : new String[] {"{\"stream_stall\":1}", "{\"stream_delay_ms\":-1}",
                "{\"stream_duplicate_rate\":1.5}", "{\"book_gap_rate\":-0.1}"}) {
            HttpResponse<String> r = send("bybit", "POST", "/__sim/faults", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).as(body).isEqualTo("invalid_fault");
        }
        assertThat(send("bybit", "POST", "/__sim/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(sim.faults("bybit").streamFaults()).isEqualTo(io.nija.sim.fault.StreamFaults.NONE);
    }

    @Test
    void aResetDropsTheConnectionWithoutAnAnswer() throws Exception {
        send("binance", "POST", "/__sim/faults", "{\"reset_rate\":1}");
        assertThatThrownBy(() -> send("binance", "GET", "/ping", null)).isInstanceOf(IOException.class);
        send("binance", "POST", "/__sim/faults", "{}");
        assertThat(send("binance", "GET", "/ping", null).body()).isEqualTo("pong");
    }

    @Test
    void acceptThenTimeoutPlacesTheOrderButLosesTheAnswer() throws Exception {
        send("binance", "POST", "/__sim/accounts", "{\"api_key\":\"k1\",\"api_secret\":\"s1\",\"balances\":{\"USDT\":\"1000\"}}");
        send("binance", "POST", "/__sim/faults", "{\"accept_then_timeout_rate\":1}");
        assertThatThrownBy(() -> send("binance", "POST", "/order?id=lost-1", null)).isInstanceOf(IOException.class);
        assertThat(sim.engine("binance").orderByClientId("k1", "lost-1")).isPresent();
    }
}
