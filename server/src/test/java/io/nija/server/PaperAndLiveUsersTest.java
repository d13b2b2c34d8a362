package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.instrument.Pair;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.paper.PaperFees;
import io.nija.core.time.SystemClock;
import io.nija.core.venue.VenueAccount;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.http.SimHttpServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paper and live users in one service over venues reached through their REST dialects (the simulator over HTTP): the
 * live user's orders reach the venue, the paper user's never do and are filled from the venue's public book.
 */
class PaperAndLiveUsersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SimulatedExchanges sim;
    private static SimHttpServer simServer;
    private static RouterApp app;
    private static HttpClientSupport http;
    private static final Map<String, String> URLS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        sim = new SimulatedExchanges(new SystemClock(), 17);
        simServer = SimHttpServer.start(sim, 0);
        for (String venue : simServer.venues()) {
            URLS.put(venue, simServer.baseUrl(venue).toString());
        }
        Path dir = Files.createTempDirectory("nija-paper-live");
        Path venues = dir.resolve("venues.json");
        Files.writeString(venues, JSON.writeValueAsString(URLS));
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir.resolve("router"), null, null, venues, 5, false));
        http = new HttpClientSupport(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (simServer != null) {
            simServer.close();
        }
    }

    private static List<JsonNode> simOrders(String venue) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(URLS.get(venue) + "/__sim/orders")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    private static Order awaitFinal(String orderId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                app.store().findOrder(orderId).map(o -> o.status().isTerminal()).orElse(false));
        return app.store().findOrder(orderId).orElseThrow();
    }

    @Test
    void thePaperUsersOrdersNeverReachAVenueAndAreFilledFromItsBookAtItsTakerFee() throws Exception {
        String admin = app.adminToken().token();
        var pia = http.post("/api/v1/users", admin, "{\"user_id\":\"pia\",\"mode\":\"paper\"}");
        assertThat(pia.status()).as(pia.raw()).isEqualTo(201);
        var leo = http.post("/api/v1/users", admin, "{\"user_id\":\"leo\",\"mode\":\"live\"}");
        assertThat(leo.status()).as(leo.raw()).isEqualTo(201);
        VenueAccount leoAtBinance = sim.openPaperAccount("leo", "binance");
        var creds = http.send("PUT", "/api/v1/users/leo/credentials/binance", admin,
                "{\"api_key\":\"" + leoAtBinance.apiKey() + "\",\"api_secret\":\"" + leoAtBinance.apiSecret() + "\"}");
        assertThat(creds.status()).as(creds.raw()).isBetween(200, 204);

        String signal = "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"250\",\"signal_type\":\"entry\"}";
        var p = http.post("/api/v1/signals", pia.body().get("token").asText(), signal);
        assertThat(p.status()).as(p.raw()).isEqualTo(202);
        Order paper = awaitFinal(p.body().get("order_ids").get(0).asText());
        assertThat(paper.status().wire()).isEqualTo("filled");
        // The book the paper order walked, untouched by it (the live order below takes from it).
        OrderLeg leg = paper.legs().stream().filter(x -> x.filledQty().signum() > 0).findFirst().orElseThrow();
        var instrument = app.engine().marketData().instrument(leg.venue(), Pair.parse("BTC-USD"));
        var askPrices = sim.engine(leg.venue()).book(instrument.symbol(), 50).asks().stream()
                .map(x -> x.price().stripTrailingZeros()).toList();

        var l = http.post("/api/v1/signals", leo.body().get("token").asText(), signal);
        assertThat(l.status()).as(l.raw()).isEqualTo(202);
        Order live = awaitFinal(l.body().get("order_ids").get(0).asText());
        assertThat(live.status().wire()).isEqualTo("filled");

        // At the venues: exactly the live user's order, nothing of the paper user's.
        List<String> atVenues = new ArrayList<>();
        for (String venue : URLS.keySet()) {
            for (JsonNode o : simOrders(venue)) {
                atVenues.add(venue + "/" + o.get("client_order_id").asText());
            }
        }
        List<String> liveLegs = live.legs().stream().map(x -> x.venue() + "/" + x.clientOrderId()).toList();
        assertThat(atVenues).containsExactlyInAnyOrderElementsOf(liveLegs);
        assertThat(paper.legs()).allSatisfy(x -> assertThat(atVenues).doesNotContain(x.venue() + "/" + x.clientOrderId()));

        // The paper fills: taker, priced from the venue's ask levels, at the venue's base taker fee.
        BigDecimal taker = PaperFees.of(leg.venue()).taker();
        for (Fill f : leg.fills()) {
            assertThat(f.liquidity()).isEqualTo(Liquidity.TAKER);
            assertThat(askPrices).contains(f.price().stripTrailingZeros());
            assertThat(f.fee()).isEqualByComparingTo(f.quantity().multiply(f.price()).multiply(taker).setScale(8, RoundingMode.HALF_EVEN));
        }
        // The paper user's balances are the paper desk's, not a venue account's.
        var balances = http.get("/api/v1/users/pia/balances", admin);
        assertThat(balances.status()).as(balances.raw()).isEqualTo(200);
        assertThat(balances.raw()).contains("\"BTC\"");
    }
}
