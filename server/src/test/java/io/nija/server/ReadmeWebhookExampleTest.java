package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's webhook example works as written: started as it says ({@code serve --allow-private-webhooks}), the
 * router accepts the exact request the README shows. It used to name a host that does not resolve, which the
 * address guard refuses.
 */
class ReadmeWebhookExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "serve --allow-private-webhooks`.*?curl -X PUT localhost:8080(/api/v1/users/alice/webhook) -H\\s+"
                    + "\"Authorization: Bearer \\$TOKEN\" -d '(\\{[^']*})'", Pattern.DOTALL);

    @Test
    void theReadmesWebhookRequestIsAccepted() throws IOException {
        Matcher m = EXAMPLE.matcher(readme());
        assertThat(m.find()).as("the README's webhook example, with the flag it needs").isTrue();
        String path = m.group(1);
        String body = m.group(2);
        try (RouterApp app = TestRouters.start("readme-webhook", 11, RateLimit.OFF, true)) {
            HttpClientSupport http = new HttpClientSupport(app.port());
            String admin = app.adminToken().token();
            HttpClientSupport.Reply created = http.send("POST", "/api/v1/users", admin, "{\"user_id\":\"alice\"}");
            assertThat(created.status()).isEqualTo(201);
            String token = created.body().get("token").asText();

            HttpClientSupport.Reply put = http.send("PUT", path, token, body);
            assertThat(put.status()).as(put.raw()).isEqualTo(200);
            assertThat(http.send("GET", path, token, null).body().get("url").asText())
                    .isEqualTo(HttpClientSupport.JSON.readTree(body).get("url").asText());
        }
    }

    private static String readme() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return Files.readString(p.resolve("README.md"));
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
