package io.nija.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The simulator's Alpaca crypto market data websocket (orderbooks), spoken to as an Alpaca client would. */
class AlpacaBookStreamDialectTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private SimulatedExchanges sim;
    private SimHttpServer server;

    @BeforeEach
    void start() {
        sim = new SimulatedExchanges(clock, 5, List.of(SeededMarkets.venue("alpaca")), Sleeper.none());
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

        /** The one object of the next message (an array, as Alpaca sends them). */
        JsonNode next() throws Exception {
            String m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            JsonNode array = JSON.readTree(m);
            assertThat(array.isArray()).isTrue();
            return array.path(0);
        }
    }

    @Test
    void authThenSubscribeGivesTheWholeBookAsAResetThenTheChangedLevels() throws Exception {
        String symbol = sim.engine("alpaca").instruments().stream().filter(i -> i.pair().base().equals("BTC"))
                .findFirst().orElseThrow().symbol();
        Inbox inbox = new Inbox();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port("alpaca") + "/v1beta3/crypto/us"), inbox).join();
        assertThat(inbox.next().path("msg").asText()).isEqualTo("connected");

        ws.sendText("{\"action\":\"subscribe\",\"orderbooks\":[\"" + symbol + "\"]}", true).join();
        JsonNode refused = inbox.next();
        assertThat(refused.path("T").asText()).isEqualTo("error");
        assertThat(refused.path("code").asInt()).isEqualTo(401);

        ws.sendText("{\"action\":\"auth\",\"key\":\"K\",\"secret\":\"S\"}", true).join();
        assertThat(inbox.next().path("msg").asText()).isEqualTo("authenticated");
        ws.sendText("{\"action\":\"subscribe\",\"orderbooks\":[\"" + symbol + "\",\"NOPE/USD\"]}", true).join();
        JsonNode subscription = inbox.next();
        assertThat(subscription.path("T").asText()).isEqualTo("subscription");
        assertThat(subscription.path("orderbooks").toString()).isEqualTo("[\"" + symbol + "\"]");

        JsonNode reset = inbox.next();
        assertThat(reset.path("T").asText()).isEqualTo("o");
        assertThat(reset.path("S").asText()).isEqualTo(symbol);
        assertThat(reset.path("r").asBoolean()).isTrue();
        var book = sim.engine("alpaca").book(symbol, 50);
        assertThat(reset.path("b").size()).isEqualTo(book.bids().size());
        assertThat(reset.path("b").path(0).path("p").isNumber()).isTrue();
        assertThat(reset.path("b").path(0).path("p").decimalValue()).isEqualByComparingTo(book.bestBid());

        sim.engine("alpaca").reshapeBook(symbol, new BigDecimal("-40"), BigDecimal.ONE);
        JsonNode update = inbox.next();
        assertThat(update.path("T").asText()).isEqualTo("o");
        assertThat(update.has("r")).as("an update is no reset").isFalse();
        boolean removes = false;
        for (JsonNode l : update.path("b")) {
            removes |= l.path("s").decimalValue().signum() == 0;
        }
        assertThat(removes).as("levels gone are sent with size 0").isTrue();
        ws.abort();
    }
}
