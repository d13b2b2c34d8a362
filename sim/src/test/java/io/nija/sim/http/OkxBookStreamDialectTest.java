package io.nija.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.market.OrderBook;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.market.SeededMarkets;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's OKX public websocket (books5), spoken to as an OKX client would. */
class OkxBookStreamDialectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private SimulatedExchanges sim;
    private SimHttpServer server;

    @BeforeEach
    void start() {
        sim = new SimulatedExchanges(clock, 5, List.of(SeededMarkets.venue("okx")), Sleeper.none());
        server = SimHttpServer.start(sim, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return m;
        }
    }

    @Test
    void books5AnswersTheSubscriptionThenPushesTheWholeTopFiveOnEveryChange() throws Exception {
        String symbol = sim.engine("okx").instruments().stream().filter(i -> i.pair().base().equals("BTC"))
                .findFirst().orElseThrow().symbol();
        Inbox inbox = new Inbox();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port("okx") + "/ws/v5/public"), inbox).join();

        ws.sendText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books5\",\"instId\":\"NOPE-USDT\"}]}", true).join();
        JsonNode refused = JSON.readTree(inbox.next());
        assertThat(refused.path("event").asText()).isEqualTo("error");
        assertThat(refused.path("code").asText()).isEqualTo("60018");

        ws.sendText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books5\",\"instId\":\"" + symbol + "\"}]}", true)
                .join();
        JsonNode answer = JSON.readTree(inbox.next());
        assertThat(answer.path("event").asText()).isEqualTo("subscribe");
        assertThat(answer.path("arg").path("instId").asText()).isEqualTo(symbol);
        assertTopFive(JSON.readTree(inbox.next()), sim.engine("okx").book(symbol, 5));

        sim.engine("okx").reshapeBook(symbol, new BigDecimal("-50"), BigDecimal.ONE);
        assertTopFive(JSON.readTree(inbox.next()), sim.engine("okx").book(symbol, 5));

        ws.sendText("ping", true).join();
        assertThat(inbox.next()).isEqualTo("pong");
    }

    private static void assertTopFive(JsonNode push, OrderBook venue) {
        assertThat(push.path("arg").path("channel").asText()).isEqualTo("books5");
        JsonNode d = push.path("data").path(0);
        assertThat(d.path("bids")).hasSize(5);
        assertThat(d.path("asks")).hasSize(5);
        assertThat(new BigDecimal(d.path("bids").path(0).path(0).asText())).isEqualByComparingTo(venue.bestBid());
        assertThat(new BigDecimal(d.path("asks").path(0).path(0).asText())).isEqualByComparingTo(venue.bestAsk());
        assertThat(d.path("bids").path(0)).hasSize(4);
    }
}
