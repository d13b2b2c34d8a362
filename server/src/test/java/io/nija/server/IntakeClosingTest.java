package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.http.ApiServer;
import io.nija.server.http.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The first step of a stop: the listener stays up, and every request gets 503 shutting_down with Retry-After. */
class IntakeClosingTest {
    @Test
    void afterTheIntakeClosesEveryRequestIsAnswered503() throws Exception {
        try (RouterApp app = TestRouters.start("intake", 5, RateLimit.OFF)) {
            ApiServer api = new ApiServer(app.service(), "127.0.0.1", 0, RateLimit.OFF).start();
            try {
                HttpClientSupport http = new HttpClientSupport(api.port());
                String admin = app.adminToken().token();
                assertThat(http.send("GET", "/health", null, null).status()).isEqualTo(200);

                api.closeIntake();

                HttpClientSupport.Reply signal = http.send("POST", "/api/v1/signals", admin, "{\"user_id\":\"x\"}");
                assertThat(signal.status()).isEqualTo(503);
                assertThat(signal.body().path("error").path("code").asText()).isEqualTo("shutting_down");
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.headers().firstValue("Retry-After")).hasValue("5");
            } finally {
                api.close();
            }
        }
    }
}
