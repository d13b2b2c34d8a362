package io.nija.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.dialect.support.Hmac;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.fault.StreamFaults;
import io.nija.sim.market.SeededMarkets;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The simulator's private websocket streams, spoken to as a venue client would (JDK websocket client). */
class StreamDialectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedExchanges sim;
    private SimHttpServer server;

    @BeforeEach
    void start() {
        sim = new SimulatedExchanges(clock, 5, List.of(SeededMarkets.venue("binance"), SeededMarkets.venue("bybit")),
                Sleeper.none());
        server = SimHttpServer.start(sim, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Text messages received, in order. */
    private static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closes.add(code);
            return null;
        }

        JsonNode next() throws Exception {
            String m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return JSON.readTree(m);
        }
    }

    private WebSocket open(String venue, String path, Inbox inbox) {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port(venue) + path), inbox).join();
    }

    private String buyBelowTheTouch(String venue, VenueAccount account, String clientId) {
        MatchingEngine engine = sim.engine(venue);
        String symbol = engine.instruments().stream().filter(i -> i.pair().base().equals("BTC")).findFirst()
                .orElseThrow().symbol();
        BigDecimal bid = engine.book(symbol, 1).bestBid();
        engine.place(account.apiKey(), new NewOrder(symbol, clientId, Side.BUY, OrderType.LIMIT, new BigDecimal("0.001"),
                null, bid.subtract(new BigDecimal("100"))));
        return symbol;
    }

    @Test
    void bybitLogsInSubscribesAndPushesOrdersAndKeepsAnsweringPingsWhileStalled() throws Exception {
        VenueAccount account = sim.openPaperAccount("u1", "bybit");
        Inbox inbox = new Inbox();
        WebSocket ws = open("bybit", "/v5/private", inbox);

        long expires = clock.epochMillis() + 10_000;
        ws.sendText("{\"op\":\"auth\",\"args\":[\"" + account.apiKey() + "\"," + expires + ",\"bad\"]}", true).join();
        assertThat(inbox.next().path("success").asBoolean()).isFalse();
        String sign = Hmac.sha256Hex(account.apiSecret(), "GET/realtime" + expires);
        ws.sendText("{\"op\":\"auth\",\"args\":[\"" + account.apiKey() + "\"," + expires + ",\"" + sign + "\"]}", true).join();
        assertThat(inbox.next().path("success").asBoolean()).isTrue();
        ws.sendText("{\"op\":\"subscribe\",\"args\":[\"order\",\"execution\"]}", true).join();
        assertThat(inbox.next().path("op").asText()).isEqualTo("subscribe");

        buyBelowTheTouch("bybit", account, "cid-1");
        JsonNode order = inbox.next();
        assertThat(order.path("topic").asText()).isEqualTo("order");
        assertThat(order.path("data").get(0).path("orderLinkId").asText()).isEqualTo("cid-1");
        assertThat(order.path("data").get(0).path("orderStatus").asText()).isEqualTo("New");

        sim.faults("bybit").setStreamFaults(new StreamFaults(true, false, 0, 0, 0));
        buyBelowTheTouch("bybit", account, "cid-2");
        ws.sendText("{\"op\":\"ping\"}", true).join();
        // The pong comes; the order event before it never does.
        assertThat(inbox.next().path("op").asText()).isEqualTo("pong");
        assertThat(inbox.messages).isEmpty();
    }

    @Test
    void binanceServesAListenKeyAndItsExecutionReports() throws Exception {
        VenueAccount account = sim.openPaperAccount("u1", "binance");
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl("binance") + "/api/v3/userDataStream"))
                .header("X-MBX-APIKEY", account.apiKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).isEqualTo(200);
        String listenKey = JSON.readTree(key.body()).path("listenKey").asText();
        Inbox inbox = new Inbox();
        open("binance", "/ws/" + listenKey, inbox);
        // Subscribed once the simulator has matched the listen key to the account; a place after that is pushed.
        io.nija.core.testing.Eventually.until("the stream is subscribed",
                () -> server.streams("binance").subscribedSessions() == 1);

        buyBelowTheTouch("binance", account, "cid-1");
        JsonNode report = inbox.next();
        assertThat(report.path("e").asText()).isEqualTo("executionReport");
        assertThat(report.path("c").asText()).isEqualTo("cid-1");
        assertThat(report.path("x").asText()).isEqualTo("NEW");
        assertThat(report.path("X").asText()).isEqualTo("NEW");

        sim.faults("binance").setStreamFaults(new StreamFaults(false, true, 0, 0, 0));
        assertThat(inbox.closes.poll(30, TimeUnit.SECONDS)).isEqualTo(1001);
    }
}
