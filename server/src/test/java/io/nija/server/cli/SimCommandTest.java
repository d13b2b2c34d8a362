package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.SystemClock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.venues.VenueAdapters;
import io.nija.venues.common.HttpTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nija-router sim} as a separate process: its output lines, and --state-dir across a kill -9. */
class SimCommandTest {
    private static final Pattern LINE = Pattern.compile("^venue=([a-z]+) url=(http://127\\.0\\.0\\.1:\\d+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path stateDir;

    private record Running(Process process, Map<String, URI> urls) {
    }

    private static Running launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NijaRouterCli.class.getName(), "sim"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Map<String, URI> urls = new LinkedHashMap<>();
        while (urls.size() < 6) {
            String line = out.readLine();
            assertThat(line).as("the simulator stopped before listing six venues").isNotNull();
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            urls.put(m.group(1), URI.create(m.group(2)));
        }
        return new Running(p, urls);
    }

    private HttpResponse<String> send(String method, URI url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void printsOneLinePerDialectAndKeepsOrdersAcrossAKill9() throws Exception {
        Running first = launch("--port-base", "0", "--state-dir", stateDir.toString(), "--seed", "3");
        String clientId;
        URI binance = first.urls().get("binance");
        try {
            assertThat(first.urls().keySet()).containsExactly("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");
            HttpResponse<String> created = send("POST", binance.resolve("/__sim/accounts"),
                    "{\"api_key\":\"persist-key\",\"api_secret\":\"persist-secret\",\"balances\":{\"USDT\":\"50000\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            Venue adapter = VenueAdapters.create("binance", binance, new SystemClock(), HttpTimeouts.DEFAULT);
            VenueAccount account = new VenueAccount("u", "binance", "persist-key", "persist-secret", null);
            Instrument btc = adapter.instruments().stream().filter(i -> i.symbol().equals("BTCUSDT")).findFirst()
                    .orElseThrow();
            clientId = "persist-order-1";
            adapter.placeOrder(account, new VenueOrderRequest(btc, clientId, Side.BUY, OrderType.LIMIT,
                    new BigDecimal("0.1"), new BigDecimal("50000")));
            adapter.placeOrder(account, new VenueOrderRequest(btc, "persist-order-2", Side.BUY, OrderType.MARKET,
                    new BigDecimal("0.01"), null));
        } finally {
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            first.process().waitFor(10, TimeUnit.SECONDS);
        }

        Running second = launch("--port-base", "0", "--state-dir", stateDir.toString());
        try {
            URI again = second.urls().get("binance");
            JsonNode orders = JSON.readTree(send("GET", again.resolve("/__sim/orders"), null).body());
            assertThat(orders.findValuesAsText("client_order_id")).containsExactly(clientId, "persist-order-2");
            assertThat(orders.get(0).path("status").asText()).isEqualTo("open");
            assertThat(orders.get(1).path("status").asText()).isEqualTo("filled");
            Venue adapter = VenueAdapters.create("binance", again, new SystemClock(), HttpTimeouts.DEFAULT);
            VenueAccount account = new VenueAccount("u", "binance", "persist-key", "persist-secret", null);
            Map<String, BigDecimal> balances = adapter.balances(account);
            assertThat(balances.get("BTC")).isEqualByComparingTo("0.01");
            assertThat(adapter.openOrders(account)).extracting(o -> o.clientOrderId()).containsExactly(clientId);
        } finally {
            second.process().destroy();
            assertThat(second.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void venuesOutWritesTheFileServeVenuesFromReads() throws Exception {
        Path file = stateDir.resolve("conf/venues.json");
        Running sim = launch("--port-base", "0", "--venues-out", file.toString());
        try {
            Map<String, String> read = io.nija.server.app.VenueConfig.read(file);
            Map<String, String> printed = new LinkedHashMap<>();
            sim.urls().forEach((venue, url) -> printed.put(venue, url.toString()));
            assertThat(read).containsExactlyEntriesOf(printed);
            // As serve --venues-from loads it: one HTTP adapter per venue, each reaching its dialect.
            Map<String, Venue> venues = io.nija.server.app.VenueConfig.load(file, new SystemClock(), false);
            assertThat(venues.keySet()).containsExactly("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");
            assertThat(venues.get("kraken").instruments()).isNotEmpty();
            assertThat(stateDir.resolve("conf")).isDirectoryNotContaining("glob:**.tmp");
        } finally {
            sim.process().destroy();
            assertThat(sim.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void helpAndBadUsage() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new NijaRouterCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("sim", "--help")).isZero();
        assertThat(out.toString()).contains("--port-base", "--state-dir", "--seed", "--venues-out");
        assertThat(new CommandLine(new NijaRouterCli()).setErr(new PrintWriter(new StringWriter()))
                .execute("sim", "--port-base", "70000")).isEqualTo(2);
        assertThat(new CommandLine(new NijaRouterCli()).setErr(new PrintWriter(new StringWriter()))
                .execute("sim", "--bogus")).isEqualTo(2);
    }
}
