package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.app.RouterApp;
import io.nija.server.app.SimPaperExchange;
import io.nija.server.http.RateLimit;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users' modes, token rotation, revocation, credentials checked with the venue, balances: over HTTP, in process. */
class UsersApiTest {
    private static final io.nija.core.venue.FeeSchedule FEES = new io.nija.core.venue.FeeSchedule(new BigDecimal("0.001"), new BigDecimal("0.002"));
    private static RouterApp app;
    private static HttpClientSupport http;
    private static String admin;

    @BeforeAll
    static void start() {
        app = TestRouters.start("users", 31, RateLimit.OFF);
        http = new HttpClientSupport(app.port());
        admin = app.adminToken().token();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String create(String userId, String extra) {
        var r = http.post("/api/v1/users", admin, "{\"user_id\":\"" + userId + "\"" + extra + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("token").asText();
    }

    private static SimulatedExchanges sim() {
        return ((SimPaperExchange) app.paper()).simulator();
    }

    private static void openKey(String venue, String key, String secret, Permission... permissions) {
        sim().engine(venue).openAccount(key, secret, null, Map.of("USD", new BigDecimal("1000")), FEES,
                new AccountOptions(permissions.length == 0 ? Set.of() : EnumSet.of(permissions[0], permissions), true));
    }

    private static HttpClientSupport.Reply putKey(String user, String venue, String key, String secret) {
        return http.send("PUT", "/api/v1/users/" + user + "/credentials/" + venue, admin,
                "{\"api_key\":\"" + key + "\",\"api_secret\":\"" + secret + "\"}");
    }

    @Test
    void newUsersArePaperOnTheInProcessSimulatorAndTheAdminSetsModeAndEnabled() {
        create("mode-a", "");
        assertThat(http.get("/api/v1/users/mode-a", admin).body().get("mode").asText()).isEqualTo("paper");
        var put = http.send("PUT", "/api/v1/users/mode-a", admin, "{\"mode\":\"live\",\"enabled\":false}");
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        assertThat(put.body().get("mode").asText()).isEqualTo("live");
        assertThat(put.body().get("enabled").asBoolean()).isFalse();
        JsonNode listed = http.get("/api/v1/users", admin).body();
        assertThat(listed.findValues("user_id").stream().map(JsonNode::asText)).contains("mode-a");
        assertThat(app.store().findUser("mode-a").orElseThrow().limits().enabled()).isFalse();
        assertThat(http.send("PUT", "/api/v1/users/mode-a", admin, "{\"enabled\":true}").status()).isEqualTo(400);
    }

    @Test
    void aRotatedTokenReplacesTheOldOneAtOnce() {
        String old = create("rot-a", "");
        var r = http.post("/api/v1/users/rot-a/token", old, null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        String fresh = r.body().get("token").asText();
        assertThat(http.get("/api/v1/users/rot-a", old).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/users/rot-a", fresh).status()).isEqualTo(200);
    }

    @Test
    void aDeletedUserLosesItsTokenAndTradingButKeepsItsHistory() {
        String token = create("del-a", ",\"limits\":{\"trades_per_second\":100}");
        var ack = http.post("/api/v1/signals", token, "{\"pair\":\"BTC-USD\",\"side\":\"buy\",\"size_usd\":\"20\",\"signal_type\":\"entry\"}");
        assertThat(ack.status()).as(ack.raw()).isEqualTo(202);
        assertThat(http.send("DELETE", "/api/v1/users/del-a", admin, null).status()).isEqualTo(204);

        assertThat(http.get("/api/v1/orders", token).status()).isEqualTo(401);
        var refused = http.post("/api/v1/signals", admin, "{\"user_id\":\"del-a\",\"pair\":\"BTC-USD\",\"side\":\"buy\","
                + "\"size_usd\":\"20\",\"signal_type\":\"entry\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("user_disabled");
        assertThat(http.get("/api/v1/orders?user_id=del-a", admin).body()).hasSize(1);
        assertThat(http.get("/api/v1/users/del-a", admin).body().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void credentialsAreCheckedWithTheVenueAndNothingIsStoredOnRefusal() {
        create("cred-live", ",\"mode\":\"live\"");
        openKey("kraken", "cred-live-readonly", "secret-ro", Permission.READ);
        openKey("kraken", "cred-live-tradeonly", "secret-to", Permission.TRADE);
        openKey("kraken", "cred-live-withdraw", "secret-w", Permission.READ, Permission.TRADE, Permission.WITHDRAW);
        openKey("okx", "cred-live-okx-key", "secret-ok", Permission.READ, Permission.TRADE);

        var unknown = putKey("cred-live", "kraken", "no-such-key", "s");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("credentials_rejected");
        assertThat(putKey("cred-live", "kraken", "cred-live-withdraw", "wrong-secret").body().at("/error/code").asText())
                .isEqualTo("credentials_rejected");
        var readOnly = putKey("cred-live", "kraken", "cred-live-readonly", "secret-ro");
        assertThat(readOnly.status()).isEqualTo(422);
        assertThat(readOnly.body().at("/error/code").asText()).isEqualTo("credentials_lack_permission");
        assertThat(readOnly.body().at("/error/message").asText()).contains("trade");
        var tradeOnly = putKey("cred-live", "kraken", "cred-live-tradeonly", "secret-to");
        assertThat(tradeOnly.body().at("/error/message").asText()).contains("read");
        assertThat(app.store().findCredential("cred-live", "kraken")).as("nothing stored on refusal").isEmpty();
        assertThat(readOnly.raw()).doesNotContain("secret-ro");

        var withdraw = putKey("cred-live", "kraken", "cred-live-withdraw", "secret-w");
        assertThat(withdraw.status()).as(withdraw.raw()).isEqualTo(200);
        assertThat(withdraw.body().get("warnings").get(0).asText()).isEqualTo("withdraw_permission");
        assertThat(putKey("cred-live", "okx", "cred-live-okx-key", "secret-ok").status()).isEqualTo(204);

        var listed = http.get("/api/v1/users/cred-live/credentials", admin);
        assertThat(listed.raw()).doesNotContain("secret-").doesNotContain("cred-live-withdraw");
        JsonNode kraken = listed.body().get(0);
        assertThat(kraken.get("venue").asText()).isEqualTo("kraken");
        assertThat(kraken.get("key_hint").asText()).isEqualTo("draw");
        assertThat(kraken.get("permissions")).extracting(JsonNode::asText).containsExactly("read", "trade", "withdraw");
        assertThat(kraken.get("validated_at").asText()).isNotBlank();
        assertThat(listed.body().get(1).get("permissions")).extracting(JsonNode::asText).containsExactly("read", "trade");
    }

    @Test
    void aPaperUsersKeyIsOpenedOnTheSimulatorAsBeforeAndChecked() {
        create("cred-paper", "");
        assertThat(putKey("cred-paper", "binance", "cred-paper-key", "cred-paper-secret").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/users/cred-paper/credentials", admin).body().findValues("venue")).hasSize(6);
    }

    @Test
    void balancesArePerVenueAndAssetAsPlainDecimals() {
        String token = create("bal-a", "");
        var r = http.get("/api/v1/users/bal-a/balances", token);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body()).isNotEmpty();
        for (JsonNode b : r.body()) {
            assertThat(b.fieldNames()).toIterable().containsExactly("venue", "asset", "free", "locked");
            assertThat(b.get("free").asText()).matches("\\d+(\\.\\d*[1-9])?");
            assertThat(b.get("locked").asText()).matches("\\d+(\\.\\d*[1-9])?");
        }
        assertThat(r.body().findValues("venue").stream().map(JsonNode::asText).distinct()).hasSize(6);
    }
}
