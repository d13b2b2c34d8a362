package io.nija.server.cli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The everyday commands' view of a running service: JSON over its HTTP API with a bearer token. Any answer other
 * than 2xx, and any failure to reach the service, becomes a {@link ServiceException} whose message a person can act
 * on (the service's own error code and message when it sent one), so the commands only print and exit 1.
 */
public final class ServiceClient {
    /** Decimals stay exact: amounts are printed as the service wrote them, never through a double. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One answer: the raw body (printed as is with --json), its parsed form and the headers the commands use. */
    public record Answer(int status, String raw, JsonNode body, Map<String, String> headers) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    public ServiceClient(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
    }

    public URI base() {
        return base;
    }

    /** GET of a path under the service root (e.g. {@code /api/v1/orders}) with the given query parameters. */
    public Answer get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null, -1);
    }

    /** As {@link #get} but {@code alsoFine} (e.g. /ready's 503) is an answer to show, not a failure. */
    public Answer get(String path, int alsoFine) {
        return send("GET", path, null, alsoFine);
    }

    public Answer post(String path, String body) {
        return send("POST", path, body, -1);
    }

    private Answer send(String method, String pathAndQuery, String body, int alsoFine) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ServiceException("cannot reach the service at " + base + " (connection refused; is `nija-router serve` "
                    + "running there? see --url)");
        } catch (HttpTimeoutException e) {
            throw new ServiceException("the service at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new ServiceException("cannot talk to the service at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new ServiceException("bad service URL " + base + ": " + e.getMessage());
        }
        JsonNode parsed = parse(r.body());
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Answer answer = new Answer(r.statusCode(), r.body(), parsed, headers);
        if (r.statusCode() / 100 != 2 && r.statusCode() != alsoFine) {
            throw new ServiceException(describeError(method, pathAndQuery, answer));
        }
        return answer;
    }

    private static String describeError(String method, String path, Answer a) {
        JsonNode error = a.body() == null ? null : a.body().get("error");
        String what = error != null && error.hasNonNull("code")
                ? error.get("code").asText() + ": " + error.path("message").asText()
                : "HTTP " + a.status();
        String hint = a.status() == 401 ? " (give a valid token with --token or the NIJA_TOKEN environment variable)" : "";
        return method + " " + path.replaceFirst("\\?.*", "") + " answered " + a.status() + " " + what + hint;
    }

    private static JsonNode parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    static String queryString(Map<String, String> query) {
        if (query == null) {
            return "";
        }
        String q = query.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
