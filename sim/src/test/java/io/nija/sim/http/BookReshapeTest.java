package io.nija.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.market.OrderBook;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.state.SimState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /__sim/books moves and scales a house ladder; the shape persists through trades and a restart. */
class BookReshapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void reshapeShiftsPricesScalesSizesPersistsAndReplays(@TempDir Path dir) throws Exception {
        OrderBook before;
        OrderBook after;
        try (SimState state = SimState.open(dir, 4, clock, Sleeper.none());
             SimHttpServer server = SimHttpServer.start(state.exchanges(), 0)) {
            MatchingEngine engine = state.exchanges().engine("binance");
            before = engine.book("BTCUSDT", 25);
            HttpResponse<String> r = post(server, "{\"pair\":\"BTC-USD\",\"shift_bps\":50,\"depth_scale\":\"2\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("pair").asText()).isEqualTo("BTC-USD");
            BigDecimal bid = new BigDecimal(body.path("best_bid").asText());
            BigDecimal ask = new BigDecimal(body.path("best_ask").asText());
            BigDecimal oldMid = before.bestBid().add(before.bestAsk()).divide(BigDecimal.TWO);
            BigDecimal newMid = bid.add(ask).divide(BigDecimal.TWO);
            BigDecimal movedBps = newMid.subtract(oldMid).divide(oldMid, MathContext.DECIMAL64).movePointRight(4);
            assertThat(movedBps).isBetween(new BigDecimal("49"), new BigDecimal("51"));
            after = engine.book("BTCUSDT", 25);
            BigDecimal depthBefore = total(before);
            BigDecimal depthAfter = total(after);
            assertThat(depthAfter.divide(depthBefore, MathContext.DECIMAL64))
                    .isBetween(new BigDecimal("1.8"), new BigDecimal("2.2"));

            // A trade makes the house requote around the shifted price, with the scaled sizes.
            state.exchanges().createAccount("binance", "k", "s", null, Map.of("USDT", new BigDecimal("1000000")));
            engine.place("k", NewOrder.market("BTCUSDT", "m-1", Side.BUY, new BigDecimal("0.5")));
            OrderBook traded = engine.book("BTCUSDT", 25);
            assertThat(traded.bestBid()).isGreaterThan(oldMid);
            after = traded;

            for (String bad : new String[] {"{\"pair\":\"BTC-USD\",\"depth_scale\":0}", "{\"shift_bps\":5}",
                    "{\"pair\":\"NOPE-USD\"}", "{\"pair\":\"BTC-USD\",\"depth_scale\":\"x\"}",
                    "{\"pair\":\"BTC-USD\",\"shift_bps\":-20000}", "{\"pair\":\"BTC-USD\",\"colour\":1}"}) {
                HttpResponse<String> refused = post(server, bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).as(bad).isNotEmpty();
            }
        }
        try (SimState again = SimState.open(dir, 4, clock, Sleeper.none())) {
            assertThat(again.exchanges().engine("binance").book("BTCUSDT", 25)).isEqualTo(after);
        }
    }

    private static BigDecimal total(OrderBook book) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var l : book.bids()) {
            sum = sum.add(l.quantity());
        }
        for (var l : book.asks()) {
            sum = sum.add(l.quantity());
        }
        return sum;
    }

    private HttpResponse<String> post(SimHttpServer server, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl("binance") + "/__sim/books"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
