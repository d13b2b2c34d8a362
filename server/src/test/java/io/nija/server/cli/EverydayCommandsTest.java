package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.http.RateLimit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday commands (status, orders, positions, balances, pnl, kill-switch) against an in-process service with
 * paper orders placed over HTTP: their tables, their --json, their errors and exit codes.
 */
class EverydayCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RouterApp app;
    private static String url;
    private static String admin;
    private static String alice;
    private static final List<String> ALICE_ORDERS = new ArrayList<>();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        app = RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-cli"), null, null, null, 23,
                false, RateLimit.OFF, false));
        url = "http://127.0.0.1:" + app.port();
        admin = app.adminToken().token();
        alice = http("POST", "/api/v1/users", admin, "{\"user_id\":\"alice\",\"limits\":{\"trades_per_second\":100}}")
                .get("token").asText();
        http("POST", "/api/v1/users", admin, "{\"user_id\":\"bob\"}");
        for (String strategy : List.of("trend", "trend", "breakout")) {
            JsonNode ack = http("POST", "/api/v1/signals", alice, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"50\","
                    + "\"signal_type\":\"entry\",\"strategy\":\"" + strategy + "\"}");
            ALICE_ORDERS.add(ack.get("order_ids").get(0).asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ALICE_ORDERS.stream().allMatch(id ->
                app.store().findOrder(id).orElseThrow().status().isTerminal()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode http(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    /** Runs the command line as main does (same exit-code mapping), with a token file that does not exist. */
    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url")) {
            all.addAll(List.of("--url", url));
        }
        if (!all.contains("--token-file")) {
            all.addAll(List.of("--token-file", tmp.resolve("absent").toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NijaRouterCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void statusShowsReadinessEveryVenueAndTheGlobalKillSwitch() {
        Run r = run("status", "--token", admin);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("status      ready (store up, 6 venues)").contains("kill switch off (global)");
        assertThat(r.out().lines().filter(l -> l.matches("^(binance|coinbase|kraken|okx|bybit|alpaca) +yes +closed.*")))
                .hasSize(6);
    }

    @Test
    void ordersPrintsATableFiltersAndPagesWithTheCursor() throws Exception {
        Run all = run("orders", "--token", alice);
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out().lines().findFirst().orElseThrow()).startsWith("created_at").contains("order_id", "status", "fees_usd");
        ALICE_ORDERS.forEach(id -> assertThat(all.out()).contains(id));
        assertThat(all.out()).contains(" alice ").contains(" BTC-USD ").contains(" filled ").doesNotContain("more: --cursor");

        Run trend = run("orders", "--token", admin, "--user", "alice", "--strategy", "breakout");
        assertThat(trend.out()).contains(ALICE_ORDERS.get(2)).doesNotContain(ALICE_ORDERS.get(0)).doesNotContain(ALICE_ORDERS.get(1));

        // Two per page: the first page names the cursor of the second, which holds the oldest order.
        Run first = run("orders", "--token", alice, "--limit", "2");
        String cursorLine = first.out().lines().filter(l -> l.startsWith("more: --cursor ")).findFirst().orElseThrow();
        Run second = run("orders", "--token", alice, "--limit", "2", "--cursor", cursorLine.substring("more: --cursor ".length()));
        assertThat(second.out()).contains(ALICE_ORDERS.get(0)).doesNotContain("more: --cursor");

        Run json = run("orders", "--token", alice, "--json", "--limit", "2");
        JsonNode page = JSON.readTree(json.out());
        assertThat(page.isArray()).isTrue();
        assertThat(page).hasSize(2);
        assertThat(json.err()).startsWith("next page: --cursor ");
    }

    @Test
    void positionsShowsTheFilledBuys() throws Exception {
        Run r = run("positions", "--token", admin, "--user", "alice");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("user").contains("unrealized_pnl");
        assertThat(r.out().lines().skip(2)).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("alice ").contains("BTC-USD"));
        JsonNode json = JSON.readTree(run("positions", "--token", alice, "--json").out());
        assertThat(json.findValuesAsText("user_id")).isNotEmpty().containsOnly("alice");
    }

    @Test
    void balancesAndPnlOfAUser() throws Exception {
        Run b = run("balances", "--token", alice, "--user", "alice");
        assertThat(b.code()).as(b.err()).isZero();
        JsonNode balances = JSON.readTree(run("balances", "--token", alice, "--user", "alice", "--json").out());
        for (JsonNode row : balances) {
            assertThat(b.out()).containsPattern(row.get("venue").asText() + " +" + row.get("asset").asText() + " +"
                    + java.util.regex.Pattern.quote(row.get("free").asText()));
        }
        assertThat(b.out().lines().findFirst().orElseThrow()).satisfiesAnyOf(
                l -> assertThat(l).startsWith("venue").contains("asset", "free", "locked"),
                l -> assertThat(l).startsWith("no balances"));

        Run p = run("pnl", "--token", alice, "--user", "alice");
        assertThat(p.code()).as(p.err()).isZero();
        JsonNode days = JSON.readTree(run("pnl", "--token", alice, "--user", "alice", "--json").out());
        assertThat(days).hasSize(30);
        String today = days.get(29).get("period_start").asText().substring(0, 10);
        assertThat(p.out().lines().filter(l -> l.startsWith(today)).findFirst().orElseThrow())
                .contains(days.get(29).get("equity").asText());

        // bob's data is not alice's to read
        Run other = run("pnl", "--token", alice, "--user", "bob");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).startsWith("nija-router pnl: GET /api/v1/users/bob/pnl answered 403");
    }

    @Test
    void killSwitchIsSetReadAndClearedForOneUser() throws Exception {
        Run set = run("kill-switch", "set", "--token", admin, "--user", "bob", "--mode", "flatten");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).startsWith("kill switch ON, flatten (user bob)");
        Run get = run("kill-switch", "--token", admin, "--user", "bob");
        assertThat(get.out()).startsWith("ON, flatten (user bob) since ").contains("flat at every venue");
        JsonNode json = JSON.readTree(run("kill-switch", "get", "--token", admin, "--user", "bob", "--json").out());
        assertThat(json.get("enabled").asBoolean()).isTrue();
        assertThat(json.get("mode").asText()).isEqualTo("flatten");
        assertThat(run("kill-switch", "clear", "--token", admin, "--user", "bob").out()).startsWith("kill switch off (user bob)");
        assertThat(app.service().killSwitchState(io.nija.server.auth.Principal.ADMIN, "bob").enabled()).isFalse();
        // the global one was never touched
        assertThat(run("kill-switch", "--token", admin).out()).startsWith("off (global)");
    }

    @Test
    void aTokenFileIsUsedWhenNoTokenIsGivenAndNoTokenAtAllIsBadUsage() throws Exception {
        Path file = tmp.resolve("admin-token");
        Files.writeString(file, admin + "\n");
        Run withFile = run("kill-switch", "--token-file", file.toString());
        assertThat(withFile.code()).as(withFile.err()).isZero();
        assertThat(withFile.out()).startsWith("off (global)");

        if (System.getenv("NIJA_TOKEN") == null) {
            Run none = run("positions");
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err()).contains("no API token");
        }
    }

    @Test
    void refusalsAndAnUnreachableServiceExitOneWithAReadableLine() {
        Run badToken = run("orders", "--token", "not-a-token");
        assertThat(badToken.code()).isEqualTo(1);
        assertThat(badToken.err()).contains("answered 401 unauthorized").contains("--token");

        Run badStatus = run("orders", "--token", alice, "--status", "nonsense");
        assertThat(badStatus.code()).isEqualTo(1);
        assertThat(badStatus.err()).startsWith("nija-router orders: GET /api/v1/orders answered 400 ");

        Run userSetsGlobal = run("kill-switch", "set", "--token", alice);
        assertThat(userSetsGlobal.code()).isEqualTo(1);
        assertThat(userSetsGlobal.err()).contains("answered 403");

        // a port nothing listens on: bind one, then close it
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run down = run("status", "--token", admin, "--url", "http://127.0.0.1:" + closed);
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("cannot reach the service at http://127.0.0.1:" + closed);
        assertThat(down.out()).isEmpty();
    }

    @Test
    void optionsBeforeAKillSwitchSubcommandAreRefusedRatherThanSettingTheGlobalSwitch() {
        Run r = run("kill-switch", "--user", "bob", "set", "--token", admin);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("put the options after the subcommand");
        assertThat(app.service().killSwitchState(io.nija.server.auth.Principal.ADMIN, null).enabled()).isFalse();
        assertThat(app.service().killSwitchState(io.nija.server.auth.Principal.ADMIN, "bob").enabled()).isFalse();
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("kill-switch", "set", "--token", admin, "--mode", "panic").code()).isEqualTo(2);
        assertThat(run("balances", "--token", admin).code()).as("--user is required").isEqualTo(2);
        assertThat(run("orders", "--token", admin, "--url", "localhost:8080").code()).isEqualTo(2);
        assertThat(run("orders", "--token", admin, "--limit", "many").code()).isEqualTo(2);
    }
}
