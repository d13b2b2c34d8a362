package io.nija.sim.dialect.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.dialect.support.LoopbackDialect.Reply;
import io.nija.sim.dialect.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a dialect's writeError through a real HTTP exchange, as the simulator server does for injected faults. */
public final class ErrorProbe implements AutoCloseable {
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public ErrorProbe(Dialect dialect) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.get("/probe", ctx -> dialect.writeError(ctx,
                    VenueErrorKind.valueOf(ctx.queryParam("kind")), ctx.queryParam("message")));
        }).start();
    }

    public Reply write(VenueErrorKind kind, String message) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                    + "/probe?kind=" + kind.name() + "&message=" + java.net.URLEncoder.encode(message,
                    java.nio.charset.StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r, r.body().isBlank() ? null : json.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
