package io.nija.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Follows one service's {@code GET /api/v1/events} with the admin token and hands every order (the event's
 * {@code order}) to a consumer as it arrives. {@link #unreliable()} turns true when the stream could not be opened,
 * ended or dropped events; the engine then asks for the stragglers directly.
 */
final class OrderFollower implements AutoCloseable {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final Consumer<JsonNode> orders;
    private volatile boolean unreliable;
    private volatile InputStream body;
    private Thread thread;

    OrderFollower(String base, String token, Consumer<JsonNode> orders) {
        this.base = base;
        this.token = token;
        this.orders = orders;
    }

    void start() throws InterruptedException {
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                unreliable = true;
                return;
            }
            body = r.body();
        } catch (IOException e) {
            unreliable = true;
            return;
        }
        thread = Thread.ofVirtual().name("loadtest-events").start(this::read);
    }

    boolean unreliable() {
        return unreliable;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                    if (event.equals("stream.dropped")) {
                        unreliable = true;
                    }
                } else if (line.startsWith("data: ") && "order.updated".equals(event)) {
                    JsonNode order = LoadClient.JSON.readTree(line.substring(6)).get("order");
                    if (order != null) {
                        orders.accept(order);
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (IOException e) {
            // closed, or the service went away: the engine falls back to asking
        }
        unreliable = true;
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        if (thread != null) {
            thread.interrupt();
        }
        client.close();
    }
}
