package io.nija.sim.dialect.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.sim.dialect.support.LoopbackDialect;
import io.nija.sim.dialect.support.LoopbackDialect.Reply;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alpaca's crypto stop_limit orders over HTTP: a stop loss waits off the book and reads back as stop_limit. */
class AlpacaStopsTest {
    private static final String KEY = "PKTESTKEY0000000002";
    private static final String SECRET = "secretsecretsecretsecretsecretsecret0002";

    private final LoopbackDialect sim = new LoopbackDialect(new AlpacaDialect());

    AlpacaStopsTest() {
        sim.openAccount(KEY, SECRET, null, Map.of("USD", "100000", "BTC", "2"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Reply post(String body) {
        return sim.send(sim.request("/v2/orders").POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("APCA-API-KEY-ID", KEY).header("APCA-API-SECRET-KEY", SECRET));
    }

    private BigDecimal below(String pct) {
        JsonNode r = sim.send(sim.request("/v1beta3/crypto/us/latest/orderbooks?symbols=BTC/USD").GET()).body();
        BigDecimal bid = r.path("orderbooks").path("BTC/USD").path("b").path(0).path("p").decimalValue();
        return bid.multiply(BigDecimal.ONE.subtract(new BigDecimal(pct))).setScale(0, RoundingMode.DOWN);
    }

    @Test
    void aStopLimitSellBelowTheMarketWaitsAndReadsBackWithItsStopPrice() {
        BigDecimal stop = below("0.05");
        BigDecimal limit = below("0.06");
        Reply placed = post("{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"sell\",\"type\":\"stop_limit\","
                + "\"time_in_force\":\"gtc\",\"limit_price\":\"" + limit + "\",\"stop_price\":\"" + stop
                + "\",\"client_order_id\":\"stop-1\"}");
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.body().path("type").asText()).isEqualTo("stop_limit");
        assertThat(placed.body().path("order_type").asText()).isEqualTo("stop_limit");
        assertThat(placed.body().path("status").asText()).isEqualTo("new");
        assertThat(new BigDecimal(placed.body().path("stop_price").asText())).isEqualByComparingTo(stop);
        assertThat(new BigDecimal(placed.body().path("filled_qty").asText())).isZero();
    }

    @Test
    void aStopLimitNeedsAStopPriceOnTheTickAndGoodTillCancelled() {
        String base = "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"sell\",\"type\":\"stop_limit\","
                + "\"limit_price\":\"" + below("0.06") + "\",";
        Reply noStop = post(base + "\"time_in_force\":\"gtc\"}");
        assertThat(noStop.status()).isEqualTo(422);
        assertThat(noStop.body().path("message").asText()).contains("stop_price is required");
        Reply ioc = post(base + "\"time_in_force\":\"ioc\",\"stop_price\":\"" + below("0.05") + "\"}");
        assertThat(ioc.status()).isEqualTo(422);
        Reply offTick = post(base + "\"time_in_force\":\"gtc\",\"stop_price\":\"" + below("0.05") + ".5\"}");
        assertThat(offTick.status()).isEqualTo(422);
        assertThat(offTick.body().path("message").asText()).contains("stop_price");
    }
}
