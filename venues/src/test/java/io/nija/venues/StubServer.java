package io.nija.venues;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tiny local HTTP server standing in for an exchange in tests: routes by method and path, records every
 * request, answers with canned bodies taken from the exchanges' documented examples. Test code only.
 */
public final class StubServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Recorded(String method, String path, String rawQuery, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public Map<String, String> query() {
            return parse(rawQuery);
        }

        public Map<String, String> form() {
            return parse(body);
        }

        /** Path plus "?query" exactly as received. */
        public String pathAndQuery() {
            return rawQuery == null ? path : path + "?" + rawQuery;
        }
    }

    /** A canned answer; {@link #RESET} closes the connection without answering, {@link #HANG} never answers. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static final Reply RESET = new Reply(-1, Map.of(), "");
        public static final Reply HANG = new Reply(-2, Map.of(), "");

        public static Reply json(String body) {
            return new Reply(200, Map.of(), body);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<Recorded, Reply>> routes = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public StubServer on(String method, String path, Reply reply) {
        return on(method, path, r -> reply);
    }

    public StubServer on(String method, String path, Function<Recorded, Reply> handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public Recorded last(String path) {
        List<Recorded> all = requests();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).path().equals(path)) {
                return all.get(i);
            }
        }
        throw new AssertionError("no request to " + path + " among " + all.stream().map(Recorded::path).toList());
    }

    public long count(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Recorded r = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body);
        requests.add(r);
        Function<Recorded, Reply> route = routes.get(r.method() + " " + r.path());
        Reply reply = route == null ? Reply.status(404, "{\"stub\":\"no route for " + r.method() + " " + r.path() + "\"}")
                : route.apply(r);
        if (reply.status() == -1) {
            ex.close();
            return;
        }
        if (reply.status() == -2) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String part : s.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
