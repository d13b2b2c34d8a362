package io.nija.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * JSON over HTTP/1.1 with at most {@code concurrency} requests (and so connections) in flight: a burst of thousands
 * of requests opened in the same instant makes the server reset connections, and a load generator that opens as
 * many as it likes measures its own queueing.
 */
final class LoadClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, JsonNode body, String raw, long retryAfterSeconds) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final Semaphore inFlight;

    LoadClient(int concurrency) {
        this.inFlight = new Semaphore(concurrency);
    }

    /** Waits for a free connection; the caller sends with {@link #sendHolding} and then {@link #release}s. */
    void acquire() throws InterruptedException {
        inFlight.acquire();
    }

    void release() {
        inFlight.release();
    }

    Reply send(String base, String method, String path, String token, String body) {
        try {
            acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, "interrupted", 1);
        }
        try {
            return sendHolding(base, method, path, token, body);
        } finally {
            release();
        }
    }

    /** Sends while the caller holds a permit. */
    Reply sendHolding(String base, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            String text = r.body();
            if (text != null && (text.startsWith("{") || text.startsWith("["))) {
                try {
                    node = JSON.readTree(text);
                } catch (IOException e) {
                    // not JSON after all
                }
            }
            return new Reply(r.statusCode(), node, text, r.headers().firstValueAsLong("Retry-After").orElse(1));
        } catch (IOException e) {
            return new Reply(0, null, e.toString(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, "interrupted", 1);
        }
    }

    /** Retries 429, 503 and connection failures (after Retry-After, at least a second) until {@code deadlineNanos}. */
    Reply sendRetrying(String base, String method, String path, String token, String body, long deadlineNanos) {
        while (true) {
            Reply r = send(base, method, path, token, body);
            boolean retry = r.status() == 429 || r.status() == 0 || r.status() == 503;
            if (!retry || System.nanoTime() > deadlineNanos) {
                return r;
            }
            try {
                Thread.sleep(1000L * Math.max(1, Math.min(30, r.retryAfterSeconds())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
