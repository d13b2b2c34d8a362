package io.nija.sim.dialect.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.nija.core.time.ManualClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

/**
 * One dialect on a loopback Javalin listener over a seeded simulated venue with a manual clock, plus a plain
 * java.net.http client: what the dialect tests drive (signing is each test's own, written from the docs).
 */
public final class LoopbackDialect implements AutoCloseable {
    public final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T12:00:00Z"));
    public final SimulatedExchanges sim = new SimulatedExchanges(clock, 7);
    public final ObjectMapper json = new ObjectMapper();
    public final MatchingEngine engine;
    public final DialectContext context;
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    public LoopbackDialect(Dialect dialect) {
        String venue = dialect.venue();
        this.engine = sim.engine(venue);
        this.context = new DialectContext(sim.spec(venue), engine, sim.faults(venue), clock, json);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            dialect.routes(config.routes, context);
        }).start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public void openAccount(String key, String secret, String passphrase, Map<String, String> balances) {
        Map<String, BigDecimal> amounts = new java.util.LinkedHashMap<>();
        balances.forEach((k, v) -> amounts.put(k, new BigDecimal(v)));
        engine.openAccount(key, secret, passphrase, amounts);
    }

    /** Sends the request; the answer's status, headers and body (parsed when it is JSON). */
    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (!r.body().isBlank()) {
                try {
                    body = json.readTree(r.body());
                } catch (IOException notJson) {
                    body = null;
                }
            }
            return new Reply(r.statusCode(), r, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery));
    }

    public record Reply(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
