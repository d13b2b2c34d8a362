package io.nija.venues.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.Liquidity;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.common.Hashing;
import io.nija.venues.stream.PrivateStreamDialect.Parsed;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OkxPrivateStreamTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final OkxPrivateStream stream = new OkxPrivateStream(URI.create("ws://127.0.0.1:1"), clock);

    @Test
    void logsInWithTheVenueClockInSecondsAndSubscribesToSpotOrders() throws Exception {
        VenueAccount a = new VenueAccount("u1", "okx", "key", "secret", "pass");
        var opening = stream.onOpen(a, 0);
        JsonNode login = new ObjectMapper().readTree(opening.get(0)).path("args").path(0);
        assertThat(login.path("timestamp").asText()).isEqualTo("1767607200");
        assertThat(login.path("sign").asText())
                .isEqualTo(Hashing.hmacSha256Base64("secret", "1767607200GET/users/self/verify"));
        assertThat(login.path("passphrase").asText()).isEqualTo("pass");
        assertThat(opening.get(1)).contains("\"channel\":\"orders\"").contains("\"instType\":\"SPOT\"");
    }

    @Test
    void readsLoginSubscriptionErrorsAndAPushWithItsFillKeyedByTradeId() {
        assertThat(stream.parse("{\"event\":\"login\",\"code\":\"0\",\"msg\":\"\"}")).isEqualTo(Parsed.NOTHING);
        assertThat(stream.parse("{\"event\":\"error\",\"code\":\"60009\",\"msg\":\"Login failed.\"}").refused()).isTrue();
        assertThat(stream.parse("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"orders\",\"instType\":\"SPOT\"}}")
                .subscribed()).isTrue();
        assertThat(stream.parse("pong")).isEqualTo(Parsed.NOTHING);

        Parsed p = stream.parse("""
                {"arg":{"channel":"orders","instType":"SPOT","uid":"1"},"data":[{"instId":"BTC-USDT","ordId":"9",
                 "clOrdId":"c1","sz":"0.002","accFillSz":"0.001","avgPx":"65000","state":"partially_filled",
                 "tradeId":"77","fillSz":"0.001","fillPx":"65000","fillFee":"-0.065","fillFeeCcy":"USDT",
                 "execType":"M","fillTime":"1767607200000"}]}""");
        assertThat(p.orders()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(VenueOrderStatus.PARTIALLY_FILLED);
            assertThat(s.filledQty()).isEqualByComparingTo("0.001");
            assertThat(s.fills()).singleElement().satisfies(f -> {
                assertThat(f.fillId()).isEqualTo("77");
                assertThat(f.fee()).isEqualByComparingTo("0.065");
                assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            });
        });
        // A push without a trade (placed, cancelled) carries the order alone.
        Parsed placed = stream.parse("""
                {"arg":{"channel":"orders","instType":"SPOT"},"data":[{"instId":"BTC-USDT","ordId":"9","clOrdId":"c1",
                 "sz":"0.002","accFillSz":"0","state":"live","tradeId":"","fillSz":"0","fillPx":""}]}""");
        assertThat(placed.orders()).singleElement().satisfies(s -> assertThat(s.fills()).isEmpty());
    }
}
