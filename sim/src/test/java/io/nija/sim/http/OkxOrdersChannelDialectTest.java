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
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderView;
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

/** The simulator's OKX private websocket (login, orders channel), spoken to as an OKX client would. */
class OkxOrdersChannelDialectTest {
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

        JsonNode next() throws Exception {
            String m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return JSON.readTree(m);
        }
    }

    private String login(VenueAccount a, String secret, long seconds) {
        String ts = Long.toString(seconds);
        return JSON.createObjectNode().put("op", "login").set("args", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("apiKey", a.apiKey()).put("passphrase", a.passphrase()).put("timestamp", ts)
                .put("sign", Hmac.sha256Base64(secret, ts + "GET/users/self/verify")))).toString();
    }

    private WebSocket open(Inbox inbox) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port("okx") + "/ws/v5/private"), inbox).join();
    }

    @Test
    void aWrongSignatureOrAStaleTimestampIsRefusedAndSubscribingNeedsALogin() throws Exception {
        VenueAccount a = sim.openPaperAccount("u1", "okx");
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox);
        ws.sendText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"SPOT\"}]}", true).join();
        assertThat(inbox.next().path("code").asText()).isEqualTo("60011");
        ws.sendText(login(a, "not-the-secret", clock.now().getEpochSecond()), true).join();
        assertThat(inbox.next().path("code").asText()).isEqualTo("60009");
        ws.sendText(login(a, a.apiSecret(), clock.now().getEpochSecond() - 60), true).join();
        assertThat(inbox.next().path("code").asText()).isEqualTo("60009");
    }

    @Test
    void eachFillIsPushedWithItsTradeIdAndTheCumulativeSizeUpToIt() throws Exception {
        VenueAccount a = sim.openPaperAccount("u1", "okx");
        String symbol = sim.engine("okx").instruments().stream().filter(i -> i.pair().base().equals("BTC"))
                .findFirst().orElseThrow().symbol();
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox);
        ws.sendText(login(a, a.apiSecret(), clock.now().getEpochSecond()), true).join();
        JsonNode loggedIn = inbox.next();
        assertThat(loggedIn.path("event").asText()).isEqualTo("login");
        assertThat(loggedIn.path("code").asText()).isEqualTo("0");
        ws.sendText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"SPOT\"}]}", true).join();
        assertThat(inbox.next().path("event").asText()).isEqualTo("subscribe");

        OrderView o = sim.engine("okx").place(a.apiKey(), new NewOrder(symbol, "c1", Side.BUY, OrderType.MARKET,
                new BigDecimal("2"), null, null));
        assertThat(o.fills()).isNotEmpty();
        BigDecimal acc = BigDecimal.ZERO;
        for (int i = 0; i < o.fills().size(); i++) {
            JsonNode push = inbox.next();
            assertThat(push.path("arg").path("channel").asText()).isEqualTo("orders");
            JsonNode d = push.path("data").path(0);
            acc = acc.add(o.fills().get(i).quantity());
            assertThat(d.path("clOrdId").asText()).isEqualTo("c1");
            assertThat(d.path("tradeId").asText()).isEqualTo(o.fills().get(i).tradeId());
            assertThat(d.has("billId")).as("the orders channel has no billId").isFalse();
            assertThat(new BigDecimal(d.path("fillSz").asText())).isEqualByComparingTo(o.fills().get(i).quantity());
            assertThat(new BigDecimal(d.path("accFillSz").asText())).isEqualByComparingTo(acc);
            assertThat(d.path("state").asText()).isEqualTo(i == o.fills().size() - 1 ? "filled" : "partially_filled");
        }
        ws.sendText("ping", true).join();
        assertThat(inbox.messages.poll(30, TimeUnit.SECONDS)).isEqualTo("pong");
    }
}
