package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pages are served with a Content-Security-Policy that runs scripts and styles from this origin only and
 * forbids framing; every answer says nosniff and no-referrer; API answers (refusals included) are never cached. The
 * page itself has nothing inline that such a policy would block (the browser run in DashboardBrowserTest fails on any
 * CSP violation, which Chromium logs as a console error).
 */
class SecurityHeadersTest {
    private static RouterApp app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        app = TestRouters.start("security-headers", 5, RateLimit.DEFAULT);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void dashboardFilesGetAStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/index.html", "/dashboard.js", "/dashboard.css")) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            HttpHeaders h = r.headers();
            String csp = h.firstValue("Content-Security-Policy").orElse("");
            assertThat(directive(csp, "script-src")).as("script-src of " + path).isEqualTo("'self'");
            assertThat(directive(csp, "style-src")).as("style-src of " + path).isEqualTo("'self'");
            assertThat(directive(csp, "default-src")).as("default-src of " + path).isEqualTo("'none'");
            assertThat(directive(csp, "frame-ancestors")).as("frame-ancestors of " + path).isEqualTo("'none'");
            assertThat(csp).as(path).doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(h.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void apiAnswersAreNeverCachedIncludingRefusals() throws Exception {
        String admin = app.adminToken().token();
        List<HttpResponse<String>> answers = List.of(
                get("/api/v1/venues", admin),
                get("/api/v1/venues", null),                // 401
                get("/api/v1/orders/ord_missing", admin),   // 404
                get("/api/v1/nothing-here", admin),         // no such route
                get("/health", null), get("/ready", null), get("/metrics", null), get("/openapi.json", null));
        assertThat(answers.stream().map(HttpResponse::statusCode)).containsExactly(200, 401, 404, 404, 200, 200, 200, 200);
        for (HttpResponse<String> r : answers) {
            String what = r.request().uri().getPath() + " " + r.statusCode();
            assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(directive(r.headers().firstValue("Content-Security-Policy").orElse(""), "frame-ancestors"))
                    .as(what).isEqualTo("'none'");
        }
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() throws IOException {
        String page = resource("/public/index.html");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(page).find())
                .as("an inline <script> in index.html").isFalse();
        assertThat(page).as("index.html").doesNotContainIgnoringCase("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find())
                .as("an inline event handler attribute in index.html").isFalse();
        assertThat(page).contains("<script src=\"/dashboard.js\"></script>", "<link rel=\"stylesheet\" href=\"/dashboard.css\">");
        // Markup the script builds: no style attributes (blocked by style-src 'self') nor handler attributes.
        String script = resource("/public/dashboard.js");
        assertThat(script).doesNotContain("style=\"", "style='", "javascript:");
        assertThat(Pattern.compile("['\"][^'\"]*\\son[a-z]+=").matcher(script).find())
                .as("a handler attribute in markup built by dashboard.js").isFalse();
    }

    /** The value of one directive of a policy, e.g. {@code 'self'} for script-src; "" when absent. */
    static String directive(String policy, String name) {
        for (String d : policy.split(";")) {
            String t = d.strip();
            if (t.startsWith(name + " ")) {
                return t.substring(name.length()).strip();
            }
        }
        return "";
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SecurityHeadersTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
